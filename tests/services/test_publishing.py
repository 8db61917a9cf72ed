"""Publishing keeps published_at in step with status, which dates events in the feed."""

import datetime

import pytest
from django.utils import timezone

from events.models import Event
from events.services.publishing import event_publish, event_status_apply, event_unpublish


def test_publish_stamps_the_time_and_unpublish_takes_the_event_off_the_map(make_event):
    event = make_event(status=Event.Status.DRAFT)
    assert event.published_at is None

    event_publish(event)
    event.refresh_from_db()
    assert event.status == Event.Status.PUBLISHED
    assert abs(event.published_at - timezone.now()) < datetime.timedelta(seconds=5)

    event_unpublish(event, status=Event.Status.ARCHIVED)
    event.refresh_from_db()
    assert event.status == Event.Status.ARCHIVED
    assert not Event.objects.published().filter(pk=event.pk).exists()


def test_publishing_again_keeps_the_first_time(make_event):
    """An edit to a published event does not bring it back to the top of the feed."""
    event = make_event(status=Event.Status.DRAFT)
    first = timezone.now() - datetime.timedelta(days=3)
    event_status_apply(event, Event.Status.PUBLISHED, now=first)

    event_status_apply(event, Event.Status.PUBLISHED)

    assert event.published_at == first


def test_unpublish_refuses_to_publish(make_event):
    with pytest.raises(ValueError, match="other than published"):
        event_unpublish(make_event(), status=Event.Status.PUBLISHED)
