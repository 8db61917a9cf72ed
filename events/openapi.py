"""The OpenAPI 3.1 description of the public API, served at ``/api/openapi.json``.

Built here from the same constants the code validates with (limits, choices, formats),
so that it cannot drift from them; ``tests/test_openapi.py`` checks that every route
under /api/ and /feeds/ and every filter ``EventFilter.from_query`` reads is described,
that real answers validate against these schemas, and runs schemathesis against it.

Parameter schemas describe what the API *accepts* (blank values mean "no filter",
values are trimmed, repeatable filters also take comma-separated lists); the
descriptions say what they mean. A value outside them is answered 400.
"""

from functools import cache

from django.http import JsonResponse

from events.event_list import PAGE_SIZE, PAGE_SIZE_MAX
from events.models import Precision
from events.selectors import MAX_ID, MAX_LIMIT, MAX_TEXT_LENGTH, MAX_WITHIN_KM, UNDATED_CHOICES
from events.services.borders import BORDER_ZONE_CAP_KM
from events.viewport import MAX_ZOOM
from events.views import EXPORT_FORMATS

SLUG = r"[-a-zA-Z0-9_]{1,120}"
BLANK = r"\s*"


def _list_of(item_pattern: str) -> str:
    """A regular expression for comma-separated items, blanks and spaces allowed (as ``_multi`` reads them)."""
    item = f"{BLANK}(?:{item_pattern})?{BLANK}"
    return f"^{item}(?:,{item})*$"


def _param(name, description, schema, *, repeatable=False, example=None):
    parameter = {"name": name, "in": "query", "required": False, "description": description}
    if repeatable:
        parameter |= {"schema": {"type": "array", "items": schema}, "style": "form", "explode": True}
    else:
        parameter["schema"] = schema
    if example is not None:
        parameter["example"] = example
    return parameter


def _optional(pattern: str) -> dict:
    return {"type": "string", "pattern": f"^{BLANK}(?:{pattern})?{BLANK}$"}


# The filters EventFilter.from_query reads, shared by the API and the feed.
FILTER_PARAMETERS = [
    _param(
        "bbox",
        "min_lon,min_lat,max_lon,max_lat (longitude first, degrees). Points inside, plus lines and areas that "
        "cross it; min_lon > max_lon crosses the antimeridian.",
        {"type": "string", "pattern": r"^(?:\s*|[^,]*,[^,]*,[^,]*,[^,]*)$"},
        example="20,43,30,49",
    ),
    _param(
        "kind",
        "Event kind slugs; repeat the parameter or separate with commas.",
        {"type": "string", "pattern": _list_of(SLUG)},
        repeatable=True,
        example=["military-base"],
    ),
    _param(
        "q",
        f"Text in the title, place name, description or a citing article's title (at most {MAX_TEXT_LENGTH} "
        "characters after trimming).",
        {"type": "string"},
        example="deveselu",
    ),
    _param("date_from", "ISO date, inclusive.", _optional(r"\d{4}-\d{2}-\d{2}"), example="2024-01-01"),
    _param("date_to", "ISO date, inclusive; not before date_from.", _optional(r"\d{4}-\d{2}-\d{2}")),
    _param(
        "undated",
        "Events without a date: include them (default, also when blank), exclude them, or only them "
        "(not with a date range).",
        {"type": "string", "enum": [*UNDATED_CHOICES, ""]},
    ),
    _param(
        "near_border",
        "Events near a land border: a country (ISO 3166-1 alpha-2, any case, e.g. UA: any of its land borders) "
        f"or one border (RO-UA, either order), on either side; with within_km at most {BORDER_ZONE_CAP_KM:g} km.",
        _optional("[A-Za-z]{2}(?:-[A-Za-z]{2})?"),
        example="RO-UA",
    ),
    _param(
        "within_km",
        f"Events at most this far from a land border, 0 to {MAX_WITHIN_KM} km "
        f"({BORDER_ZONE_CAP_KM:g} with near_border).",
        {"type": "number", "minimum": 0, "maximum": MAX_WITHIN_KM},
    ),
    _param(
        "precision",
        "How well the place is known; repeatable or comma-separated.",
        {"type": "string", "pattern": _list_of("|".join(Precision.values))},
        repeatable=True,
    ),
    _param(
        "id", "Only these events; repeatable.", {"type": "integer", "minimum": 1, "maximum": MAX_ID}, repeatable=True
    ),
    _param("article", "Only the events citing this article (its slug).", _optional(SLUG)),
    _param(
        "limit",
        "At most this many events, newest first, undated last (optional: without it, every matching event; "
        f"the list takes at most {PAGE_SIZE_MAX}, default {PAGE_SIZE}).",
        {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT},
    ),
]

ZOOM_PARAMETER = _param(
    "zoom",
    f"The map's zoom (0 to {MAX_ZOOM}), with bbox and without format: the view's single events and clusters "
    "with exact counts, and the view's total.",
    {"type": "integer", "minimum": 0, "maximum": MAX_ZOOM},
    example=6,
)
LOCATED_PARAMETER = _param(
    "located", "no: the matching events that have no point or shape, instead of those in the bbox.", {"enum": ["no"]}
)
OFFSET_PARAMETER = _param("offset", "How many events of the list to skip.", {"type": "integer", "minimum": 0})

FORMAT_PARAMETER = _param(
    "format",
    "Download as a file: geojson, csv (UTF-8 with BOM) or kml. Blank or absent: the map's GeoJSON. Downloads "
    "also count against the exports rate limit.",
    {"type": "string", "enum": [*EXPORT_FORMATS, ""]},
)

ERROR = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {"type": "string", "description": "What was wrong, naming the parameter, in the request's language."},
        "code": {"type": "string", "description": "Stable and never translated, e.g. invalid_bbox (docs/api.md)."},
        "parameter": {"type": "string", "description": "The refused parameter's name."},
    },
}
NULLABLE_STRING = {"type": ["string", "null"]}
NULLABLE_NUMBER = {"type": ["number", "null"]}
GEOMETRY = {
    "type": ["object", "null"],
    "required": ["type"],
    "properties": {
        "type": {
            "enum": ["Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon"],
        },
        "coordinates": {"type": "array"},
    },
}
ARTICLE_REFERENCE = {
    "type": "object",
    "required": ["title", "url", "publisher", "quote"],
    "properties": {
        "title": {"type": "string"},
        "url": {"type": "string", "format": "uri"},
        "publisher": {"type": "string"},
        "quote": {"type": "string"},
    },
}
EVENT_PROPERTIES = {
    "type": "object",
    "required": ["id", "title", "kind", "url", "articles", "precision"],
    "properties": {
        "id": {"type": "integer"},
        "title": {"type": "string"},
        "kind": {"type": "string"},
        "kind_name": {"type": "string"},
        "colour": {"type": "string", "pattern": "^#[0-9a-fA-F]{6}$"},
        "icon": {"type": "string"},
        "description": {"type": "string"},
        "place_name": {"type": "string"},
        "latitude": NULLABLE_NUMBER,
        "longitude": NULLABLE_NUMBER,
        "date": {"type": ["string", "null"], "format": "date"},
        "date_precision": {"type": "string"},
        "precision": {"enum": list(Precision.values)},
        "precision_label": {"type": "string"},
        "country_code": {"type": "string"},
        "border_country": {"type": "string"},
        "border_distance_km": NULLABLE_NUMBER,
        "url": {"type": "string", "format": "uri"},
        "articles": {"type": "array", "items": {"$ref": "#/components/schemas/ArticleReference"}},
        "attributes": {"description": "Free facts from the source, any JSON value."},
    },
}
EVENT_FEATURE = {
    "type": "object",
    "required": ["type", "id", "geometry", "properties"],
    "properties": {
        "type": {"const": "Feature"},
        "id": {"type": "integer"},
        "geometry": {"$ref": "#/components/schemas/Geometry"},
        "properties": {"$ref": "#/components/schemas/EventProperties"},
    },
}
EVENT_COLLECTION = {
    "type": "object",
    "required": ["type", "features"],
    "properties": {
        "type": {"const": "FeatureCollection"},
        "features": {
            "type": "array",
            "items": {
                "anyOf": [{"$ref": "#/components/schemas/EventFeature"}, {"$ref": "#/components/schemas/Cluster"}]
            },
        },
        "total": {"type": "integer", "description": "With zoom: every matching event in the bbox."},
        "zoom": {"type": "integer"},
    },
}
CLUSTER = {
    "type": "object",
    "required": ["type", "geometry", "properties"],
    "properties": {
        "type": {"const": "Feature"},
        "geometry": {"$ref": "#/components/schemas/Geometry"},
        "properties": {
            "type": "object",
            "required": ["cluster", "count", "kinds", "extent"],
            "properties": {
                "cluster": {"const": True},
                "count": {"type": "integer", "minimum": 2},
                "kinds": {"type": "object", "additionalProperties": {"type": "integer"}},
                "extent": {"type": "array", "items": {"type": "number"}, "minItems": 4, "maxItems": 4},
            },
        },
    },
}
_LABEL = {
    "type": "object",
    "required": ["name", "lat", "lon"],
    "properties": {"name": {"type": "string"}, "lat": {"type": "number"}, "lon": {"type": "number"}},
}
LABELS = {
    "type": "object",
    "required": ["countries", "settlements"],
    "properties": {"countries": {"type": "array", "items": _LABEL}, "settlements": {"type": "array", "items": _LABEL}},
}
EVENT_LIST = {
    "type": "object",
    "required": ["total", "offset", "limit", "results", "unlocated"],
    "properties": {
        "total": {"type": "integer"},
        "unlocated": {"type": "integer", "description": "Matching events with no point or shape (in no view)."},
        "offset": {"type": "integer"},
        "limit": {"type": "integer"},
        "highlight": {
            "description": "With q: the words to mark in each entry. The query's words match word prefixes; "
            "the other spellings of the places they name (from the gazetteer) match whole words. Both are "
            "lower case without diacritics.",
            "type": "object",
            "required": ["prefixes", "words"],
            "properties": {
                "prefixes": {"type": "array", "items": {"type": "string"}},
                "words": {"type": "array", "items": {"type": "string"}},
            },
        },
        "results": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id", "title", "kind", "date", "date_precision", "date_label", "place_name", "url"],
                "properties": {
                    "id": {"type": "integer"},
                    "title": {"type": "string"},
                    "kind": {"type": "string"},
                    "date": {"type": ["string", "null"], "format": "date"},
                    "date_precision": {"type": "string"},
                    "date_label": {"type": "string"},
                    "place_name": {"type": "string"},
                    "precision": {"enum": list(Precision.values)},
                    "latitude": NULLABLE_NUMBER,
                    "longitude": NULLABLE_NUMBER,
                    "url": {"type": "string", "format": "uri"},
                },
            },
        },
    },
}
BORDER_CHOICES = {
    "type": "object",
    "required": ["countries"],
    "properties": {
        "countries": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["code", "count"],
                "properties": {"code": {"type": "string", "pattern": "^[A-Z]{2}$"}, "count": {"type": "integer"}},
            },
        },
    },
}

HISTOGRAM = {
    "type": "object",
    "required": ["interval", "buckets", "undated", "total"],
    "properties": {
        "interval": {"enum": ["day", "month", "year"]},
        "buckets": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["start", "count"],
                "properties": {"start": {"type": "string", "format": "date"}, "count": {"type": "integer"}},
            },
        },
        "undated": {"type": "integer"},
        "total": {"type": "integer"},
    },
}
BORDER_COLLECTION = {
    "type": "object",
    "required": ["type", "features"],
    "properties": {
        "type": {"const": "FeatureCollection"},
        "features": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["type", "geometry", "properties"],
                "properties": {
                    "type": {"const": "Feature"},
                    "geometry": {"$ref": "#/components/schemas/Geometry"},
                    "properties": {"type": "object"},
                },
            },
        },
    },
}


def _ref(name):
    return {"$ref": f"#/components/schemas/{name}"}


CACHED = {
    "ETag": {"description": "From the data version and the whole request.", "schema": {"type": "string"}},
    "Cache-Control": {"description": "`public, max-age=…` (MAPPER_HTTP_MAX_AGE).", "schema": {"type": "string"}},
}
NOT_MODIFIED = {
    "description": "Not modified: the `If-None-Match` ETag is still current (no query ran).",
    "headers": CACHED,
}
BAD_REQUEST = {"description": "A parameter was refused.", "content": {"application/json": {"schema": _ref("Error")}}}
TOO_MANY = {
    "description": "Over this client's rate limit (MAPPER_RATE_LIMITS).",
    "headers": {"Retry-After": {"description": "Seconds until the window ends.", "schema": {"type": "integer"}}},
    "content": {"application/json": {"schema": _ref("Error")}},
}
IF_NONE_MATCH = {
    "name": "If-None-Match",
    "in": "header",
    "required": False,
    "description": "An ETag from an earlier answer: 304 when nothing changed since.",
    "schema": {"type": "string"},
}


def _json_answer(description, schema) -> dict:
    return {
        "200": {
            "description": description,
            "headers": CACHED,
            "content": {"application/json": {"schema": _ref(schema)}},
        },
        "304": NOT_MODIFIED,
        "400": BAD_REQUEST,
        "429": TOO_MANY,
    }


def _get(summary, description, parameters, responses):
    return {"get": {"summary": summary, "description": description, "parameters": parameters, "responses": responses}}


@cache
def openapi_document() -> dict:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Mapper public API",
            "version": "1",
            "description": "Published events from news articles, as GeoJSON, CSV, KML and Atom. Drafts never appear. "
            "Every endpoint is rate limited per client (429 with Retry-After); see docs/api.md and docs/caching.md.",
            "license": {"name": "MIT", "identifier": "MIT"},
        },
        "paths": {
            "/api/events/": _get(
                "Published events matching the filters",
                "With `bbox` and `zoom`: the map's view, single events and clusters, with `total`. Without "
                "`zoom`: every matching event, streamed, or a download with `format`.",
                [*FILTER_PARAMETERS, ZOOM_PARAMETER, FORMAT_PARAMETER, IF_NONE_MATCH],
                {
                    "200": {
                        "description": "The events (a FeatureCollection), or the download.",
                        "headers": CACHED,
                        "content": {
                            "application/geo+json": {"schema": _ref("EventCollection")},
                            "text/csv": {"schema": {"type": "string"}},
                            "application/vnd.google-earth.kml+xml": {"schema": {"type": "string"}},
                        },
                    },
                    "304": NOT_MODIFIED,
                    "400": BAD_REQUEST,
                    "429": TOO_MANY,
                },
            ),
            "/api/events/list/": _get(
                "The list beside the map",
                "A page of the matching events, newest first, undated last, with the total; "
                "with located=no, the matching events without a location (bbox ignored).",
                [*FILTER_PARAMETERS, OFFSET_PARAMETER, LOCATED_PARAMETER, IF_NONE_MATCH],
                _json_answer("The page of events.", "EventList"),
            ),
            "/api/events/histogram/": _get(
                "The timeline's counts",
                "How many matching events per day, month or year (the date filters are ignored), undated apart.",
                [*FILTER_PARAMETERS, IF_NONE_MATCH],
                _json_answer("The counts.", "Histogram"),
            ),
            "/api/events/border-choices/": _get(
                "The border filter's choices",
                "The countries whose borders the matching events lie near, with how many events each "
                "(the near_border and within_km filters are ignored).",
                [*FILTER_PARAMETERS, IF_NONE_MATCH],
                _json_answer("The countries.", "BorderChoices"),
            ),
            "/feeds/events/": _get(
                "Atom feed of newly published events",
                "Newest publication first, at most 50 entries; the same filters as the API.",
                [*FILTER_PARAMETERS, IF_NONE_MATCH],
                {
                    "200": {
                        "description": "An Atom 1.0 feed.",
                        "headers": CACHED,
                        "content": {"application/atom+xml": {"schema": {"type": "string"}}},
                    },
                    "304": NOT_MODIFIED,
                    "400": BAD_REQUEST,
                    "429": TOO_MANY,
                },
            ),
            "/api/borders/": _get(
                "Land borders as GeoJSON lines",
                "`countries=RO,UA`: the border the two share; `countries=RO`: each land border of Romania.",
                [
                    _param(
                        "countries",
                        "One or two ISO 3166-1 alpha-2 codes, comma-separated.",
                        {"type": "string"},
                        example="RO,UA",
                    )
                ],
                {
                    "200": {
                        "description": "One feature per border.",
                        "content": {"application/geo+json": {"schema": _ref("BorderCollection")}},
                    },
                    "400": BAD_REQUEST,
                    "429": TOO_MANY,
                },
            ),
            "/api/countries/": _get(
                "Simplified country outlines (Natural Earth 1:110m)",
                "The map's base layer when tiles cannot load.",
                [],
                {
                    "200": {
                        "description": "One feature per country.",
                        "content": {"application/geo+json": {"schema": _ref("BorderCollection")}},
                    },
                    "429": TOO_MANY,
                },
            ),
            "/api/labels/": _get(
                "Names for the offline base map",
                "Country names and, by zoom, the larger settlements of the gazetteer in the box: more than "
                "1,000,000 people from zoom 5, 100,000 from 7, 10,000 from 9 (the most populous first, the "
                "crowded ones left out). Drawn on the country outlines when tiles cannot load.",
                [
                    _param("bbox", "min_lon,min_lat,max_lon,max_lat.", {"type": "string"}, example="20,43,30,49"),
                    _param("zoom", "The map's zoom.", {"type": "integer", "minimum": 0, "maximum": MAX_ZOOM}),
                ],
                {
                    "200": {
                        "description": "The labels.",
                        "content": {"application/json": {"schema": LABELS}},
                    },
                    "400": BAD_REQUEST,
                    "429": TOO_MANY,
                },
            ),
            "/api/openapi.json": _get(
                "This description",
                "OpenAPI 3.1.",
                [],
                {"200": {"description": "The OpenAPI document.", "content": {"application/json": {}}}},
            ),
        },
        "components": {
            "schemas": {
                "Error": ERROR,
                "Geometry": GEOMETRY,
                "ArticleReference": ARTICLE_REFERENCE,
                "EventProperties": EVENT_PROPERTIES,
                "EventFeature": EVENT_FEATURE,
                "EventCollection": EVENT_COLLECTION,
                "Cluster": CLUSTER,
                "EventList": EVENT_LIST,
                "Histogram": HISTOGRAM,
                "BorderChoices": BORDER_CHOICES,
                "BorderCollection": BORDER_COLLECTION,
            }
        },
    }


def openapi_view(request):
    return JsonResponse(openapi_document())
