"""``objects_insert`` stores what ``bulk_create`` stores, and never gives a new row a used primary key."""

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from events.bulk_load import UNCHANGED, objects_insert
from events.models import Event, EventKind

pytestmark = pytest.mark.django_db


def event(key, kind):
    return Event(
        key=key,
        title="Drone over Galați",
        kind=kind,
        description="",
        status=Event.Status.PUBLISHED,
        published_at=datetime.datetime(2025, 3, 12, 8, 30, tzinfo=datetime.UTC),
        date=datetime.date(2025, 3, 12),
        date_precision=Event.DatePrecision.MONTH,
        latitude=45.4353,
        longitude=28.008,
        geometry={"type": "LineString", "coordinates": [[28.0, 45.4], [28.1, 45.5]]},
        geocode_confidence=None,
        geocode_attempts=2,
        geocode_candidates=[{"name": "Galați", "score": 0.9}],
        border_distance_km=12.5,
        border_zone={"RO-UA": 12.5},
        attributes={"troops": 1700, "note": "ș"},
        staff_edited=True,
        source_id="17",
    )


def stored(key):
    row = Event.objects.filter(key=key).values().get()
    return {name: value for name, value in row.items() if name not in ("id", "key", "created_at", "updated_at")}


def test_the_same_row_as_bulk_create(kinds):
    kind = EventKind.objects.get(slug="drone-sighting")
    before = timezone.now()
    Event.objects.bulk_create([event("by-django", kind)])
    inserted = event("by-insert", kind)
    objects_insert([inserted], Event)

    assert stored("by-insert") == stored("by-django")
    assert inserted.pk == Event.objects.get(key="by-insert").pk and not inserted._state.adding
    assert inserted.created_at >= before and inserted.updated_at >= before  # auto_now fields set, as save() does


def test_every_field_kept_unchanged_sends_its_value_as_it_is(kinds):
    """What ``UNCHANGED`` skips is what ``get_db_prep_save`` returns unchanged, on this database."""
    samples = {str: "Galați", float: 45.4353, bool: True}
    for field in Event._meta.concrete_fields:
        assert field.get_db_prep_save(None, connection) is None, field.name
        kept = UNCHANGED.get(type(field))
        if kept:
            assert field.get_db_prep_save(samples[kept], connection) == samples[kept], field.name


def test_a_deleted_events_key_is_not_given_again(kinds):
    kind = EventKind.objects.get(slug="other")
    first, second = event("first", kind), event("second", kind)
    Event.objects.bulk_create([first, second])
    highest = second.pk
    second.delete()
    again = event("again", kind)

    objects_insert([again], Event)

    assert again.pk > highest


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the catalogs every database shares: PostgreSQL")
def test_a_bulk_load_holds_no_lock_that_other_databases_need():
    """A bare ANALYZE inside the load's transaction locked the shared catalogs until the commit: every other
    database's ANALYZE (another site's import, a test run) waited for this one to finish."""
    from events.bulk_load import bulk_load

    with bulk_load():
        pass
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_locks JOIN pg_class ON pg_class.oid = pg_locks.relation "
            "WHERE pg_locks.pid = pg_backend_pid() AND pg_class.relisshared AND mode <> 'AccessShareLock'"
        )  # reading a catalog (AccessShareLock) blocks no ANALYZE; analysing one does
        assert cursor.fetchone()[0] == 0
