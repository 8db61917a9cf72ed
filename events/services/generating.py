"""Realistic generated events to measure with: clustered around real places, deterministic for a seed.

Events gather around gazetteer places (weighted by population, so capitals are busy and villages
quiet), in every kind and precision, over five years with some undated, about one article per ten
events, a few lines and areas, and their border facts computed as an import would. A bulk load
(``events.bulk_load``): a million events in a few minutes, with the cluster counts and the search
index built once at the end. Generated rows are recognised by their key prefix, so
``events_generated_delete`` removes them and nothing else.
"""

import contextlib
import dataclasses
import datetime
import itertools
import json
import math
from dataclasses import dataclass

import numpy as np
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.models import Max
from django.utils import timezone

from events.bulk_load import bulk_load, rows_write
from events.cell_index import cell_index_suspended
from events.day_index import day_index_suspended
from events.models import SHAPE_BOUNDS_FIELDS, Article, Citation, Event, EventKind, Place, Precision
from events.services import publishing
from events.services.data_version import data_version_bump
from events.services.geometry import events_facts_compute, geometry_bounds

KEY_PREFIX = "gen-"
BATCH_SIZE = 50_000  # a multiple of EVENTS_PER_ARTICLE: no article spans two batches
SQLITE_CACHE_KIB = 512 * 1024
EVENTS_PER_ARTICLE = 10
PLACES_MAX = 5000
LAST_DAY = datetime.date(2025, 12, 31)  # fixed, so a seed gives the same archive on any day
DAYS = 5 * 365
# How far from its place an event lands (degrees, one standard deviation), by precision.
SPREAD_DEGREES = {"exact": 0.01, "near": 0.03, "settlement": 0.05, "region": 0.4, "country": 1.5, "unknown": 0.2}
PRECISION_WEIGHTS = {"exact": 15, "near": 20, "settlement": 45, "region": 10, "country": 5, "unknown": 5}
STATUS_WEIGHTS = {Event.Status.PUBLISHED: 97, Event.Status.DRAFT: 2, Event.Status.ARCHIVED: 1}
UNDATED_SHARE, UNLOCATED_SHARE, SHAPE_SHARE = 0.05, 0.01, 0.002
HAPPENINGS = ["reported", "sighted", "confirmed", "denied", "seen again", "announced", "photographed"]
# Used only when the gazetteer is empty (`load_gazetteer` fills it): real places, GeoNames coordinates.
FALLBACK_PLACES = [
    ("Bucharest", "RO", 44.43225, 26.10626, 1877155),
    ("Galați", "RO", 45.43687, 28.05028, 249432),
    ("Constanța", "RO", 44.18073, 28.63432, 283872),
    ("Bârsana", "RO", 47.81667, 24.06667, 4000),
    ("Deveselu", "RO", 44.06667, 24.38333, 3000),
    ("Kyiv", "UA", 50.45466, 30.5238, 2797553),
    ("Odesa", "UA", 46.47747, 30.73262, 1015826),
    ("Lviv", "UA", 49.83826, 24.02324, 717803),
    ("Izmail", "UA", 45.35, 28.83333, 71411),
    ("Chișinău", "MD", 47.00556, 28.8575, 635994),
    ("Warsaw", "PL", 52.22977, 21.01178, 1702139),
    ("Rzeszów", "PL", 50.04132, 21.99901, 182028),
    ("Budapest", "HU", 47.49835, 19.04045, 1696128),
    ("Sofia", "BG", 42.69751, 23.32415, 1152556),
    ("Vilnius", "LT", 54.68916, 25.2798, 542366),
]


@dataclass
class GenerateReport:
    events: int = 0
    articles: int = 0
    citations: int = 0
    places: int = 0
    fallback_places: bool = False


@dataclass(frozen=True)
class _Place:
    name: str
    country_code: str
    latitude: float
    longitude: float
    weight: float


def places_for_generation(*, gazetteer: bool = True) -> tuple[list[_Place], bool]:
    """The most populous gazetteer places, or the built-in list (True) when the gazetteer is empty or not wanted."""
    rows = Place.objects.filter(feature_class="P").order_by("-population", "pk")[:PLACES_MAX] if gazetteer else []
    places = [_Place(p.name, p.country_code, p.latitude, p.longitude, math.sqrt(max(p.population, 100))) for p in rows]
    if places:
        return places, False
    return [_Place(n, c, lat, lon, math.sqrt(pop)) for n, c, lat, lon, pop in FALLBACK_PLACES], True


def events_generate(
    count: int, *, seed: int = 1, dry_run: bool = False, gazetteer: bool = True, progress=None
) -> GenerateReport:
    """Create ``count`` events (plus articles and citations); ``progress(n)`` is called after each batch.

    A bulk load: values drawn a batch at a time with numpy (one generator, seeded), rows written with
    ``COPY``/``executemany``, and, when the load is larger than what the tables hold, indexes and
    triggers off until the end (``events.bulk_load``). No history rows: nobody edited these events.
    ``gazetteer=False`` uses the built-in places even when the gazetteer is loaded (tests do, so that
    their archive is the same whatever else the test database holds)."""
    kinds = list(EventKind.objects.order_by("pk"))
    if not kinds:
        raise ValueError("No event kinds: load them first with `manage.py loaddata event_kinds`.")
    places, fallback = places_for_generation(gazetteer=gazetteer)
    report = GenerateReport(places=len(places), fallback_places=fallback)
    draw = _Draw(np.random.default_rng(seed), seed, places, kinds)
    writer = None if dry_run else _Writer(timezone.now())
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:  # index pages in memory: inserts stay fast as the file grows
            cursor.execute(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")
    bulk = not dry_run and count > Event.objects.count()
    with transaction.atomic(), bulk_load() if bulk else _triggers_kept():
        next_ids = {model: _next_id(model) for model in (Event, Article, Citation)}
        for start in range(0, count, BATCH_SIZE):
            size = min(BATCH_SIZE, count - start)
            events = draw.events(start, size)
            events_facts_compute(events.located())
            articles = draw.articles(start, size)
            event_ids = np.arange(next_ids[Event], next_ids[Event] + size)
            article_ids = next_ids[Article] + (start + np.arange(size)) // EVENTS_PER_ARTICLE
            article_ids -= start // EVENTS_PER_ARTICLE
            if writer:
                writer.articles(articles, next_ids[Article])
                writer.events(events, event_ids)
                writer.citations(events, next_ids[Citation], event_ids, article_ids)
            next_ids[Event] += size
            next_ids[Article] += len(articles)
            next_ids[Citation] += size
            report.events += size
            report.articles += len(articles)
            report.citations += size
            if progress:
                progress(size)
        if not dry_run:
            _sequences_reset()
            data_version_bump()
    return report


@contextlib.contextmanager
def _triggers_kept():
    """A load smaller than the archive: the triggers keep the derived tables as rows go in."""
    yield


@dataclass
class _Batch:
    """One batch of generated events, column by column (numpy arrays and lists)."""

    key: list[str]
    title: list[str]
    description: list[str]
    kind_id: list[int]
    status: np.ndarray
    place_name: list[str]
    country_hint: list[str]
    precision: np.ndarray
    geocode_status: np.ndarray
    date: np.ndarray
    date_precision: np.ndarray
    latitude: np.ndarray
    longitude: np.ndarray
    geometry: list[dict | None]
    facts: dict[int, "_Facts"] = dataclasses.field(default_factory=dict)  # filled through ``located()``

    @property
    def size(self) -> int:
        return len(self.key)

    def located(self) -> list["_Facts"]:
        """One small object per event with a point or a shape, for ``events_facts_compute`` to fill."""
        rows = np.flatnonzero(~np.isnan(self.latitude) | np.array([g is not None for g in self.geometry]))
        for row in rows.tolist():
            self.facts[row] = _Facts(self, row)
        return list(self.facts.values())


class _Facts:
    """What ``events_facts_compute`` reads from an event and writes on it."""

    __slots__ = (
        "latitude",
        "longitude",
        "geometry",
        "country_hint",
        "country_code",
        "border_country",
        "border_distance_km",
        "border_zone",
    )

    country_code: str
    border_country: str
    border_distance_km: float | None
    border_zone: dict

    def __init__(self, batch, row):
        lat = batch.latitude[row]
        self.latitude = None if np.isnan(lat) else float(lat)
        self.longitude = None if self.latitude is None else float(batch.longitude[row])
        self.geometry, self.country_hint = batch.geometry[row], batch.country_hint[row]


class _Draw:
    """Every random choice, from one seeded numpy generator, in batch order (so a seed gives one archive)."""

    def __init__(self, rng, seed, places, kinds):
        self.rng, self.seed, self.kinds = rng, seed, kinds
        self.place_names = [place.name for place in places]
        self.place_countries = [place.country_code for place in places]
        self.place_lat = np.array([place.latitude for place in places])
        self.place_lon = np.array([place.longitude for place in places])
        weights = np.array([place.weight for place in places])
        self.place_p = weights / weights.sum()

    def _pick(self, weights: dict, size):
        values = [str(value) for value in weights]  # plain strings for the database adapters
        p = np.array(list(weights.values()), dtype=float)
        return np.array(values, dtype=object)[self.rng.choice(len(values), size, p=p / p.sum())]

    def events(self, start, size) -> _Batch:
        rng = self.rng
        place = rng.choice(len(self.place_p), size, p=self.place_p)
        kind = rng.integers(len(self.kinds), size=size)
        precision = self._pick(PRECISION_WEIGHTS, size)
        status = self._pick(STATUS_WEIGHTS, size)
        happening = rng.integers(len(HAPPENINGS), size=size)
        dates, date_precision = self._dates(size)
        roll = rng.random(size)
        spread = np.array([SPREAD_DEGREES[p] for p in precision])
        latitude = np.clip(rng.normal(self.place_lat[place], spread), -89.9, 89.9)
        longitude = np.clip(rng.normal(self.place_lon[place], spread), -180, 180)
        unlocated, shaped = roll < UNLOCATED_SHARE, (roll >= UNLOCATED_SHARE) & (roll < UNLOCATED_SHARE + SHAPE_SHARE)
        latitude[unlocated | shaped] = np.nan
        longitude[unlocated | shaped] = np.nan
        precision[unlocated] = Precision.UNKNOWN.value
        precision[shaped] = Precision.REGION.value
        geocode_status = np.full(size, Event.GeocodeStatus.OK.value, dtype=object)
        geocode_status[unlocated] = Event.GeocodeStatus.NOT_FOUND.value
        geocode_status[shaped] = Event.GeocodeStatus.NOT_APPLICABLE.value
        geometry: list[dict | None] = [None] * size
        for row in np.flatnonzero(shaped).tolist():
            geometry[row] = _shape(rng, self.place_lat[place[row]], self.place_lon[place[row]])
        names = [self.place_names[p] for p in place.tolist()]
        kind_names = [self.kinds[k].name for k in kind.tolist()]
        numbers = range(start, start + size)
        return _Batch(
            key=[f"{KEY_PREFIX}{self.seed}-{n}" for n in numbers],
            title=[
                f"{k} {HAPPENINGS[h]} near {p}" for k, h, p in zip(kind_names, happening.tolist(), names, strict=True)
            ],
            description=[f"Generated event {n} around {p}." for n, p in zip(numbers, names, strict=True)],
            kind_id=[self.kinds[k].pk for k in kind.tolist()],
            status=status,
            place_name=names,
            country_hint=[self.place_countries[p] for p in place.tolist()],
            precision=precision,
            geocode_status=geocode_status,
            date=dates,
            date_precision=date_precision,
            latitude=latitude,
            longitude=longitude,
            geometry=geometry,
        )

    def _dates(self, size):
        """Five years of days back from ``LAST_DAY``; some to the month or year only, some undated."""
        undated = self.rng.random(size) < UNDATED_SHARE
        days = np.datetime64(LAST_DAY) - self.rng.integers(DAYS, size=size).astype("timedelta64[D]")
        precision = self._pick({"day": 85, "month": 12, "year": 3}, size)
        by_month = days.astype("datetime64[M]").astype("datetime64[D]")
        by_year = days.astype("datetime64[Y]").astype("datetime64[D]")
        days = np.where(precision == "month", by_month, np.where(precision == "year", by_year, days))
        text = np.datetime_as_string(days, unit="D").astype(object)
        text[undated] = None
        precision[undated] = ""
        return text, precision

    def articles(self, start, size) -> list[tuple]:
        """(slug, title, published_on) of the articles the batch's events cite, one per ten events."""
        numbers = _article_numbers(start, size)
        published = np.datetime64(LAST_DAY) - self.rng.integers(DAYS, size=len(numbers)).astype("timedelta64[D]")
        days = np.datetime_as_string(published, unit="D").tolist()
        return [
            (f"{KEY_PREFIX}{self.seed}-{number}", f"Generated report {number}", day)
            for number, day in zip(numbers, days, strict=True)
        ]


class _Writer:
    """Rows for the three tables, every column the model has (the rest at their defaults)."""

    def __init__(self, now):
        self.now = now
        self.last_day = datetime.datetime.combine(LAST_DAY, datetime.time(), datetime.UTC)

    def _write(self, model, columns: dict, size: int) -> None:
        """Insert ``size`` rows: ``columns`` maps attnames to sequences; other fields get their default, once."""
        names, values = [], []
        for field in model._meta.concrete_fields:
            names.append(field.column)
            if field.attname in columns:
                values.append(columns[field.attname])
            else:
                values.append(itertools.repeat(self._default(field), size))
        rows_write(model._meta.db_table, names, zip(*values, strict=False))  # defaults repeat endlessly

    def _default(self, field):
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            return connection.ops.adapt_datetimefield_value(self.now)
        value = field.get_default()
        if isinstance(field, models.JSONField):
            return json.dumps(value)
        return value

    def _published_at(self, status):
        stamp = publishing.first_publication(status, None, now=self.last_day)
        return stamp and connection.ops.adapt_datetimefield_value(stamp)

    def articles(self, articles, first_id):
        slugs, titles, days = zip(*articles, strict=True)
        columns = {"id": range(first_id, first_id + len(articles)), "slug": slugs, "title": titles}
        self._write(Article, columns | {"published_on": days, "publisher": itertools.repeat("Generated")}, len(slugs))

    def events(self, batch: _Batch, ids):
        facts = [batch.facts.get(row) for row in range(batch.size)]
        located = ~np.isnan(batch.latitude)
        bounds = [(geometry_bounds(g) if g else None) or (None,) * 4 for g in batch.geometry]
        statuses = batch.status.tolist()
        stamps = {status: self._published_at(status) for status in set(statuses)}  # a few statuses, many rows
        columns = {
            "id": ids.tolist(),
            "key": batch.key,
            "title": batch.title,
            "description": batch.description,
            "kind_id": batch.kind_id,
            "status": statuses,
            "published_at": [stamps[status] for status in statuses],
            "place_name": batch.place_name,
            "country_hint": batch.country_hint,
            "precision": batch.precision.tolist(),
            "geocode_status": batch.geocode_status.tolist(),
            "geocode_source": itertools.repeat("generated"),
            "date": batch.date.tolist(),
            "date_precision": batch.date_precision.tolist(),
            "latitude": _where_located(batch.latitude, located),
            "longitude": _where_located(batch.longitude, located),
            "geometry": [None if g is None else json.dumps(g) for g in batch.geometry],
            "country_code": [f.country_code if f else "" for f in facts],
            "border_country": [f.border_country if f else "" for f in facts],
            "border_distance_km": [f.border_distance_km if f else None for f in facts],
            "border_zone": [json.dumps(f.border_zone) if f else "{}" for f in facts],
        }
        for n, name in enumerate(SHAPE_BOUNDS_FIELDS):
            columns[name] = [b[n] for b in bounds]
        self._write(Event, columns, batch.size)

    def citations(self, batch: _Batch, first_id, event_ids, article_ids):
        columns = {"id": range(first_id, first_id + batch.size), "event_id": event_ids.tolist()}
        self._write(Citation, columns | {"article_id": article_ids.tolist(), "quote": batch.title}, batch.size)


def _where_located(values: np.ndarray, located: np.ndarray) -> list:
    """The values as Python floats, None where the event has no point."""
    column = values.astype(object)
    column[~located] = None
    return column.tolist()


def _next_id(model) -> int:
    return (model.objects.aggregate(last=Max("pk"))["last"] or 0) + 1


def _sequences_reset():
    """After rows inserted with their own ids, PostgreSQL's sequences must move past them."""
    statements = connection.ops.sequence_reset_sql(no_style(), [Event, Article, Citation])
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def events_generated_delete() -> int:
    """Delete every generated event and article (by key and slug prefix); returns the number of events.

    Plain DELETE statements: Django's delete collects every row in Python first and sends signals per
    row (minutes and gigabytes at a million). Nothing else refers to these rows: citations are deleted
    with them, and generated events have no history. The indexes stay (PostgreSQL's foreign-key check
    of each deleted row looks its citations up), the count triggers are off and rebuilt once."""
    generated_events = "SELECT id FROM events_event WHERE key LIKE %s"
    generated_articles = "SELECT id FROM events_article WHERE slug LIKE %s"
    prefix = [f"{KEY_PREFIX}%"]
    with transaction.atomic(), cell_index_suspended(), day_index_suspended(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM events_citation WHERE event_id IN ({generated_events})", prefix)
        cursor.execute(f"DELETE FROM events_citation WHERE article_id IN ({generated_articles})", prefix)
        cursor.execute("DELETE FROM events_event WHERE key LIKE %s", prefix)
        count = cursor.rowcount
        cursor.execute("DELETE FROM events_article WHERE slug LIKE %s", prefix)
    data_version_bump()  # raw deletes send no signal
    return count


def _article_numbers(start, size):
    first, last = start // EVENTS_PER_ARTICLE, (start + size - 1) // EVENTS_PER_ARTICLE
    return range(first, last + 1)


def _shape(rng, lat, lon) -> dict:
    """A short line through the place, or a small quadrilateral around it (valid, a few vertices)."""
    lat, lon = float(lat), float(lon)
    size = rng.uniform(0.05, 0.3)
    if rng.random() < 0.5:
        coordinates = [[lon - size, lat - size / 2], [lon, lat + size / 3], [lon + size, lat + size / 2]]
        return {"type": "LineString", "coordinates": [[round(x, 5), round(y, 5)] for x, y in coordinates]}
    ring = [[lon - size, lat - size], [lon + size, lat - size], [lon + size, lat + size], [lon - size, lat + size]]
    ring = [[round(x, 5), round(y, 5)] for x, y in ring]
    return {"type": "Polygon", "coordinates": [[*ring, ring[0]]]}
