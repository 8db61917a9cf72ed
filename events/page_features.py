"""The single features of a map answer, built from plain rows: two queries and no model instances.

A city view under a kind filter or a date range sends a few hundred single events; as model instances
with their citations prefetched they cost about 0.4 ms each, most of it Django building objects the
answer never needs. The rows give the very same features as ``event_feature`` (tested against it).
"""

import functools
from collections import defaultdict

from django.db.models import F

from events.models import Citation, Precision
from events.selectors import EventFilter, events_matching
from events.serializers import FEATURE_FIELDS, path_of, row_feature, source_entry, source_link

KIND_FIELDS = {"kind_slug": F("kind__slug"), "kind_name": F("kind__name"), "kind_colour": F("kind__colour"),
               "kind_icon": F("kind__icon")}  # fmt: skip


def page_features(ids: list[int], absolute, reshape) -> list[dict]:
    """The features of the published events among ``ids``, unordered; ``reshape`` gives a stored shape as sent."""
    rows = list(events_matching(EventFilter()).filter(pk__in=ids).values(*FEATURE_FIELDS, **KIND_FIELDS))
    for row in rows:
        if row["geometry"]:
            row["geometry"] = reshape(row["geometry"])
    sources = _sources([row["pk"] for row in rows], absolute)
    precision_label = functools.cache(Precision.label_of)  # per answer: the active language's wording
    event_page = path_of("events:event")
    return [row_feature(row, sources[row["pk"]], absolute(event_page(row["pk"])), precision_label) for row in rows]


def _sources(ids: list[int], absolute) -> dict[int, list[dict]]:
    """Each event's sources in citation order (the model's ordering), from one query for the whole page."""
    sources: dict[int, list[dict]] = defaultdict(list)
    if not ids:
        return sources
    article_page = path_of("events:article")
    citations = Citation.objects.filter(event_id__in=ids)
    for row in citations.values(
        "event_id", "quote", "article__title", "article__url", "article__publisher", "article__slug"
    ):
        url = source_link(row["article__url"], row["article__slug"], absolute, article_page)
        entry = source_entry(row["article__title"], url, row["article__publisher"], row["quote"])
        sources[row["event_id"]].append(entry)
    return sources
