"""Search through the gazetteer and the offline labels, on the database DATABASE_URL names, with baselines.

    DATABASE_URL=postgres://…/mapper python bench/search_and_labels.py [--repeat 5]

Run it on an archive made with ``load_gazetteer`` and ``generate_events --count N``. For each search
it times the list's first page and its total as the map asks for them (``events_page``, ranked by its
score): with the gazetteer spellings cached (the usual case: a search asked before), with the cache
emptied before every run (the first time a search is asked), then the same words with the gazetteer
expansion switched off (the search before it: the baseline in this run), and prints the ratios of the
cached and the uncached figures to the baseline. "unranked ms" is the cached search without the score
(newest first only): what the ranking costs. For the labels it times ``labels_in_view`` for a country
view at zooms 4 (countries only: the baseline), 5, 7 and 9. Median of ``--repeat`` runs, in milliseconds.
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

    from events import event_list, text_search
    from events.event_list import events_page
    from events.models import Event
    from events.selectors import EventFilter
    from events.services.map_labels import labels_in_view

    print(f"{connection.vendor}, {Event.objects.count():,} events")
    print(
        f"{'search':<14}{'cached ms':>10}{'uncached ms':>12}{'unranked ms':>12}{'total':>9}{'baseline ms':>13}"
        f"{'total':>9}{'cached ratio':>14}{'uncached ratio':>16}"
    )
    for q in SEARCHES:
        params = EventFilter(q=q)
        page = lambda params=params: events_page(params, 0, 50, str)  # noqa: E731

        def uncached_page(page=page):
            text_search._place_spellings.cache_clear()
            return page()

        expanded_total = page()["total"]
        cached = median_ms(page, args.repeat)
        uncached = median_ms(uncached_page, args.repeat)
        with mock.patch.object(event_list, "text_relevance", return_value=()):
            unranked = median_ms(page, args.repeat)
        with mock.patch.object(text_search, "place_spellings", return_value={}):
            baseline_total = page()["total"]
            baseline = median_ms(page, args.repeat)
        print(
            f"{q:<14}{cached:>10.1f}{uncached:>12.1f}{unranked:>12.1f}{expanded_total:>9,}{baseline:>13.1f}"
            f"{baseline_total:>9,}"
            f"{cached / baseline:>14.2f}{uncached / baseline:>16.2f}"
        )

    print(f"\n{'labels, zoom':<14}{'ms':>8}{'names':>8}")
    for zoom in (4, 5, 7, 9):
        answer = labels_in_view(COUNTRY_VIEW, zoom)
        names = len(answer["countries"]) + len(answer["settlements"])
        took = median_ms(lambda zoom=zoom: labels_in_view(COUNTRY_VIEW, zoom), args.repeat)
        print(f"{zoom:<14}{took:>8.1f}{names:>8}")


if __name__ == "__main__":
    main()
