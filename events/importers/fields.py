"""Columns to event fields: loose header matching, and the parsing of one cell.

A table's headers are matched to our fields by normalised name (``Latitude (WGS84)``,
``geo_latitude`` and ``lat`` are all latitude); ``--columns`` or a preset overrides
the guess. Values are parsed leniently where the meaning is certain (decimal commas,
``12 March 2025``) and refused with a message where it is not.
"""

import json
import re
import unicodedata
from datetime import date, datetime

import shapely
from shapely import wkt
from shapely.errors import ShapelyError

from events.importers.messages import (
    DATE_MONTH_FIRST,
    NO_SUCH_MONTH,
    NOT_A_DATE,
    NOT_A_GEOMETRY_OBJECT,
    NOT_A_NUMBER,
    NOT_A_REAL_DATE,
    NOT_DATE_FORMAT,
    NOT_FINITE,
    NOT_STORABLE_GEOJSON,
    NOT_WKT,
)
from events.services.stored_values import StoredValueError, stored_json_loads

# Our fields, each with the header names (normalised) that mean it, most specific first.
FIELD_ALIASES = {
    "source_id": ["source_id", "event_id", "id", "uid", "identifier", "fid", "objectid", "record_id"],
    "title": ["title", "name", "headline", "event_name", "label", "titre", "nom", "event"],
    "kind": ["kind", "event_type", "type", "category", "categorie"],
    "date": ["date", "event_date", "date_start", "start_date", "datetime", "timestamp", "time", "when", "day"],
    "date_end": ["date_end", "end_date"],
    "date_precision": ["date_precision"],
    "latitude": ["latitude", "lat", "y", "lat_dd", "decimal_latitude", "ycoord", "y_coord", "breite"],
    "longitude": ["longitude", "lon", "lng", "long", "x", "lon_dd", "decimal_longitude", "xcoord", "x_coord"],
    "precision": ["precision", "location_precision", "geo_precision"],
    "wkt": ["wkt", "geometry_wkt", "the_geom", "geom_wkt"],
    "geojson": ["geojson", "geometry", "geom"],
    "place_name": [
        "place_name",
        "place",
        "location",
        "location_name",
        "where",
        "city",
        "town",
        "village",
        "locality",
        "address",
        "lieu",
        "localite",
        "ville",
    ],
    "country": ["country_code", "country", "iso2", "cc", "pays"],
    "admin1": ["admin1", "region", "province", "state", "oblast", "county"],
    "url": ["article_urls", "source_url", "article_url", "url", "link", "href", "website"],
    "source_title": ["article_titles", "source_title", "article_title", "source_name"],
    "quote": ["quotes", "quote", "citation", "excerpt"],
    "description": ["description", "notes", "note", "details", "summary", "comment", "comments", "desc"],
}
FIELDS = list(FIELD_ALIASES)
DROPPED_PREFIXES = ("geo_", "event_", "source_", "decimal_")
MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?$")
ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:[T ][\d:.]+(?:Z|[+-]\d\d:?\d\d)?)?$")
DAY_FIRST = re.compile(r"^(\d{1,2})([./-])(\d{1,2})\2(\d{4})$")
WORDY = re.compile(r"^(?:(\d{1,2})[ -]([a-z]+)\.?,?[ -](\d{4})|([a-z]+)\.? (\d{1,2}),? (\d{4})|([a-z]+)\.? (\d{4}))$")


def header_normalise(header: str) -> str:
    """``"Latitude (WGS84)"`` -> ``latitude``; ``"Event Date"`` -> ``event_date``."""
    text = unicodedata.normalize("NFKD", header).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"\(.*?\)|\[.*?\]", " ", text)
    return re.sub(r"[^a-z0-9]+", "_", text).strip("_")


def mapping_guess(columns, given=None) -> dict:
    """``{field: column}`` for the columns we recognise; ``given`` (from ``--columns`` or a preset) wins."""
    given = dict(given or {})
    taken = set(given.values())
    by_name: dict[str, str] = {}
    for column in columns:
        key = header_normalise(column)
        by_name.setdefault(key, column)
        for prefix in DROPPED_PREFIXES:  # geo_latitude, event_title…
            if key.startswith(prefix):
                by_name.setdefault(key[len(prefix) :], column)
    mapping = {}
    for field_name in FIELDS:
        if field_name in given:
            mapping[field_name] = given[field_name]
            continue
        for alias in FIELD_ALIASES[field_name]:
            column = by_name.get(alias)
            if column is not None and column not in taken:
                mapping[field_name] = column
                taken.add(column)
                break
    return mapping


def pairs_parse(text: str, option: str) -> dict:
    """``"title=Name,date=When"`` -> ``{"title": "Name", "date": "When"}``; ValueError on a bad item."""
    pairs = {}
    for item in filter(None, (part.strip() for part in (text or "").split(","))):
        left, sep, right = item.partition("=")
        if not sep or not left.strip() or not right.strip():
            raise ValueError(f"{option}: {item!r} is not NAME=VALUE")
        pairs[left.strip()] = right.strip()
    return pairs


def columns_parse(text: str) -> dict:
    """``--columns`` as ``{field: column}``, refusing fields we do not have."""
    pairs = pairs_parse(text, "--columns")
    unknown = [name for name in pairs if name not in FIELD_ALIASES]
    if unknown:
        raise ValueError(f"--columns: unknown field(s) {', '.join(unknown)} (known: {', '.join(FIELDS)})")
    return pairs


def number_parse(text):
    """A finite float from ``"45.5"``, ``"45,5"`` (decimal comma) or a number; None when empty."""
    if text is None:
        return None
    if isinstance(text, bool):
        raise ValueError(NOT_A_NUMBER.format(text=repr(text)))
    if isinstance(text, int | float):
        value = float(text)
    else:
        text = text.strip().replace("\u2212", "-")
        if not text:
            return None
        if not NUMBER.match(text):
            raise ValueError(NOT_A_NUMBER.format(text=repr(text)))
        value = float(text.replace(",", "."))
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError(NOT_FINITE.format(text=repr(text)))
    return value


def slashed_order(text) -> str:
    """Which order a ``nn/nn/yyyy`` date allows: ``day`` (first > 12), ``month`` (second > 12), ``either``, or
    ``""`` when the text is not such a date. One file has one order, so one such date decides for all."""
    found = DAY_FIRST.match((text or "").strip())
    if not found:
        return ""
    first, second = int(found.group(1)), int(found.group(3))
    return "day" if first > 12 else "month" if second > 12 else "either"


class _DateRefused(ValueError):
    """A date refused with its own reason (not "not a real date")."""


def date_parse(text, date_format="", order="day") -> tuple[date | None, str]:
    """``(date, precision)`` from ISO (``2025-03-12``, ``2025-03``, ``2025``), ``12/03/2025``, ``12.03.2025``,
    ``12 March 2025``, ``March 12, 2025`` or ``March 2025``; ``date_format`` (strptime) wins when given.

    Slashed and dotted dates are read in ``order``: ``day`` first (``dd/mm/yyyy``), ``month`` first, or
    ``either`` (while a file's order is still unknown: whichever reads). In day-first order a value that
    only makes sense month first is refused with a hint to pass ``--date-format``.
    """
    text = (text or "").strip()
    if not text:
        return None, ""
    if date_format:
        try:
            return datetime.strptime(text, date_format).date(), "day"
        except ValueError:
            raise ValueError(NOT_DATE_FORMAT.format(text=repr(text), date_format=repr(date_format))) from None
    try:
        if found := ISO_DATE.match(text):
            year, month, day = found.groups()
            precision = "day" if day else "month" if month else "year"
            return date(int(year), int(month or 1), int(day or 1)), precision
        if found := DAY_FIRST.match(text):
            day, _, month, year = found.groups()
            if order == "month" or (order == "either" and slashed_order(text) == "month"):
                day, month = month, day
            elif int(month) > 12 and int(day) <= 12:
                raise _DateRefused(DATE_MONTH_FIRST.format(text=text))
            return date(int(year), int(month), int(day)), "day"
        if found := WORDY.match(text.lower()):
            d1, m1, y1, m2, d2, y2, m3, y3 = found.groups()
            month = MONTHS.get(m1 or m2 or m3)
            if month is None:
                raise _DateRefused(NO_SUCH_MONTH.format(text=repr(text)))
            if m3:
                return date(int(y3), month, 1), "month"
            return date(int(y1 or y2), month, int(d1 or d2)), "day"
    except _DateRefused:
        raise
    except ValueError:  # from date(): a day or month that does not exist
        raise ValueError(NOT_A_REAL_DATE.format(text=repr(text))) from None
    raise ValueError(NOT_A_DATE.format(text=repr(text)))


def geometry_from_wkt(text):
    """A GeoJSON geometry dict from WKT; None when empty."""
    text = (text or "").strip()
    if not text:
        return None
    try:
        return json.loads(shapely.to_geojson(wkt.loads(text)))  # lists, not shapely's tuples: JSON to store
    except (ShapelyError, ValueError, TypeError) as exc:
        raise ValueError(NOT_WKT.format(reason=str(exc)[:80])) from None


def geometry_from_json_text(text):
    text = (text or "").strip()
    if not text:
        return None
    try:
        value = stored_json_loads(text)  # the stored-value gate: size and depth checked before parsing
    except StoredValueError as exc:
        raise ValueError(NOT_STORABLE_GEOJSON.format(reason=exc.message)) from None
    if not isinstance(value, dict):
        raise ValueError(str(NOT_A_GEOMETRY_OBJECT))
    return value
