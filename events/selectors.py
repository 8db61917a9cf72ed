"""Reads shared by the map, the API, the exports and the feed.

``EventFilter.from_query`` turns query parameters into a validated filter, or
raises ``FilterError`` with a message naming the parameter (the views answer
400 with it). ``events_public`` applies a filter to published events only, so
no public door can show a draft.
"""

import datetime
import math
import re
from dataclasses import dataclass

from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.db.models.lookups import GreaterThanOrEqual, IsNull, LessThanOrEqual
from django.utils.translation import gettext as _

from events.models import Citation, Event, EventKind, Precision
from events.services.borders import BORDER_ZONE_CAP_KM
from events.services.country_codes import country_code_or_blank
from events.sql_hints import Unindexed
from events.text_search import text_condition

MAX_LIMIT = 100_000_000  # ``limit`` is optional: without it every matching event is sent
MAX_ID = 2**63 - 1  # the largest primary key a database column holds
MAX_TEXT_LENGTH = 200
MAX_WITHIN_KM = 20_000
# Bookkeeping no public view shows; not loading it keeps large exports fast.
STAFF_ONLY_FIELDS = ("geocode_candidates", "geocode_reason", "import_hash")
UNDATED_CHOICES = ("include", "exclude", "only")
SLUG_RE = re.compile(r"^[-a-zA-Z0-9_]{1,120}$")


class FilterError(ValueError):
    """A query parameter we refuse.

    ``parameter`` and ``code`` are for programs: they are the same in every language
    and do not change between releases (docs/api.md lists the codes). The message is
    for people: it is in the request's language, starts with the parameter's name
    and says what is accepted.
    """

    def __init__(self, parameter: str, code: str, message: str):
        super().__init__(message)
        self.parameter = parameter
        self.code = code

    def as_json(self) -> dict:
        return {"error": str(self), "code": self.code, "parameter": self.parameter}


@dataclass(frozen=True)
class EventFilter:
    """What a reader asked for. Empty values mean "no filter"."""

    ids: tuple[int, ...] = ()
    article: str = ""
    bbox: tuple[float, float, float, float] | None = None  # min_lon, min_lat, max_lon, max_lat
    kinds: tuple[str, ...] = ()
    q: str = ""
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    undated: str = "include"
    near_border: str = ""  # "UA": any land border of Ukraine; "RO-UA": that one border (codes sorted)
    within_km: float | None = None
    precisions: tuple[str, ...] = ()
    limit: int | None = None

    @classmethod
    def from_query(cls, query) -> "EventFilter":
        """Parse a QueryDict (``request.GET``); unknown parameters are ignored."""
        for name, values in query.lists():
            if any("\x00" in value for value in values):
                raise FilterError(name, "nul_character", _("%(name)s: contains a NUL character.") % {"name": name})
        date_from = _date(query, "date_from")
        date_to = _date(query, "date_to")
        undated = _single(query, "undated") or "include"
        if undated not in UNDATED_CHOICES:
            raise FilterError(
                "undated",
                "invalid_choice",
                _("undated: use one of %(choices)s.") % {"choices": ", ".join(UNDATED_CHOICES)},
            )
        if date_from and date_to and date_from > date_to:
            raise FilterError("date_from", "conflict", _("date_from: must not be after date_to."))
        if undated == "only" and (date_from or date_to):
            raise FilterError("undated", "conflict", _("undated=only cannot be combined with date_from or date_to."))
        near_border = _border(_single(query, "near_border"))
        within_km = _within_km(_single(query, "within_km"))
        if near_border and within_km is not None and within_km > BORDER_ZONE_CAP_KM:
            raise FilterError(
                "within_km",
                "out_of_range",
                _("within_km: at most %(km)g km with near_border.") % {"km": BORDER_ZONE_CAP_KM},
            )
        return cls(
            ids=tuple(_integer(value, "id", 1, MAX_ID) for value in _multi(query, "id")),
            article=_slug(_single(query, "article"), "article"),
            bbox=_bbox(_single(query, "bbox")),
            kinds=tuple(_slug(value, "kind") for value in _multi(query, "kind")),
            q=_text(query, "q"),
            date_from=date_from,
            date_to=date_to,
            undated=undated,
            near_border=near_border,
            within_km=within_km,
            precisions=tuple(_precision(value) for value in _multi(query, "precision")),
            limit=_optional_integer(_single(query, "limit"), "limit", 1, MAX_LIMIT),
        )


def events_matching(params: EventFilter, *, date_index: bool = True) -> QuerySet[Event]:
    """Published events matching ``params`` (every filter but ``limit``), unordered: for counts and groupings.

    ``date_index=False``: the caller narrows them to thin strips found through the point indexes, which
    SQLite must not trade for a date range's many events (``Unindexed``)."""
    events = Event.objects.published()
    if params.ids:
        events = events.filter(pk__in=params.ids)
    if params.article:
        events = events.filter(Exists(Citation.objects.filter(event=OuterRef("pk"), article__slug=params.article)))
    if params.bbox:
        events = events.filter(bbox_condition(params.bbox))
    if params.kinds:
        # The kinds' ids, not a join on their slugs: the bbox and date indexes end with ``kind``, so the
        # condition is checked in the index, not on each row in view (docs/scaling.md, run 6).
        kind_ids = EventKind.objects.filter(slug__in=params.kinds).values_list("pk", flat=True)
        events = events.filter(kind_id__in=list(kind_ids))
    if params.q:
        events = events.filter(text_condition(params.q))
    events = events.filter(_date_condition(params, F("date") if date_index else Unindexed(F("date"))))
    if params.near_border:
        events = events.filter(_border_zone_condition(params.near_border, params.within_km))
    elif params.within_km is not None:
        events = events.filter(border_distance_km__lte=params.within_km)
    if params.precisions:
        events = events.filter(precision__in=params.precisions)
    return events.order_by()


def events_public(params: EventFilter) -> QuerySet[Event]:
    """Published events matching ``params``, ready to serialise without per-row queries.

    Ordered newest first, undated last (then title, id), so that ``limit`` keeps the most recent.
    Citations come with their articles joined, one query per batch of events: a prefetch of
    the articles by id would be one ``IN`` list of every distinct article, which SQLite refuses
    past about a thousand ("Expression tree is too large").
    """
    citations = Citation.objects.select_related("article").defer("article__text")
    events = (
        events_matching(params)
        .select_related("kind")
        .prefetch_related(Prefetch("citations", queryset=citations))
        .defer(*STAFF_ONLY_FIELDS)
    )
    return events.order_by(*NEWEST_FIRST)


NEWEST_FIRST = (F("date").desc(nulls_last=True), "title", "pk")


def point_in_bbox(bbox) -> Q:
    """Events whose point lies in the box (longitude-first); ``min_lon > max_lon`` crosses the antimeridian."""
    min_lon, min_lat, max_lon, max_lat = bbox
    if min_lon <= max_lon:
        longitude = Q(longitude__gte=min_lon, longitude__lte=max_lon)
    else:
        longitude = Q(longitude__gte=min_lon) | Q(longitude__lte=max_lon)
    return Q(latitude__gte=min_lat, latitude__lte=max_lat) & longitude


def shape_in_bbox(bbox) -> Q:
    """Point-less events whose line or area has a bounding box overlapping the box (all in SQL, on stored bounds).

    Found through the index of shapes (``event_status_shape``), not by reading every point-less event."""
    min_lon, min_lat, max_lon, max_lat = bbox
    if min_lon <= max_lon:
        longitude = Q(shape_west__lte=max_lon, shape_east__gte=min_lon)
    else:
        longitude = Q(shape_east__gte=min_lon) | Q(shape_west__lte=max_lon)
    pointless = Q(IsNull(Unindexed(F("latitude")), True))
    return pointless & Q(shape_south__lte=max_lat, shape_north__gte=min_lat) & longitude


def bbox_condition(bbox) -> Q:
    """Points inside the box, plus point-less events whose line or area overlaps it."""
    return point_in_bbox(bbox) | shape_in_bbox(bbox)


def _border_zone_condition(border: str, within_km: float | None):
    """Within ``within_km`` (default: the stored cap) of the border, on either side: one JSON key in SQL.

    ``has_key`` first: on PostgreSQL the GIN index of migration 0005 answers it, so only
    events within the cap of that border are read for the distance.
    """
    km = BORDER_ZONE_CAP_KM if within_km is None else within_km
    return Q(border_zone__has_key=border) & Q(**{f"border_zone__{border}__lte": km})


def _date_condition(params, date):
    if params.undated == "include" and not (params.date_from or params.date_to):
        return Q()  # no condition at all, so the planner is free to pick the bbox or kind index
    dated = Q(IsNull(date, False))
    if params.date_from:
        dated &= Q(GreaterThanOrEqual(date, params.date_from))
    if params.date_to:
        dated &= Q(LessThanOrEqual(date, params.date_to))
    undated = Q(IsNull(date, True))
    return {"include": dated | undated, "exclude": dated, "only": undated}[params.undated]


# --- Parameter parsing: each raises FilterError naming the parameter. -------


def _multi(query, name):
    """Repeatable parameters; commas also separate values (``kind=a,b``)."""
    return [part.strip() for value in query.getlist(name) for part in value.split(",") if part.strip()]


def _single(query, name):
    values = query.getlist(name)
    if len(values) > 1:
        raise FilterError(name, "repeated", _("%(name)s: give it once.") % {"name": name})
    return values[0].strip() if values else ""


def _text(query, name):
    value = _single(query, name)
    if len(value) > MAX_TEXT_LENGTH:
        raise FilterError(
            name, "too_long", _("%(name)s: at most %(count)d characters.") % {"name": name, "count": MAX_TEXT_LENGTH}
        )
    return value


def _slug(value, name):
    if value and not SLUG_RE.match(value):
        raise FilterError(
            name,
            "not_a_slug",
            _("%(name)s: %(value)r is not a slug (letters, digits, hyphens).") % {"name": name, "value": value[:40]},
        )
    return value


def _border(value):
    """A country ("UA") or one border ("RO-UA", either order), upper-cased with the codes sorted."""
    if not value:
        return value
    codes = [country_code_or_blank(code) for code in value.split("-")]
    if len(codes) > 2 or "" in codes:
        raise FilterError(
            "near_border", "invalid_choice", _("near_border: use a country code such as UA, or a border such as RO-UA.")
        )
    if len(codes) == 2 and codes[0] == codes[1]:
        raise FilterError(
            "near_border",
            "invalid_choice",
            _("near_border: a border is between two different countries, such as RO-UA."),
        )
    return "-".join(sorted(codes))


def _precision(value):
    if value not in Precision.values:
        raise FilterError(
            "precision",
            "invalid_choice",
            _("precision: use one of %(choices)s.") % {"choices": ", ".join(Precision.values)},
        )
    return value


def _integer(value, name, low, high):
    if not re.fullmatch(r"[0-9]{1,19}", value) or not low <= int(value) <= high:
        raise FilterError(
            name,
            "out_of_range",
            _("%(name)s: use a whole number from %(low)d to %(high)d.") % {"name": name, "low": low, "high": high},
        )
    return int(value)


def integer_param(query, name, low, high) -> int | None:
    """A whole-number parameter outside the filters (``zoom``, ``offset``); None when absent."""
    return _optional_integer(_single(query, name), name, low, high)


def bbox_param(query) -> tuple[float, float, float, float] | None:
    """``bbox=min_lon,min_lat,max_lon,max_lat`` outside the filters (the offline labels); None when absent."""
    return _bbox(_single(query, "bbox"))


def _optional_integer(value, name, low, high):
    return _integer(value, name, low, high) if value else None


def _number(value, name):
    try:
        number = float(value)
    except ValueError:
        raise FilterError(
            name, "not_a_number", _("%(name)s: %(value)r is not a number.") % {"name": name, "value": value[:40]}
        ) from None
    if not math.isfinite(number):
        raise FilterError(name, "not_a_number", _("%(name)s: must be a finite number.") % {"name": name})
    return number


def _within_km(value):
    if not value:
        return None
    km = _number(value, "within_km")
    if not 0 <= km <= MAX_WITHIN_KM:
        raise FilterError(
            "within_km", "out_of_range", _("within_km: use a distance from 0 to %(km)d.") % {"km": MAX_WITHIN_KM}
        )
    return km


def _date(query, name):
    value = _single(query, name)
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise FilterError(
            name, "not_a_date", _("%(name)s: use an ISO date such as 2024-05-31.") % {"name": name}
        ) from None


def _bbox(value):
    if not value:
        return None
    parts = value.split(",")
    if len(parts) != 4:
        raise FilterError("bbox", "invalid_bbox", _("bbox: use min_lon,min_lat,max_lon,max_lat (four numbers)."))
    min_lon, min_lat, max_lon, max_lat = (_number(part.strip(), "bbox") for part in parts)
    if not all(-180 <= lon <= 180 for lon in (min_lon, max_lon)):
        raise FilterError("bbox", "invalid_bbox", _("bbox: longitudes must be between -180 and 180."))
    if not all(-90 <= lat <= 90 for lat in (min_lat, max_lat)):
        raise FilterError("bbox", "invalid_bbox", _("bbox: latitudes must be between -90 and 90."))
    if min_lat > max_lat:
        raise FilterError("bbox", "invalid_bbox", _("bbox: min_lat must not be above max_lat."))
    return (min_lon, min_lat, max_lon, max_lat)
