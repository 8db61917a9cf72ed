"""The list beside the map: the events in view, newest first, a page at a time with the total.

Events with neither a point nor a shape are in no view: every page says how many of them match
(``unlocated``), and ``located=no`` lists them instead of the view's. With a search, the events
matching it in their title or place name come first, and the answer says which words to highlight.
"""

import dataclasses

from django.db.models import Q

from events.selectors import NEWEST_FIRST, EventFilter, events_matching
from events.serializers import event_path
from events.templatetags.mapper_tags import event_date
from events.text_search import search_terms, text_relevance

PAGE_SIZE = 50
PAGE_SIZE_MAX = 200
LIST_FIELDS = ("title", "kind__slug", "date", "date_precision", "place_name", "precision", "latitude", "longitude")


UNLOCATED = Q(latitude__isnull=True, shape_north__isnull=True)  # no point, no (usable) shape: on no map


def events_page(params: EventFilter, offset: int, limit: int, absolute, *, unlocated: bool = False) -> dict:
    """``limit`` events from ``offset`` in the list's order: with a search, those it names first; then newest
    first, undated last, then title, id.

    ``unlocated``: the matching events without a location (the bbox ignored) instead of those in view."""
    nowhere = events_matching(dataclasses.replace(params, bbox=None)).filter(UNLOCATED)
    matching = nowhere if unlocated else events_matching(params)
    order = (*text_relevance(params.q), *NEWEST_FIRST)
    page = matching.select_related("kind").only(*LIST_FIELDS).order_by(*order)[offset : offset + limit]
    answer = {
        "total": matching.count(),
        "offset": offset,
        "limit": limit,
        "results": [_row(e, absolute) for e in page],
        "unlocated": nowhere.count(),
    }
    if params.q:
        answer["highlight"] = search_terms(params.q)
    return answer


def _row(event, absolute) -> dict:
    return {
        "id": event.pk,
        "title": event.title,
        "kind": event.kind.slug,
        "date": event.date.isoformat() if event.date else None,
        "date_precision": event.date_precision,
        "date_label": event_date(event),
        "place_name": event.place_name,
        "precision": event.precision,
        "latitude": event.latitude,
        "longitude": event.longitude,
        "url": absolute(event_path(event.pk)),
    }
