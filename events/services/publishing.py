"""Publishing: moving an event between draft, published and archived.

Every door (admin actions, the admin form, the API) goes through these so that
``published_at`` means the same thing everywhere: when the event first went public.
Never saves; the caller saves.
"""

from django.utils import timezone

from events.models import Event


def event_publish(event: Event) -> None:
    """Make the event public; the first publication time is kept."""
    event.status = Event.Status.PUBLISHED
    if event.published_at is None:
        event.published_at = timezone.now()


def event_unpublish(event: Event) -> None:
    """Take the event off the public map, back to draft."""
    event.status = Event.Status.DRAFT


def event_archive(event: Event) -> None:
    """Keep the event for the record but off the public map."""
    event.status = Event.Status.ARCHIVED
