"""The data version moves on with every write path, and only once the write is committed."""

import datetime

import pytest
from django.core.management import call_command
from django.db import transaction

from events.models import Article, Citation, Event, EventKind
from events.services.data_version import data_version, data_version_is_pending
from events.services.history import bulk_create_logged
from events.services.importing import article_import
from tests.services.test_importing import source


def changes_version(committed, write) -> bool:
    before = data_version()
    committed(write)
    after = data_version()
    assert not data_version_is_pending(after)
    return before != after


def test_the_version_is_stable_while_nothing_is_written(db, shared_cache):
    assert data_version() == data_version()


def test_an_uncommitted_write_gives_its_own_connection_a_pending_version(make_event, shared_cache):
    make_event()
    first, second = data_version(), data_version()
    assert data_version_is_pending(first) and first != second  # never a cache key


def test_a_rolled_back_write_leaves_the_version_alone(make_event, committed, shared_cache):
    committed()  # the fixtures' own writes
    before = data_version()
    with pytest.raises(RuntimeError), transaction.atomic():
        make_event()
        raise RuntimeError("roll back")
    assert data_version() == before


def _event(make_event):
    return make_event(date=datetime.date(2024, 5, 1))


WRITES = {
    "event save": lambda event: event.save(),
    "event delete": lambda event: event.delete(),
    "queryset delete": lambda event: Event.objects.filter(pk=event.pk).delete(),
    "queryset update": lambda event: Event.objects.filter(pk=event.pk).update(title="Renamed"),
    "bulk_update": lambda event: Event.objects.bulk_update([event], ["title"]),
    "bulk_create": lambda event: Event.objects.bulk_create(
        [Event(key="bulk-1", title="Bulk", kind=event.kind, status=Event.Status.PUBLISHED)]
    ),
    "bulk_create_logged (the table import's insert, no signals)": lambda event: bulk_create_logged(
        [Event(key="bulk-2", title="Bulk", kind=event.kind, status=Event.Status.PUBLISHED)], Event, reason="test"
    ),
    "article save": lambda event: Article.objects.get().save(),
    "article delete (cascades to citations)": lambda event: Article.objects.get().delete(),
    "citation update": lambda event: Citation.objects.update(quote="Changed"),
    "kind update": lambda event: EventKind.objects.filter(pk=event.kind_id).update(colour="#000000"),
}


@pytest.mark.parametrize("write", WRITES.values(), ids=WRITES.keys())
def test_every_model_write_bumps_the_version(make_event, committed, write, shared_cache):
    event = _event(make_event)
    committed()  # the fixture's own writes are committed first
    assert changes_version(committed, lambda: write(event))


def test_an_update_that_matches_nothing_keeps_the_version(make_event, committed):
    _event(make_event)
    committed()
    assert not changes_version(committed, lambda: Event.objects.filter(pk=-1).update(title="x"))


def test_the_importer_bumps_the_version(importer_ready, committed):
    assert changes_version(committed, lambda: article_import([source("good.json")]))


def test_recompute_geometry_bumps_the_version(make_event, committed):
    event = _event(make_event)
    Event.objects.filter(pk=event.pk).update(country_code="", border_country="", border_distance_km=None)
    committed()
    assert changes_version(committed, lambda: call_command("recompute_geometry", verbosity=0))
    event.refresh_from_db()
    assert event.country_code == "RO"  # it did write (through bulk_update)


def test_loaddata_bumps_the_version(db, committed):
    assert changes_version(committed, lambda: call_command("loaddata", "event_kinds", verbosity=0))
