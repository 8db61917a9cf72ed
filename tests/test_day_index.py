"""The timeline's stored day counts: kept by triggers through any write, equal to a recount and to brute force."""

import datetime
from collections import Counter

from events.day_index import day_index_rebuild
from events.models import Event, EventDay, EventKind
from events.services.generating import events_generate
from tests.brute_force import matching_events

HISTOGRAM = "/api/events/histogram/"


def days():
    return sorted(EventDay.objects.values_list("day", "kind_id", "count"))


def writes_of_every_kind():
    """Statement-wide deletes and updates, a save, a date moved, undated made dated and back."""
    ids = list(Event.objects.filter(status="published").order_by("pk").values_list("pk", flat=True))
    Event.objects.filter(pk__in=ids[:150]).delete()
    Event.objects.filter(pk__in=ids[150:250]).update(status="draft")
    Event.objects.filter(pk__in=ids[250:350]).update(kind=EventKind.objects.get(slug="other"))
    Event.objects.filter(pk__in=ids[350:400]).update(date=None)
    Event.objects.filter(status="draft", pk__in=ids[150:200]).update(status="published", date=datetime.date(2021, 2, 3))
    for event in Event.objects.filter(pk__in=ids[400:430]):
        event.date = datetime.date(2020, 1, 15)
        event.save()


def test_day_counts_after_every_write_equal_a_recount(kinds):
    events_generate(900, seed=12, gazetteer=False)
    writes_of_every_kind()
    kept = days()
    day_index_rebuild()
    assert kept == days()


def test_the_histogram_from_stored_counts_is_exact_with_and_without_kinds(client, kinds):
    events_generate(900, seed=13, gazetteer=False)
    writes_of_every_kind()
    for params in ({}, {"kind": "drone-sighting"}, {"kind": ["military-base", "other"]}):
        histogram = client.get(HISTOGRAM, params).json()
        kind = params.get("kind", "")
        expected = matching_events({"kind": ",".join(kind) if isinstance(kind, list) else kind})
        by_month = Counter(e.date.replace(day=1).isoformat() for e in expected if e.date)
        assert {b["start"]: b["count"] for b in histogram["buckets"] if b["count"]} == dict(by_month)
        assert histogram["undated"] == sum(1 for e in expected if e.date is None)
        assert histogram["total"] == len(expected)
