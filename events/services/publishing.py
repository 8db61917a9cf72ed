"""Publishing and unpublishing events.

``Event.published_at`` dates an event in the Atom feed of newly published
events, so every status change (admin, importer, actions) goes through here to
keep it in step with ``status``.
"""

from django.utils import timezone

from events.models import Event


def event_status_apply(event: Event, status: str, *, now=None) -> None:
    """Set ``status`` and stamp ``published_at``; never saves.

    ``published_at`` is when the event *first* went public: publishing again
    (after an edit, or after taking it down to correct it) keeps that time, so
    the feed of newly published events never announces the same event twice.
    """
    if status == Event.Status.PUBLISHED and event.published_at is None:
        event.published_at = now or timezone.now()
    event.status = status


def event_publish(event: Event) -> None:
    """Publish ``event`` and save the change."""
    event_status_apply(event, Event.Status.PUBLISHED)
    event.save(update_fields=["status", "published_at", "updated_at"])


def event_unpublish(event: Event, *, status: str = Event.Status.DRAFT) -> None:
    """Take ``event`` off the public map (back to draft, or archived) and save."""
    if status == Event.Status.PUBLISHED:
        raise ValueError("event_unpublish needs a status other than published.")
    event_status_apply(event, status)
    event.save(update_fields=["status", "published_at", "updated_at"])
