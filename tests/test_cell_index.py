"""The precomputed cluster counts: kept by triggers through any write, equal to a full recount."""

import datetime

import pytest
from django.apps import apps
from django.db import connection

from events.apps import derived_tables_after_migrate
from events.cell_index import CELLS, MONTH_CELLS, cell_index_rebuild
from events.models import Event, EventCell, EventCellMonth, EventKind
from events.services.generating import events_generate


def cells():
    tables = []
    for model, key in ((EventCell, ()), (EventCellMonth, ("month",))):
        rows = model.objects.values_list("level", "cell_x", "cell_y", "kind_id", *key, "count", "first_pk")
        extents = model.objects.values_list("west", "south", "east", "north")
        tables += [sorted(rows), sorted(tuple(round(v, 9) for v in extent) for extent in extents)]
    return tables


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
    Event.objects.filter(pk__in=ids[450:500]).update(date=None)  # to the undated month and back to dated ones
    Event.objects.filter(pk__in=ids[500:550], date__isnull=True).update(date=datetime.date(2022, 2, 28))
    with connection.cursor() as cursor:  # raw SQL, past the ORM: a month later, and a published draft
        cursor.execute("UPDATE events_event SET date = '2023-03-01' WHERE id BETWEEN %s AND %s", [ids[550], ids[599]])
        cursor.execute("UPDATE events_event SET status = 'published' WHERE id BETWEEN %s AND %s", [ids[200], ids[229]])
    kept = cells()
    cell_index_rebuild()
    assert kept == cells()
    assert sum(EventCell.objects.filter(level=5).values_list("count", flat=True)) == published.count()
    assert sum(EventCellMonth.objects.filter(level=3).values_list("count", flat=True)) == published.count()


@pytest.mark.django_db(transaction=True)
def test_the_post_migrate_handler_puts_back_dropped_triggers_and_recounts(kinds):
    events_generate(100, seed=3, gazetteer=False)
    with connection.cursor() as cursor:
        suffix = " ON events_event" if connection.vendor == "postgresql" else ""
        for name in CELLS.triggers + MONTH_CELLS.triggers:
            cursor.execute(f"DROP TRIGGER {name}{suffix}")
    Event.objects.filter(status="published").update(status="archived")  # unseen by the dropped triggers
    derived_tables_after_migrate(app_config=apps.get_app_config("events"), using="default")  # as migrate does
    assert not EventCell.objects.exists() and not EventCellMonth.objects.exists()
    Event.objects.filter(status="archived").update(status="published")
    assert EventCell.objects.filter(level=2).exists() and EventCellMonth.objects.filter(level=2).exists()
