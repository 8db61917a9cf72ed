"""Shared fixtures: small, chained, and built through the real models."""

from pathlib import Path

import pytest
from django.core.management import call_command

from events.models import Article, Citation, Event, EventKind, Precision


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
    """Romania, Ukraine and Moldova loaded once per test session (a few seconds)."""
    with django_db_blocker.unblock():
        call_command("load_gazetteer", "--countries", "RO,UA,MD", "--replace", verbosity=0)


@pytest.fixture
def gazetteer(gazetteer_session, db):
    """The session's gazetteer, reloaded if a transactional test flushed it; lookup caches cleared."""
    from events.models import Place
    from events.services.gazetteer_search import gazetteer_cache_clear

    if not Place.objects.exists():
        call_command("load_gazetteer", "--countries", "RO,UA,MD", verbosity=0)
    gazetteer_cache_clear()
