"""The map's answers recomputed the slow, obvious way in Python, to check the SQL against.

Every published event is loaded and each filter is applied as the API documents it; the grid
cell of a point is ``floor((lon + 180) / size), floor((lat + 90) / size)``.
"""

import datetime
import math
import unicodedata
from collections import Counter

import pytest

from events import viewport
from events.models import Event
from events.services.geometry import geometry_bounds


def folded_words(text):
    folded = "".join(c for c in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(c))
    return "".join(c if c.isalnum() else " " for c in folded).split()


def _has_words(words, text):
    own = folded_words(text)
    return all(any(candidate.startswith(word) for candidate in own) for word in words)


def _in_bbox(event, bbox):
    west, south, east, north = bbox
    crosses = west > east

    def lon_in(low, high):  # an interval [low, high] overlaps the box's longitudes
        return (high >= west or low <= east) if crosses else (high >= west and low <= east)

    if event.latitude is not None:
        return south <= event.latitude <= north and lon_in(event.longitude, event.longitude)
    if event.geometry:
        bounds = geometry_bounds(event.geometry)
        return bounds is not None and bounds[1] <= north and bounds[3] >= south and lon_in(bounds[0], bounds[2])
    return False


def matching_events(params: dict, bbox=None) -> list[Event]:
    """Published events that match the API parameters ``params`` (a dict of strings), by brute force."""
    events = Event.objects.filter(status="published").select_related("kind").prefetch_related("citations__article")
    events = events.defer("geocode_candidates", "attributes")
    kinds = {kind for value in params.get("kind", "").split(",") if (kind := value.strip())}
    precisions = set(filter(None, params.get("precision", "").split(",")))
    date_from = datetime.date.fromisoformat(params["date_from"]) if params.get("date_from") else None
    date_to = datetime.date.fromisoformat(params["date_to"]) if params.get("date_to") else None
    undated = params.get("undated", "include")
    words = folded_words(params.get("q", ""))
    kept = []
    for event in events:
        if bbox and not _in_bbox(event, bbox):
            continue
        if kinds and event.kind.slug not in kinds:
            continue
        if precisions and event.precision not in precisions:
            continue
        if event.date is None:
            if undated == "exclude":
                continue
        elif undated == "only" or (date_from and event.date < date_from) or (date_to and event.date > date_to):
            continue
        if params.get("near_border") and event.border_country != params["near_border"]:
            continue
        if params.get("within_km") and (
            event.border_distance_km is None or event.border_distance_km > float(params["within_km"])
        ):
            continue
        articles = [citation.article for citation in event.citations.all()]
        if params.get("article") and params["article"] not in {article.slug for article in articles}:
            continue
        if "q" in params:
            own_text = f"{event.title} {event.place_name} {event.description}"
            if not words or not (
                _has_words(words, own_text) or any(_has_words(words, article.title) for article in articles)
            ):
                continue
        kept.append(event)
    return kept


def cell_of(longitude, latitude, size):
    return math.floor((longitude + 180.0) / size), math.floor((latitude + 90.0) / size)


def view(client, bbox, zoom, **params):
    response = client.get("/api/events/", {"bbox": ",".join(map(str, bbox)), "zoom": zoom, **params})
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/geo+json"
    return response.json()


def assert_matches_brute_force(client, bbox, zoom, params):
    """``total``, every cluster's count, kinds and extent, and the singles, as brute force finds them."""
    collection = view(client, bbox, zoom, **params)
    expected = matching_events(params, bbox)
    assert collection["total"] == len(expected), params
    clusters = [f for f in collection["features"] if f["properties"].get("cluster")]
    singles = [f for f in collection["features"] if not f["properties"].get("cluster")]
    assert sum(c["properties"]["count"] for c in clusters) + len(singles) == collection["total"]
    assert {f["id"] for f in singles} <= {event.pk for event in expected}
    size = viewport.cell_size_degrees(bbox, zoom)
    members = {}
    for event in expected:
        if event.latitude is not None:
            members.setdefault(cell_of(event.longitude, event.latitude, size), []).append(event)
    for cluster in clusters:
        inside = members[cell_of(*cluster["geometry"]["coordinates"], size)]
        properties = cluster["properties"]
        assert properties["count"] == len(inside) > 1
        assert properties["kinds"] == dict(Counter(event.kind.slug for event in inside))
        assert properties["extent"] == pytest.approx(
            [
                min(e.longitude for e in inside),
                min(e.latitude for e in inside),
                max(e.longitude for e in inside),
                max(e.latitude for e in inside),
            ]
        )
    return collection
