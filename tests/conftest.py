"""Shared fixtures: small, chained, and built through the real models."""

import functools
import os
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import translation

from events.models import Article, Citation, Event, EventKind, Precision
from tests.gazetteer_copy import gazetteer_aside_drop, gazetteer_copy_back, gazetteer_put_aside


@pytest.fixture
def kinds(db):
    call_command("loaddata", "event_kinds", verbosity=0)
    return {kind.slug: kind for kind in EventKind.objects.all()}


@pytest.fixture
def article(db):
    return Article.objects.create(
        title="Romania and Ukraine to produce drones together",
        slug="romania-ukraine-drones",
        url="https://news.example.org/romania-ukraine-drones",
        publisher="Example News",
        country_hint="RO",
        text="Romania is set to embark on a groundbreaking collaboration with Ukraine.",
    )


@pytest.fixture
def make_event(kinds, article):
    """Create an event citing ``article``; keyword arguments override the defaults."""

    def make(**fields):
        values = {
            "key": f"event-{Event.objects.count() + 1}",
            "title": "US troops at Deveselu",
            "kind": kinds["military-base"],
            "place_name": "Deveselu",
            "latitude": 44.06667,
            "longitude": 24.38333,
            "precision": "settlement",
            "status": Event.Status.PUBLISHED,
        } | fields
        event = Event.objects.create(**values)
        Citation.objects.create(event=event, article=article, quote="… as well as the Deveselu … bases.")
        return event

    return make


@pytest.fixture
def pending_event(make_event):
    """An event waiting for the geocoder: a place name, no point."""

    def make(place_name, country_hint="RO"):
        return make_event(
            place_name=place_name,
            country_hint=country_hint,
            latitude=None,
            longitude=None,
            precision="unknown",
            geocode_status="pending",
        )

    return make


# Services ---------------------------------------------------------------------


@pytest.fixture
def spy(monkeypatch):
    """``spy(module, "name")`` wraps the function in place and returns the list of events it was called with."""

    def wrap(module, name):
        calls, real = [], getattr(module, name)

        @functools.wraps(real)
        def recorded(event, *args, **kwargs):
            calls.append(event)
            return real(event, *args, **kwargs)

        monkeypatch.setattr(module, name, recorded)
        return calls

    return wrap


# Article importer ---------------------------------------------------------------

ARTICLE_DATA = Path(__file__).parent / "data" / "articles"


@pytest.fixture
def geocoder_calls(monkeypatch):
    """Replace the geocoder (our own boundary) by one that puts every name on Galați and logs the calls."""
    calls = []

    def fake_event_geocode(event, *, context=()):
        calls.append((event.place_name, tuple(context)))
        event.latitude, event.longitude = 45.4353, 28.0080
        event.precision = Precision.SETTLEMENT
        event.geocode_status = Event.GeocodeStatus.OK
        event.geocode_source = "fake"

    monkeypatch.setattr("events.services.geocoding.event_geocode", fake_event_geocode)
    return calls


@pytest.fixture
def importer_ready(kinds, geocoder_calls):
    """Event kinds loaded and the geocoder stubbed; returns the geocoder call log."""
    return geocoder_calls


# Gazetteer ----------------------------------------------------------------------


@pytest.fixture(scope="session")
def gazetteer_session(django_db_setup, django_db_blocker):
    """Romania, Ukraine and Moldova loaded once per test session, and put aside (``tests/gazetteer_copy.py``)."""
    with django_db_blocker.unblock():
        call_command("load_gazetteer", "--countries", "RO,UA,MD", "--replace", verbosity=0)
        gazetteer_put_aside()
    yield
    with django_db_blocker.unblock():
        gazetteer_aside_drop()


@pytest.fixture
def gazetteer(gazetteer_session, db):
    """The session's gazetteer, copied back if a transactional test flushed it; lookup caches cleared."""
    from events.models import Place
    from events.services.gazetteer_search import gazetteer_cache_clear

    if not Place.objects.exists():
        gazetteer_copy_back()
    gazetteer_cache_clear()


# Caches ---------------------------------------------------------------------------

# Redis for the cache tests: its own database number, and a key prefix per test process so
# that two suites running at once (or other projects on the same server) never meet.
REDIS_TEST_URL = os.environ.get("MAPPER_TEST_REDIS_URL", "redis://127.0.0.1:6379/9")
REDIS_TEST_PREFIX = f"mapper-test-{os.getpid()}"


def cache_clear(alias):
    """Empty one cache; on Redis only this test process's keys (never FLUSHDB a shared server)."""
    backend = caches[alias]
    if isinstance(backend, RedisCache):
        client = backend._cache.get_client(write=True)
        keys = list(client.scan_iter(match=f"{backend.key_prefix}*"))
        if keys:
            client.delete(*keys)
    else:
        backend.clear()


@pytest.fixture(autouse=True)
def caches_cleared(django_db_setup, django_db_blocker):
    """Rate-limit counts and cached answers never leak from one test into the next.

    Transactional tests (live server, browser) commit, and a flush leaves cache tables alone.
    """
    yield
    with django_db_blocker.unblock():
        for alias in settings.CACHES:
            cache_clear(alias)


def redis_caches() -> dict:
    """CACHES as production has them with CACHE_URL=redis://…, pointed at the test database and prefix."""
    try:
        redis.Redis.from_url(REDIS_TEST_URL, socket_connect_timeout=1).ping()
    except redis.RedisError as exc:
        if os.environ.get("CI"):
            raise
        pytest.skip(f"Redis is not reachable at {REDIS_TEST_URL}: {exc}")
    backend = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_TEST_URL}
    return {
        "default": backend | {"KEY_PREFIX": REDIS_TEST_PREFIX},
        "answers": backend | {"KEY_PREFIX": REDIS_TEST_PREFIX + "-answers"},
        "matches": backend | {"KEY_PREFIX": REDIS_TEST_PREFIX + "-matches"},
    }


@pytest.fixture(params=["database", "redis"])
def shared_cache(request, settings):
    """Run a test once on the default database cache and once on Redis; yields the backend's name."""
    if request.param == "redis":
        settings.CACHES = redis_caches()
    yield request.param
    if request.param == "redis":
        for alias in settings.CACHES:
            cache_clear(alias)


@pytest.fixture
def committed(db):
    """``committed(write)`` runs a write, then what its commit would run (the on-commit callbacks).

    A test's own transaction never commits, so without this the data version would stay
    "pending" for it. Callbacks registered earlier (by fixtures) run too; returns the write's result.
    """

    def run(write=lambda: None):
        result = write()
        connection = transaction.get_connection()
        hooks, connection.run_on_commit = connection.run_on_commit, []
        for _savepoints, callback, _robust in hooks:
            callback()
        return result

    return run


# Stored values that broke the rules before the gate existed ----------------------

DEEP_950 = "[" * 950 + "1" + "]" * 950  # attributes an article file could import before the gate
LEGACY_VALUES = {
    "nested-950-deep": DEEP_950,
    "number-too-big-for-a-float": '{"a": 1e999}',  # Python reads it as infinity; PostgreSQL keeps it
    "nan": '{"a": NaN}',
    "nul": '{"a\\u0000": "b\\u0000"}',
}
POSTGRES_REFUSES = {"nan", "nul"}  # jsonb cannot hold them, so no such row exists there
LEGACY_JSON_FIELDS = ["attributes", "geometry", "geocode_candidates"]


@pytest.fixture
def store_raw(db):
    """``store_raw(obj, field, text)`` writes JSON or text straight to obj's column, past every validator.

    As ``loaddata``, SQL or an older release would have stored it. On SQLite the
    column's JSON_VALID check is switched off for the write, so that ``NaN`` can be
    stored too; PostgreSQL cannot hold NaN or NUL in jsonb at all.
    """

    def store(obj, field_name, text):
        field = obj._meta.get_field(field_name)
        table, column = obj._meta.db_table, field.column
        is_json = field.get_internal_type() == "JSONField"
        placeholder = "CAST(%s AS jsonb)" if is_json and connection.vendor == "postgresql" else "%s"
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute("PRAGMA ignore_check_constraints = ON")
            else:  # a row from before the length checks: drop them for this test's transaction
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending foreign-key checks block ALTER
                for constraint in obj._meta.constraints:
                    if constraint.name.endswith(f"_{field_name}_length"):
                        cursor.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{constraint.name}"')
            try:
                cursor.execute(f'UPDATE "{table}" SET "{column}" = {placeholder} WHERE id = %s', [text, obj.pk])
            finally:
                if connection.vendor == "sqlite":
                    cursor.execute("PRAGMA ignore_check_constraints = OFF")

    return store


@pytest.fixture(params=list(LEGACY_VALUES))
def legacy_value(request):
    """Each of LEGACY_VALUES that the database in use can hold."""
    if connection.vendor == "postgresql" and request.param in POSTGRES_REFUSES:
        pytest.skip("PostgreSQL's jsonb cannot store this value, so no legacy row can hold it")
    return LEGACY_VALUES[request.param]


@pytest.fixture(params=LEGACY_JSON_FIELDS)
def legacy_event(request, make_event, store_raw, legacy_value):
    """A published event whose attributes, geometry or candidates hold one of LEGACY_VALUES, stored raw."""
    event = make_event(title="A legacy event", description="Stored before the rules")
    store_raw(event, request.param, legacy_value)
    return event


@pytest.fixture(autouse=True)
def english_after_each_test():
    """A request in another language leaves it active in the test's thread (LocaleMiddleware never
    deactivates): back to the default after each test, so later tests see English messages."""
    yield
    translation.activate(settings.LANGUAGE_CODE)
