"""Events as plain data: the GeoJSON feature every public format starts from.

Links leave here only when they are http(s) (checked again, not trusted from
the database) so that no export, page or popup can carry a ``javascript:`` URL.
"""

import json
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
    return http_url(article.url) or absolute(_path("events:article", article.slug))


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
    prefix, suffix = _path_parts(name, get_script_prefix(), get_urlconf())
    return f"{prefix}{quote(str(argument), safe=RFC3986_SUBDELIMS + '/~:@')}{suffix}"  # as reverse() quotes


@lru_cache(maxsize=16)
def _path_parts(name, script_prefix, urlconf) -> tuple[str, str]:
    marker = "9876543210"  # an id and a slug alike
    prefix, _, suffix = reverse(name, args=[marker], urlconf=urlconf).partition(marker)
    return prefix, suffix


def event_geometry(event: Event) -> dict | None:
    """The event's line or area when it has one (its honest shape), else its point, else None."""
    if event.geometry:
        return event.geometry
    if event.has_point:
        return {"type": "Point", "coordinates": [event.longitude, event.latitude]}  # GeoJSON: lon, lat
    return None


def event_sources(event: Event, absolute) -> list[dict]:
    """The articles citing ``event``, in citation order (uses the prefetched citations)."""
    return [
        {
            "title": citation.article.title,
            "url": article_link(citation.article, absolute),
            "publisher": citation.article.publisher,
            "quote": citation.quote,
        }
        for citation in event.citations.all()
    ]


# Columns ``event_feature`` never reads: a map answer does not load (or decode) them.
FEATURE_UNUSED_FIELDS = (
    "key", "status", "published_at", "country_hint", "border_zone", "geocode_status", "geocode_source",
    "geocode_confidence", "geocode_attempts", "geocoded_at", "shape_west", "shape_south", "shape_east",
    "shape_north", "staff_edited", "source_dataset", "created_at", "updated_at",
)  # fmt: skip


def event_feature(event: Event, absolute) -> dict:
    """One GeoJSON Feature; ``absolute`` turns a site path into a full URL."""
    return {
        "type": "Feature",
        "id": event.pk,
        "geometry": event_geometry(event),
        "properties": {
            "id": event.pk,
            "title": event.title,
            "kind": event.kind.slug,
            "kind_name": event.kind.name,
            "colour": event.kind.colour,
            "icon": event.kind.icon,
            "description": event.description,
            "place_name": event.place_name,
            "latitude": event.latitude,
            "longitude": event.longitude,
            "date": event.date.isoformat() if event.date else None,
            "date_precision": event.date_precision,
            "precision": event.precision,
            "precision_label": Precision.label_of(event.precision),
            "country_code": event.country_code,
            "border_country": event.border_country,
            "border_distance_km": event.border_distance_km,
            "url": absolute(event_path(event.pk)),
            "articles": event_sources(event, absolute),
            "attributes": event.attributes,
            "source_id": event.source_id,
        },
    }
