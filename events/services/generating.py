"""Realistic generated events to measure with: clustered around real places, deterministic for a seed.

Events gather around gazetteer places (weighted by population, so capitals are busy and villages
quiet), in every kind and precision, over five years with some undated, about one article per ten
events, a few lines and areas, and their border facts computed as an import would. Rows go in with
``bulk_create`` a batch at a time; the search index follows by its triggers. Generated rows are
recognised by their key prefix, so ``events_generated_delete`` removes them and nothing else.
"""

import datetime
import itertools
import json
import math
import random
from dataclasses import dataclass
from types import SimpleNamespace

from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.models import Max
from django.utils import timezone

from events.cell_index import cell_index_suspended
from events.models import Article, Citation, Event, EventKind, Place, Precision
from events.services import publishing
from events.services.geometry import events_facts_compute, geometry_bounds

KEY_PREFIX = "gen-"
BATCH_SIZE = 5000
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

    ``gazetteer=False`` uses the built-in places even when the gazetteer is loaded (tests do, so that
    their archive is the same whatever else the test database holds)."""
    kinds = list(EventKind.objects.order_by("pk"))
    if not kinds:
        raise ValueError("No event kinds: load them first with `manage.py loaddata event_kinds`.")
    places, fallback = places_for_generation(gazetteer=gazetteer)
    report = GenerateReport(places=len(places), fallback_places=fallback)
    rng = random.Random(seed)
    cumulative = list(itertools.accumulate(place.weight for place in places))
    now = timezone.now()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:  # index pages in memory: inserts stay fast as the file grows
            cursor.execute(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")
    with transaction.atomic(), cell_index_suspended():
        next_ids = {model: _next_id(model) for model in (Event, Article, Citation)}
        for start in range(0, count, BATCH_SIZE):
            size = min(BATCH_SIZE, count - start)
            events = [_event(rng, seed, start + n, places, cumulative, kinds) for n in range(size)]
            events_facts_compute([event for event in events if event.latitude is not None or event.geometry])
            articles = [_article(rng, seed, number) for number in _article_numbers(start, size)]
            first_article = start // EVENTS_PER_ARTICLE
            citations = []
            for event in events:
                event.id, next_ids[Event] = next_ids[Event], next_ids[Event] + 1
            for article in articles:
                article.id, next_ids[Article] = next_ids[Article], next_ids[Article] + 1
            for n, event in enumerate(events):
                article = articles[(start + n) // EVENTS_PER_ARTICLE - first_article]
                citations.append(
                    SimpleNamespace(id=next_ids[Citation], event_id=event.id, article_id=article.id, quote=event.title)
                )
                next_ids[Citation] += 1
            if not dry_run:
                for model, rows in ((Article, articles), (Event, events), (Citation, citations)):
                    rows_insert(model, rows, now)
            report.events += size
            report.articles += len(articles)
            report.citations += size
            if progress:
                progress(size)
        if not dry_run:
            _sequences_reset()
    if not dry_run:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # fresh statistics, so the planner picks the viewport indexes
    return report


def rows_insert(model, rows, now) -> None:
    """INSERT plain rows (objects with attributes named like the model's columns) with one ``executemany``.

    Model instances and ``bulk_create`` would spend most of a million-row run preparing values; here each
    column's converter is picked once. Missing attributes take the field's default, timestamps ``now``.
    """
    fields = model._meta.concrete_fields
    converters = [_converter(field) for field in fields]
    defaults = [
        now if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False) else field.get_default()
        for field in fields
    ]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    marks = ", ".join(["%s"] * len(fields))
    values = [
        tuple(
            convert(getattr(row, field.attname, default))
            for field, convert, default in zip(fields, converters, defaults, strict=True)
        )
        for row in rows
    ]
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({marks})", values)


def _converter(field):
    if isinstance(field, models.JSONField):
        return lambda value: None if value is None else json.dumps(value)
    if isinstance(field, models.DateTimeField):
        return connection.ops.adapt_datetimefield_value
    if isinstance(field, models.DateField):
        return connection.ops.adapt_datefield_value
    return lambda value: value


def _next_id(model) -> int:
    return (model.objects.aggregate(last=Max("pk"))["last"] or 0) + 1


def _sequences_reset():
    """After rows inserted with their own ids, PostgreSQL's sequences must move past them."""
    statements = connection.ops.sequence_reset_sql(no_style(), [Event, Article, Citation])
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def events_generated_delete() -> int:
    """Delete every generated event and article (by key and slug prefix); returns the number of events."""
    with transaction.atomic(), cell_index_suspended():
        generated = Event.objects.filter(key__startswith=KEY_PREFIX)
        Citation.objects.filter(event__in=generated).delete()
        count, _ = generated.delete()
        Article.objects.filter(slug__startswith=KEY_PREFIX).delete()
    return count


def _article_numbers(start, size):
    first, last = start // EVENTS_PER_ARTICLE, (start + size - 1) // EVENTS_PER_ARTICLE
    return range(first, last + 1)


def _article(rng, seed, number) -> Article:
    slug = f"{KEY_PREFIX}{seed}-{number}"
    published = LAST_DAY - datetime.timedelta(days=rng.randrange(DAYS))
    return SimpleNamespace(
        title=f"Generated report {number}", slug=slug, url=None, publisher="Generated", published_on=published
    )


def _weighted(rng, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _event(rng, seed, number, places, cumulative, kinds) -> Event:
    (place,) = rng.choices(places, cum_weights=cumulative)
    kind = kinds[rng.randrange(len(kinds))]
    precision = _weighted(rng, PRECISION_WEIGHTS)
    event = SimpleNamespace(
        key=f"{KEY_PREFIX}{seed}-{number}",
        title=f"{kind.name} {rng.choice(HAPPENINGS)} near {place.name}",
        kind_id=kind.pk,
        description=f"Generated event {number} around {place.name}.",
        place_name=place.name,
        country_hint=place.country_code,
        precision=precision,
        geocode_status=Event.GeocodeStatus.OK,
        geocode_source="generated",
        date=None,
        date_precision="",
        latitude=None,
        longitude=None,
        geometry=None,
        published_at=None,
    )
    publishing.event_status_apply(
        event, _weighted(rng, STATUS_WEIGHTS), now=datetime.datetime.combine(LAST_DAY, datetime.time(), datetime.UTC)
    )
    _date_set(rng, event)
    roll = rng.random()
    if roll < UNLOCATED_SHARE:
        event.precision, event.geocode_status = Precision.UNKNOWN, Event.GeocodeStatus.NOT_FOUND
    elif roll < UNLOCATED_SHARE + SHAPE_SHARE:
        event.geometry = _shape(rng, place)
        event.precision, event.geocode_status = Precision.REGION, Event.GeocodeStatus.NOT_APPLICABLE
        event.shape_west, event.shape_south, event.shape_east, event.shape_north = geometry_bounds(event.geometry)
    else:
        spread = SPREAD_DEGREES[precision]
        event.latitude = _clamp(rng.gauss(place.latitude, spread), -89.9, 89.9)
        event.longitude = _clamp(rng.gauss(place.longitude, spread), -180, 180)
    return event


def _date_set(rng, event):
    if rng.random() < UNDATED_SHARE:
        event.date, event.date_precision = None, ""
        return
    day = LAST_DAY - datetime.timedelta(days=rng.randrange(DAYS))
    event.date_precision = _weighted(rng, {"day": 85, "month": 12, "year": 3})
    event.date = {"day": day, "month": day.replace(day=1), "year": day.replace(month=1, day=1)}[event.date_precision]


def _shape(rng, place) -> dict:
    """A short line through the place, or a small quadrilateral around it (valid, a few vertices)."""
    lat, lon = place.latitude, place.longitude
    size = rng.uniform(0.05, 0.3)
    if rng.random() < 0.5:
        coordinates = [[lon - size, lat - size / 2], [lon, lat + size / 3], [lon + size, lat + size / 2]]
        return {"type": "LineString", "coordinates": [[round(x, 5), round(y, 5)] for x, y in coordinates]}
    ring = [[lon - size, lat - size], [lon + size, lat - size], [lon + size, lat + size], [lon - size, lat + size]]
    ring = [[round(x, 5), round(y, 5)] for x, y in ring]
    return {"type": "Polygon", "coordinates": [[*ring, ring[0]]]}


def _clamp(value, low, high):
    return min(max(value, low), high)
