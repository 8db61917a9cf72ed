"""Publishing and unpublishing events: the one home of the status rule.

``Event.published_at`` dates an event in the Atom feed of newly published
events, so every status change goes through here to keep it in step with
``status``: the admin (form and bulk actions), both importers, the event
generator, and the review of proposed events (which imports them as drafts).
"""

from django.utils import timezone

from events.models import Event

STATUS_FIELDS = ["status", "published_at", "updated_at"]


def event_status_apply(event: Event, status: str, *, now=None) -> None:
    """Set ``status`` and stamp ``published_at``; never saves.

    ``published_at`` is when the event *first* went public: publishing again
    (after an edit, or after taking it down to correct it) keeps that time, so
    the feed of newly published events never announces the same event twice.
    """
    event.published_at = first_publication(status, event.published_at, now=now)
    event.status = status


def first_publication(status: str, published_at, *, now=None):
    """When an event with ``status`` was first public: kept once set, stamped ``now`` on first publishing."""
    if status == Event.Status.PUBLISHED and published_at is None:
        return now or timezone.now()
    return published_at


def event_publish(event: Event) -> None:
    """Publish ``event`` and save the change."""
    event_status_apply(event, Event.Status.PUBLISHED)
    event.save(update_fields=STATUS_FIELDS)


def event_unpublish(event: Event, *, status: str = Event.Status.DRAFT) -> None:
    """Take ``event`` off the public map (back to draft, or archived) and save."""
    if status == Event.Status.PUBLISHED:
        raise ValueError("event_unpublish needs a status other than published.")
    event_status_apply(event, status)
    event.save(update_fields=STATUS_FIELDS)


def events_status_change(events, status: str) -> int:
    """Give every event in ``events`` the new ``status``; each is saved (and its history written) on its own."""
    events = list(events)
    for event in events:
        event_status_apply(event, status)
        event.save(update_fields=STATUS_FIELDS)
    return len(events)
