"""The precomputed cluster counts: kept by triggers through any write, equal to a full recount."""

import pytest
from django.core.management import call_command
from django.db import connection

from events.cell_index import cell_index_rebuild
from events.models import Event, EventCell, EventKind
from events.services.generating import events_generate


def cells():
    rows = EventCell.objects.values_list("level", "cell_x", "cell_y", "kind_id", "count", "first_pk")
    extents = EventCell.objects.values_list("west", "south", "east", "north")
    return sorted(rows), sorted(tuple(round(v, 9) for v in extent) for extent in extents)


def test_counts_after_statement_wide_writes_equal_a_recount(kinds):
    events_generate(800, seed=8, gazetteer=False)
    published = Event.objects.filter(status="published", latitude__isnull=False).order_by("pk")
    ids = list(published.values_list("pk", flat=True))
    Event.objects.filter(pk__in=ids[:200]).delete()  # one statement: PostgreSQL fires row triggers after it
    Event.objects.filter(pk__in=ids[200:300]).update(status="draft")
    Event.objects.filter(pk__in=ids[300:400]).update(kind=EventKind.objects.get(slug="other"))
    for event in Event.objects.filter(pk__in=ids[400:450]):
        event.latitude, event.longitude = event.latitude + 1.3, event.longitude - 2.1
        event.save()
    kept = cells()
    cell_index_rebuild()
    assert kept == cells()
    assert sum(EventCell.objects.filter(level=5).values_list("count", flat=True)) == published.count()


@pytest.mark.django_db(transaction=True)
def test_migrate_puts_back_dropped_triggers_and_recounts(kinds):
    events_generate(100, seed=3, gazetteer=False)
    with connection.cursor() as cursor:
        suffix = " ON events_event" if connection.vendor == "postgresql" else ""
        for name in ("events_cell_insert", "events_cell_delete", "events_cell_update"):
            cursor.execute(f"DROP TRIGGER {name}{suffix}")
    Event.objects.filter(status="published").update(status="archived")  # unseen by the dropped triggers
    call_command("migrate", verbosity=0)
    assert not EventCell.objects.exists()
    Event.objects.filter(status="archived").update(status="published")
    assert EventCell.objects.filter(level=2).exists()
