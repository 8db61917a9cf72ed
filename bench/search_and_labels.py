"""Search through the gazetteer and the offline labels, on the database DATABASE_URL names, with baselines.

    DATABASE_URL=postgres://…/mapper python bench/search_and_labels.py [--repeat 5]

Run it on an archive made with ``load_gazetteer`` and ``generate_events --count N``. For each search
it times the list's first page and its total as the map asks for them (``events_page``), then the same
words with the gazetteer expansion switched off (the search before it: the baseline in this run), and
prints both with their ratio. For the labels it times ``labels_in_view`` for a country view at zooms 4
(countries only: the baseline), 5, 7 and 9. Median of ``--repeat`` runs, in milliseconds.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mapper.settings")

SEARCHES = ["kishinev", "chisinau", "galati", "odesa drone", "sighted"]
COUNTRY_VIEW = (20.0, 43.5, 30.0, 48.5)


def median_ms(call, repeat):
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="Runs per figure (the median is printed; default 5).")
    args = parser.parse_args()
    import django

    django.setup()
    from django.db import connection

    from events import text_search
    from events.event_list import events_page
    from events.models import Event
    from events.selectors import EventFilter
    from events.services.map_labels import labels_in_view

    print(f"{connection.vendor}, {Event.objects.count():,} events")
    print(f"{'search':<14}{'expanded ms':>12}{'total':>9}{'baseline ms':>13}{'total':>9}{'ratio':>7}")
    for q in SEARCHES:
        params = EventFilter(q=q)
        page = lambda params=params: events_page(params, 0, 50, str)  # noqa: E731
        expanded_total = page()["total"]
        expanded = median_ms(page, args.repeat)
        with mock.patch.object(text_search, "place_spellings", return_value={}):
            baseline_total = page()["total"]
            baseline = median_ms(page, args.repeat)
        ratio = expanded / baseline
        print(f"{q:<14}{expanded:>12.1f}{expanded_total:>9,}{baseline:>13.1f}{baseline_total:>9,}{ratio:>7.2f}")

    print(f"\n{'labels, zoom':<14}{'ms':>8}{'names':>8}")
    for zoom in (4, 5, 7, 9):
        answer = labels_in_view(COUNTRY_VIEW, zoom)
        names = len(answer["countries"]) + len(answer["settlements"])
        took = median_ms(lambda zoom=zoom: labels_in_view(COUNTRY_VIEW, zoom), args.repeat)
        print(f"{zoom:<14}{took:>8.1f}{names:>8}")


if __name__ == "__main__":
    main()
