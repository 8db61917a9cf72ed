"""Gazetteer load time, lookup rate and memory.

    .venv/bin/python bench/gazetteer_speed.py [--countries RO,UA,MD]

Loads the gazetteer into a fresh SQLite file (the world unless --countries),
then, in a process like a web worker, times lookups: cold (each name asked once,
straight from the indexed tables), the real lookup path again with the in-process
cache emptied (database pages warm), and a cache hit (the same names again, as
repeated names in articles are), each beside the cold figure as its baseline, and
prints the process's peak memory.
"""

import argparse
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def load_timed(database_url, countries):
    env = {**os.environ, "DATABASE_URL": database_url}
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], check=True, env=env, cwd=ROOT)
    extra = ["--countries", countries] if countries else []
    started = time.perf_counter()
    subprocess.run([*manage, "load_gazetteer", "-v0", *extra], check=True, env=env, cwd=ROOT)
    return time.perf_counter() - started


def lookups_timed(names):
    from events.services.geocoding import place_search

    started = time.perf_counter()
    answered = sum(bool(place_search(name, hint)) for name, hint in names)
    return len(names) / (time.perf_counter() - started), answered


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--countries", default="", help="Load only these ISO codes, e.g. RO,UA,MD.")
    parser.add_argument("--names", type=int, default=2000, help="How many distinct names to look up.")
    args = parser.parse_args()
    directory = tempfile.mkdtemp(prefix="mapper-bench-")
    database_url = f"sqlite:///{directory}/bench.sqlite3"
    seconds = load_timed(database_url, args.countries)
    scope = args.countries or "world"
    print(f"gazetteer load ({scope}): {seconds:.1f} s (a fresh process: start, read, write; no migrations)")

    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mapper.settings")
    import django

    django.setup()
    from django.db.models import Max

    from events.models import Place

    top_id = Place.objects.aggregate(top=Max("id"))["top"]
    random.seed(1)
    ids = random.sample(range(1, top_id + 1), min(args.names, top_id))
    sample = list(Place.objects.filter(pk__in=ids).values_list("name", "country_code"))
    print(f"places: {Place.objects.count()}; sample of {len(sample)} names")
    from events.services.gazetteer_search import gazetteer_cache_clear

    cold_rate, answered = lookups_timed(sample)
    hit_rate, _ = lookups_timed(sample)  # every answer now comes from the in-process cache
    gazetteer_cache_clear()
    lookup_rate, _ = lookups_timed(sample)  # the full lookup path again, on warm database pages
    print(f"cold lookups (indexed tables, each name once): {cold_rate:,.0f} names/s ({answered}/{len(sample)} found)")
    print(
        f"repeat lookups, in-process cache emptied (the real path, warm pages): {lookup_rate:,.0f} names/s"
        f" ({lookup_rate / cold_rate:.1f}x cold, the baseline)"
    )
    print(
        f"cache hits (the same names again, answered from the in-process cache): {hit_rate:,.0f} names/s"
        f" ({hit_rate / cold_rate:.0f}x cold): what a repeated name in one article costs, not a lookup"
    )
    misspelled = [(name[:-1] + "x", code) for name, code in sample[:100] if len(name) >= 8]
    fuzzy_rate, _ = lookups_timed(misspelled)
    print(
        f"fuzzy lookups (misspelled, country hint, first time): {fuzzy_rate:,.0f} names/s"
        f" ({fuzzy_rate / cold_rate:.2f}x cold)"
    )
    lookups_timed([("Bucharestt", ""), ("Cimbia Turzii", "RO")])  # fills the worldwide and Romanian fuzzy pools
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory of this lookup process, fuzzy pools included (RSS): {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
