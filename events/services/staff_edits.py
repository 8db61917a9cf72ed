"""What a staff member's edit of an event implies, whichever admin page saved it.

The edit marks the event ``staff_edited`` (so a re-import never overwrites it without
``--overwrite``), stamps the status through ``publishing``, records where a changed
point came from, and either recomputes the facts at once or, when the event needs the
geocoder (which may go online), queues it for a background task after the commit.
"""

from functools import partial

from django.db import transaction

from events import tasks
from events.services import locating, publishing


def event_staff_edit(event, *, status_changed: bool, point_changed: bool, picked=None) -> None:
    """Prepare ``event`` for the admin's save; never saves, never calls a geocoder."""
    event.staff_edited = True
    if status_changed:
        publishing.event_status_apply(event, event.status)
    if point_changed:
        locating.point_origin_record(event, picked)
    if locating.event_needs_geocoding(event):
        locating.event_geocoding_queue(event)
    else:
        locating.event_locate(event)  # facts only: nothing slow inside the admin's transaction


def event_staff_edit_saved(event) -> None:
    """After the save: a worker geocodes the event once the admin's transaction commits."""
    if locating.event_needs_geocoding(event):
        transaction.on_commit(partial(tasks.event_locate_task.enqueue, event.pk))
