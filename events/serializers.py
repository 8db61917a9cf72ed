"""Events as plain data: the GeoJSON feature every public format starts from.

Links leave here only when they are http(s) (checked again, not trusted from
the database) so that no export, page or popup can carry a ``javascript:`` URL.
"""

import json
from collections.abc import Callable
from functools import lru_cache
from urllib.parse import quote

from django.core.exceptions import ValidationError
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.http import RFC3986_SUBDELIMS

from events.models import Article, Event, Precision, http_url_validator


@lru_cache(maxsize=4096)  # the same few articles recur across thousands of events
def http_url(value) -> str | None:
    """``value`` when it is a valid http(s) URL, else None."""
    try:
        http_url_validator(value)
    except ValidationError:
        return None
    return value


def value_text(value) -> str:
    """A free attribute value as text: strings as they are, anything else as JSON."""
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def attribute_facts(attributes) -> list[tuple[str, str]]:
    """An event's free attributes as (name, text) pairs; a non-object value is one "Attributes" fact."""
    if isinstance(attributes, dict):
        return [(str(key), value_text(value)) for key, value in attributes.items()]
    return [("Attributes", value_text(attributes))] if attributes else []


def article_link(article: Article, absolute) -> str:
    """The article's own http(s) URL, else its page on this site."""
    return source_link(article.url, article.slug, absolute, path_of("events:article"))


def source_link(url: str | None, slug: str, absolute, article_path) -> str:
    """``article_link`` from an article's ``url`` and ``slug``; ``article_path`` is ``path_of("events:article")``."""
    return http_url(url) or absolute(article_path(slug))


def absolute_url_builder(request):
    """``request.build_absolute_uri`` for site paths, with the scheme and host worked out once per request."""
    base = request.build_absolute_uri("/")[:-1]

    def absolute(path: str) -> str:
        return base + path if path.startswith("/") else request.build_absolute_uri(path)

    return absolute


def event_path(pk: int) -> str:
    """The event page's path, without a ``reverse()`` per event (0.43 s for 5,000 features)."""
    return _path("events:event", pk)


def _path(name: str, argument) -> str:
    """``reverse(name, args=[argument])`` for a slug or an id, from the URL's parts worked out once."""
    return path_of(name)(argument)


def path_of(name: str) -> Callable[[object], str]:
    """``_path(name, ·)`` with the script prefix and URLconf looked up now: for a page of features."""
    prefix, suffix = _path_parts(name, get_script_prefix(), get_urlconf())
    return lambda argument: f"{prefix}{quote(str(argument), safe=RFC3986_SUBDELIMS + '/~:@')}{suffix}"  # as reverse()


@lru_cache(maxsize=16)
def _path_parts(name, script_prefix, urlconf) -> tuple[str, str]:
    marker = "9876543210"  # an id and a slug alike
    prefix, _, suffix = reverse(name, args=[marker], urlconf=urlconf).partition(marker)
    return prefix, suffix


# An event's own columns a feature reads; its kind's are ``kind_slug``, ``kind_name``, ``kind_colour``, ``kind_icon``.
FEATURE_FIELDS = (
    "pk", "title", "description", "place_name", "latitude", "longitude", "geometry", "date", "date_precision",
    "precision", "country_code", "border_country", "border_distance_km", "attributes", "source_id",
)  # fmt: skip


def event_sources(event: Event, absolute) -> list[dict]:
    """The articles citing ``event``, in citation order (uses the prefetched citations)."""
    sources = []
    for citation in event.citations.all():
        article = citation.article
        url = article_link(article, absolute)
        sources.append(source_entry(article.title, url, article.publisher, citation.quote))
    return sources


def source_entry(title: str, url: str, publisher: str, quote: str) -> dict:
    """One entry of a feature's ``articles``."""
    return {"title": title, "url": url, "publisher": publisher, "quote": quote}


def event_feature(event: Event, absolute) -> dict:
    """One GeoJSON Feature; ``absolute`` turns a site path into a full URL."""
    kind = event.kind
    row = {name: getattr(event, name) for name in FEATURE_FIELDS}
    row.update(kind_slug=kind.slug, kind_name=kind.name, kind_colour=kind.colour, kind_icon=kind.icon)
    return row_feature(row, event_sources(event, absolute), absolute(event_path(event.pk)), Precision.label_of)


def row_feature(row: dict, sources: list[dict], url: str, precision_label) -> dict:
    """``event_feature`` from plain values (``FEATURE_FIELDS`` and the kind's), the sources and the event's URL.

    ``precision_label`` is ``Precision.label_of`` or a memo of it: a page of features asks it the
    same few values hundreds of times."""
    pk, latitude, longitude, date = row["pk"], row["latitude"], row["longitude"], row["date"]
    point = {"type": "Point", "coordinates": [longitude, latitude]}  # GeoJSON: lon, lat
    return {
        "type": "Feature",
        "id": pk,
        # The line or area when it has one (its honest shape), else its point, else None.
        "geometry": row["geometry"] or (point if latitude is not None and longitude is not None else None),
        "properties": {
            "id": pk,
            "title": row["title"],
            "kind": row["kind_slug"],
            "kind_name": row["kind_name"],
            "colour": row["kind_colour"],
            "icon": row["kind_icon"],
            "description": row["description"],
            "place_name": row["place_name"],
            "latitude": latitude,
            "longitude": longitude,
            "date": date.isoformat() if date else None,
            "date_precision": row["date_precision"],
            "precision": row["precision"],
            "precision_label": precision_label(row["precision"]),
            "country_code": row["country_code"],
            "border_country": row["border_country"],
            "border_distance_km": row["border_distance_km"],
            "url": url,
            "articles": sources,
            "attributes": row["attributes"],
            "source_id": row["source_id"],
        },
    }
