"""A large import on SQLite writes with the indexes and triggers off and rebuilds them once: the archive it
leaves (cluster and day counts, search index, indexes, triggers) is the one the row-by-row path leaves, and
an import that fails half-way leaves nothing, the dropped indexes and triggers included."""

import pytest
from django.db import connection

from events.importers import service
from events.models import Event, EventCell, EventDay
from events.text_search import text_condition

pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the bulk path is SQLite's only (docs/importer.md)"
)

ROWS = "".join(
    f"{n},Drone over {place},{day},{kind},{latitude},{longitude},{place}\n"
    for n, (place, day, kind, latitude, longitude) in enumerate(
        [
            ("Galați", "2025-03-12", "drone-sighting", 45.4353, 28.008),
            ("Tulcea", "2025-03-12", "drone-sighting", 45.1716, 28.7914),
            ("Tulcea", "2025-03-13", "other", 45.1716, 28.7914),
            ("Izmail", "", "other", 45.3517, 28.8365),
            ("Constanța", "2025-04", "military-base", 44.1733, 28.6383),
        ]
        * 4
    )
)
CSV = "id,title,date,kind,latitude,longitude,place\n" + ROWS


def archive():
    """What the import leaves, named by event key (ids differ from one run to the next)."""
    keys = dict(Event.objects.values_list("pk", "key"))
    cells = sorted(
        (c.level, c.cell_x, c.cell_y, c.kind_id, c.count, keys[c.first_pk], round(c.lon_sum, 6), round(c.west, 6))
        for c in EventCell.objects.all()
    )
    days = sorted(EventDay.objects.values_list("day", "kind_id", "count"))
    found = {
        word: sorted(Event.objects.filter(text_condition(word)).values_list("key", flat=True))
        for word in ("tulcea", "drone galati")
    }
    with connection.cursor() as cursor:
        cursor.execute("SELECT type, name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') ORDER BY name")
        schema = cursor.fetchall()
    return cells, days, found, schema, Event.history.count()


def events_delete():
    """Back to an empty archive, through the triggers (a plain DELETE of the events and their history)."""
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM events_event")
        cursor.execute("DELETE FROM events_historicalevent")


def test_the_bulk_path_leaves_the_archive_the_row_by_row_path_leaves(run_import, monkeypatch):
    monkeypatch.setattr(service, "BULK_MIN_ROWS", 10**9)
    run_import("drones.csv", CSV, status="published")
    by_rows = archive()
    events_delete()
    monkeypatch.setattr(service, "BULK_MIN_ROWS", 1)
    loads = []
    monkeypatch.setattr(service, "bulk_load", lambda **kw: loads.append(kw) or bulk_load(**kw))

    _, counts = run_import("drones.csv", CSV, status="published")

    assert loads, "the bulk path was taken"
    assert counts["created"] == 20
    assert archive() == by_rows
    assert by_rows[0] and by_rows[1] and by_rows[2]["tulcea"], "the comparison is not of empty tables"


def test_a_failed_bulk_import_leaves_nothing_and_puts_the_indexes_and_triggers_back(run_import, monkeypatch):
    run_import("before.csv", CSV.splitlines()[0] + "\n" + ROWS.splitlines()[0] + "\n", status="published")
    before = archive()
    monkeypatch.setattr(service, "BULK_MIN_ROWS", 1)
    monkeypatch.setattr(service, "BATCH", 5)
    written = []

    def write_then_fail(*args, **kwargs):
        if written:
            raise RuntimeError("the disk is full")
        written.append(write_batch(*args, **kwargs))

    monkeypatch.setattr(service, "_write_batch", write_then_fail)
    with pytest.raises(RuntimeError, match="the disk is full"):
        run_import("drones.csv", CSV, status="published")

    assert written, "a batch was written before the failure"
    assert Event.objects.count() == 1
    assert archive() == before


def test_a_small_import_or_one_smaller_than_the_archive_keeps_the_indexes(run_import, monkeypatch):
    loads = []
    monkeypatch.setattr(service, "bulk_load", lambda **kw: loads.append(kw) or bulk_load(**kw))
    run_import("drones.csv", CSV)  # 20 rows, fewer than BULK_MIN_ROWS
    monkeypatch.setattr(service, "BULK_MIN_ROWS", 1)
    run_import("again.csv", CSV)  # 20 rows, not more than the 20 events (and 20 history rows) stored

    assert loads == []


bulk_load = service.bulk_load
write_batch = service._write_batch
