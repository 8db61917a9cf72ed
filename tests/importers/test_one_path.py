"""The table importer stamps publication through ``publishing``, as every other door does."""

from events.models import Event
from events.services import publishing


def test_the_table_importer_stamps_publication_through_publishing(run_import, spy):
    calls = spy(publishing, "event_status_apply")
    run_import("d.csv", "title,lat,lon\nA,45,28\n", status="published")
    [event] = Event.objects.all()
    assert [e.title for e in calls] == ["A"] and event.published_at is not None
