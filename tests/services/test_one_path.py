"""Each door (admin form, admin actions, importers, generator, commands, tasks) goes through the service
that owns the rule: status changes through ``publishing``, staff edits through ``staff_edits``, location
changes through ``locating``. A spy wraps the real service, so the behaviour is the real one."""

import json

from django.core.management import call_command

from events import tasks
from events.models import Event
from events.services import generating, locating, publishing
from events.services.importing import article_import
from tests.conftest import ARTICLE_DATA


def test_the_article_importer_stamps_publication_through_publishing(importer_ready, spy):
    calls = spy(publishing, "event_status_apply")
    path = ARTICLE_DATA / "good.json"
    article_import([(path.name, path.read_text(encoding="utf-8"))])
    assert {e.key for e in calls} == set(Event.objects.values_list("key", flat=True)) != set()


def test_the_generator_stamps_publication_through_publishing(kinds, spy):
    calls = spy(publishing, "first_publication")
    generating.events_generate(20, seed=3, gazetteer=False)
    # Once per status the archive holds (the stamp is the same for every row of one status), never by hand.
    assert sorted(calls) == sorted(set(Event.objects.values_list("status", flat=True)))
    assert all(e.published_at is not None for e in Event.objects.published())


def test_the_geocode_events_command_locates_through_locating(pending_event, gazetteer, spy):
    calls = spy(locating, "event_locate")
    event = pending_event("Bârsana")
    call_command("geocode_events", verbosity=0)
    assert [e.pk for e in calls] == [event.pk]


def test_the_tasks_locate_through_locating(pending_event, gazetteer, spy):
    calls = spy(locating, "event_locate")
    first, second = pending_event("Bârsana"), pending_event("Deveselu")
    tasks.event_locate_task.call(first.pk)
    tasks.events_relocate_task.call([second.pk])
    assert [e.pk for e in calls] == [first.pk, second.pk]
    assert set(Event.objects.values_list("geocode_status", flat=True)) == {"ok"}


def test_the_review_of_proposals_imports_drafts_through_publishing(importer_ready, spy):
    """A review decision becomes an article-file record with status "draft": the importer's door."""
    calls = spy(publishing, "event_status_apply")
    data = json.loads((ARTICLE_DATA / "good.json").read_text(encoding="utf-8"))
    for record in data["events"]:
        record["status"] = "draft"
    article_import([("review.json", json.dumps(data))])
    assert calls and all(e.status == "draft" and e.published_at is None for e in calls)
