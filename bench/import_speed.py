"""Import speed: rows/s of ``import_events`` next to a raw ``bulk_create`` measured in the same run.

Run from the repository root: ``.venv/bin/python bench/import_speed.py [--rows 1000000]``.
Uses its own SQLite database in a temporary directory (or ``DATABASE_URL`` when set, which
must be a scratch database: events are deleted between runs). Prints rows/s for CSV with
coordinates, CSV with place names (cold and warm geocoder cache), GeoJSON, and raw
``bulk_create``, the ratio of the CSV import to raw ``bulk_create``, and the peak memory
(max RSS) of the process after the million-row CSV import. The imports write their history
rows (one per event); the raw ``bulk_create`` baseline writes none. Both write into the same empty
tables with the same indexes and triggers, and the baseline keeps them all the way; the CSV import,
on SQLite and at 50,000 rows or more, writes with them off and rebuilds them once inside its own
time (``events.importers.service._bulk_loading``), which is part of what it is measured for. Times
are wall-clock on a shared machine: compare the figures of one run with each other, not across runs.
"""

import argparse
import csv
import json
import os
import random
import resource
import shutil
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORK = Path(tempfile.mkdtemp(prefix="mapper-import-bench-"))
os.environ.setdefault("DATABASE_URL", f"sqlite:///{WORK / 'bench.sqlite3'}")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mapper.settings")
os.environ.setdefault("MAPPER_IMPORT_MAX_BYTES", str(4 * 10**9))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from events.importers.service import ImportOptions, import_plan, import_write  # noqa: E402
from events.models import Article, Citation, Event, EventKind  # noqa: E402
from events.services import geometry  # noqa: E402
from events.services.gazetteer_search import gazetteer_cache_clear  # noqa: E402

PLACES = ["Galați", "Tulcea", "Constanța", "Iași", "Suceava", "Bârsana", "Deveselu", "Brăila", "Sibiu", "Cluj-Napoca"]


def rows_write_csv(path, count, *, names):
    start = date(2024, 1, 1)
    random.seed(1)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            ["id", "title", "date", "kind", "place" if names else "latitude", *([] if names else ["longitude"])]
        )
        for n in range(count):
            day = (start + timedelta(days=n % 700)).isoformat()
            where = (
                [PLACES[n % len(PLACES)]]
                if names
                else [f"{random.uniform(43.7, 48.2):.5f}", f"{random.uniform(20.3, 29.6):.5f}"]
            )
            writer.writerow([n, f"Event {n}", day, "other", *where])


def features_write(path, count):
    random.seed(2)
    features = [
        {
            "type": "Feature",
            "id": n,
            "geometry": {"type": "Point", "coordinates": [random.uniform(20.3, 29.6), random.uniform(43.7, 48.2)]},
            "properties": {"name": f"Feature {n}", "date": "2025-03-12"},
        }
        for n in range(count)
    ]
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")


def events_clear():
    """Empty the scratch tables with plain DELETEs: ``QuerySet.delete()`` would load every event into memory
    and write a history row for each (django-simple-history listens to deletes), which at a million
    events took longer than the benchmark itself and gigabytes of memory."""
    with connection.cursor() as cursor:
        for model in (Citation, Event, Article):
            for table in (model._meta.db_table, model.history.model._meta.db_table):
                cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")


def timed_import(path, **options):
    events_clear()
    began = time.perf_counter()
    plan = import_plan([path], ImportOptions(**options))
    counts = import_write(plan)
    seconds = time.perf_counter() - began
    assert counts["created"] == plan.files[0].rows, counts
    assert Event.history.count() == counts["created"], "one history row per event"
    return counts["created"] / seconds


def raw_bulk_create(count):
    events_clear()
    kind = EventKind.objects.get(slug="other")
    random.seed(1)
    began = time.perf_counter()
    with transaction.atomic():
        batch = []
        for n in range(count):
            batch.append(
                Event(
                    key=f"raw-{n}",
                    title=f"Event {n}",
                    kind=kind,
                    date=date(2024, 1, 1),
                    latitude=random.uniform(43.7, 48.2),
                    longitude=random.uniform(20.3, 29.6),
                )
            )
            if len(batch) == 2000:
                Event.objects.bulk_create(batch)
                batch = []
        Event.objects.bulk_create(batch)
    return count / (time.perf_counter() - began)


def _load() -> str:
    return ", ".join(f"{value:.1f}" for value in os.getloadavg())


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="rows of the CSV with coordinates")
    parser.add_argument("--named-rows", type=int, default=100_000, help="rows of the CSV with place names")
    parser.add_argument("--features", type=int, default=100_000, help="features of the GeoJSON file")
    args = parser.parse_args()

    load_start = _load()
    call_command("migrate", verbosity=0)
    call_command("loaddata", "event_kinds", verbosity=0)
    database = django.db.connection.vendor

    coordinates, named, geojson = WORK / "coordinates.csv", WORK / "names.csv", WORK / "features.geojson"
    rows_write_csv(coordinates, args.rows, names=False)
    rows_write_csv(named, args.named_rows, names=True)
    features_write(geojson, args.features)

    geometry.events_facts_compute([Event(latitude=45.0, longitude=28.0)])  # load the boundaries first
    baseline_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    csv_rate = timed_import(coordinates)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    raw_rate = raw_bulk_create(args.rows)
    call_command("load_gazetteer", "--countries", "RO", "--if-empty", verbosity=0)  # for the place names
    gazetteer_cache_clear()
    cold = timed_import(named)
    warm = timed_import(named)
    geojson_rate = timed_import(geojson)
    events_clear()

    print(f"database: {database}; {args.rows:,} rows with coordinates, {args.named_rows:,} with place names")
    print(f"load average (1, 5, 15 min) at the start: {load_start}; at the end: {_load()}")
    print(f"CSV with coordinates:        {csv_rate:10,.0f} rows/s  (with one history row per event)")
    print(f"raw bulk_create (baseline):  {raw_rate:10,.0f} rows/s  (indexes and triggers on, no history)")
    print(f"  ratio CSV import / raw:    {csv_rate / raw_rate:10.2f}  (target >= 0.50)")
    print(f"CSV with place names, cold:  {cold:10,.0f} rows/s")
    print(f"CSV with place names, warm:  {warm:10,.0f} rows/s")
    print(f"GeoJSON ({args.features:,} features): {geojson_rate:10,.0f} rows/s")
    print(f"peak memory (max RSS) after the {args.rows:,}-row CSV import: {peak_mb:,.0f} MB")
    print(f"  (before it, after loading Django and the boundaries: {baseline_mb:,.0f} MB)")
    shutil.rmtree(WORK, ignore_errors=True)


if __name__ == "__main__":
    main()
