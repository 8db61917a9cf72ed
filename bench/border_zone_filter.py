"""How fast "within 30 km of Ukraine's borders" filters in SQL, against filters on plain indexed columns.

    .venv/bin/python bench/border_zone_filter.py [--events 200000] [--database-url postgres://…]

Fills a fresh database (a temporary SQLite file unless --database-url) with
random published events around Romania, Ukraine and Moldova, their facts computed
as recompute_geometry does, then times the API's selector counting matches for
``near_border=UA&within_km=30`` (a JSON key in SQL), ``near_border=RO-UA``, and
two baselines measured in the same run: ``within_km=30`` (an indexed float
column) and a bbox (indexed latitude/longitude).
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BATCH = 5000


def events_fill(count: int) -> None:
    import numpy as np

    from events.models import Event, EventKind
    from events.services.geometry import events_facts_compute

    kind, _ = EventKind.objects.get_or_create(slug="other", defaults={"name": "Other"})
    rng = np.random.default_rng(42)
    lons, lats = rng.uniform(20, 40, count), rng.uniform(43, 53, count)
    for start in range(0, count, BATCH):
        batch = [
            Event(
                key=f"bench-{i}", title=f"Event {i}", kind=kind, status="published", latitude=lats[i], longitude=lons[i]
            )
            for i in range(start, min(start + BATCH, count))
        ]
        events_facts_compute(batch)
        Event.objects.bulk_create(batch)


def timed_count(query: dict, repeats: int = 5) -> tuple[float, int]:
    from django.http import QueryDict
    from django.utils.http import urlencode

    from events.selectors import EventFilter, events_public

    params = EventFilter.from_query(QueryDict(urlencode(query)))
    best, found = float("inf"), 0
    for _ in range(repeats):
        started = time.perf_counter()
        found = events_public(params).count()
        best = min(best, time.perf_counter() - started)
    return best, found


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=200_000)
    parser.add_argument("--database-url", default="", help="Default: a fresh temporary SQLite file.")
    args = parser.parse_args()
    database_url = args.database_url or f"sqlite:///{tempfile.mkdtemp(prefix='mapper-bench-')}/bench.sqlite3"
    env = {**os.environ, "DATABASE_URL": database_url}
    subprocess.run([sys.executable, str(ROOT / "manage.py"), "migrate", "-v0"], check=True, env=env, cwd=ROOT)
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mapper.settings")
    import django

    django.setup()
    from events.models import Event

    Event.objects.filter(key__startswith="bench-").delete()
    started = time.perf_counter()
    events_fill(args.events)
    seconds, engine = time.perf_counter() - started, database_url.split(":")[0]
    print(f"{args.events:,} events with their facts written in {seconds:.1f} s ({engine})")
    baseline = None
    for label, query in [
        ("within_km=30 (indexed column; baseline)", {"within_km": "30"}),
        ("bbox=26,45,30,48 (indexed lat/lon)", {"bbox": "26,45,30,48"}),
        ("near_border=UA&within_km=30 (JSON key)", {"near_border": "UA", "within_km": "30"}),
        ("near_border=RO-UA&within_km=30 (JSON key)", {"near_border": "RO-UA", "within_km": "30"}),
    ]:
        seconds, found = timed_count(query)
        baseline = baseline or seconds
        print(f"  {label}: {found:,} events in {seconds * 1000:.0f} ms ({seconds / baseline:.1f}x the baseline)")


if __name__ == "__main__":
    main()
