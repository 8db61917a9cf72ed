"""The list beside the map: the events in view, newest first, a page at a time with the total.

With a search, the events matching it in their title or place name come first, and the answer
says which words to highlight.
"""

from events.selectors import NEWEST_FIRST, EventFilter, events_matching
from events.serializers import event_path
from events.templatetags.mapper_tags import event_date
from events.text_search import search_terms, text_relevance

PAGE_SIZE = 50
PAGE_SIZE_MAX = 200
LIST_FIELDS = ("title", "kind__slug", "date", "date_precision", "place_name", "precision", "latitude", "longitude")


def events_page(params: EventFilter, offset: int, limit: int, absolute) -> dict:
    """``limit`` events from ``offset`` in the list's order: with a search, those it names first; then newest
    first, undated last, then title, id."""
    matching = events_matching(params)
    order = (*text_relevance(params.q), *NEWEST_FIRST)
    page = matching.select_related("kind").only(*LIST_FIELDS).order_by(*order)[offset : offset + limit]
    answer = {"total": matching.count(), "offset": offset, "limit": limit, "results": [_row(e, absolute) for e in page]}
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
