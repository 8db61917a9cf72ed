"""Offering to merge a proposal with an event already stored, keeping every source.

An article often reports what another already did: the same kind of event at the same
place, at about the same time. ``existing_matches`` finds the stored events a proposal
may be (same kind, within ``MERGE_KM`` of its point, dates that overlap); the reviewer
decides. Merging adds the article as one more citation of the stored event, with the
proposal's sentence as its quote (``merged_citations_write``); the event and its other
citations stay as they are.

Dates overlap when the periods they name intersect ("2026-03" holds "2026-03-14"); a
proposal or an event without a date does not rule a match out (the reviewer sees both).
Proposals without a point (a country's area, a border line) are not offered a merge: an
area says too little about where, and the reviewer can still edit the stored event by hand.
"""

import calendar
import datetime
import math

from django.db import transaction

from events.models import Article, Citation, Event
from events.services.gazetteer_search import distance_km

MERGE_KM = 5.0
MAX_MATCHES = 5


def date_period(value, precision: str) -> tuple[datetime.date, datetime.date] | None:
    """The first and last day a date of that precision names; None without a date."""
    if not value:
        return None
    if isinstance(value, str):
        parts = [int(part) for part in value.split("-")]
        value = datetime.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
        precision = precision or ("day", "month", "year")[3 - len(parts)]
    if precision == "year":
        return datetime.date(value.year, 1, 1), datetime.date(value.year, 12, 31)
    if precision == "month":
        last = calendar.monthrange(value.year, value.month)[1]
        return value.replace(day=1), value.replace(day=last)
    return value, value


def dates_overlap(first, second) -> bool:
    if first is None or second is None:
        return True
    return first[0] <= second[1] and second[0] <= first[1]


def _point_matches(record: dict):
    latitude, longitude = record["latitude"], record["longitude"]
    dlat = MERGE_KM / 111.0
    dlon = MERGE_KM / (111.0 * max(0.01, math.cos(math.radians(latitude))))
    nearby = Event.objects.select_related("kind").filter(
        latitude__range=(latitude - dlat, latitude + dlat), longitude__range=(longitude - dlon, longitude + dlon)
    )
    for event in nearby:
        km = distance_km(latitude, longitude, event.latitude, event.longitude)
        if km <= MERGE_KM:
            yield event, km


def existing_matches(record: dict) -> list[dict]:
    """Stored events a proposed event record may be: ``{"id", "label", "km"}``, the nearest first."""
    if record.get("latitude") is None or record.get("longitude") is None:
        return []
    found = _point_matches(record)
    period = date_period(record.get("date"), record.get("date_precision", ""))
    matches = []
    for event, km in found:
        if event.kind.slug != record["kind"] or event.status == Event.Status.ARCHIVED:
            continue
        if not dates_overlap(period, date_period(event.date, event.date_precision)):
            continue
        when = event.date.isoformat() if event.date else "no date"
        label = f"#{event.pk} “{event.title}” ({event.get_status_display().lower()}, {km:.1f} km, {when})"
        matches.append({"id": event.pk, "label": label, "km": round(km, 2)})
    return sorted(matches, key=lambda match: (match["km"], match["id"]))[:MAX_MATCHES]


@transaction.atomic
def merged_citations_write(article: Article, merges: list[tuple[int, str]]) -> int:
    """Cite ``article`` on each stored event (``(event id, quote)``); returns how many citations are new."""
    created = 0
    events = Event.objects.in_bulk([event_id for event_id, _ in merges])
    for event_id, quote in merges:
        event = events.get(event_id)
        if event is None:
            continue  # deleted since the review page was drawn
        _citation, was_created = Citation.objects.get_or_create(event=event, article=article, defaults={"quote": quote})
        created += was_created
    return created
