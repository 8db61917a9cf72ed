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
def area_shapes(monkeypatch):
    """Stand in for geometry.shape_from_spec: small valid shapes for RO and UA, KeyError otherwise."""
    known = {"RO", "UA"}

    def fake_shape_from_spec(spec):
        codes = spec.get("border") or [spec["country"]]
        for code in codes:
            if code not in known:
                raise KeyError(f"no boundary for country {code!r}")
        if "border" in spec:
            return {"type": "LineString", "coordinates": [[22.15, 47.95], [26.62, 48.25]]}
        ring = [[20.2, 43.6], [29.7, 43.6], [29.7, 48.3], [20.2, 48.3], [20.2, 43.6]]
        return {"type": "Polygon", "coordinates": [ring]}

    monkeypatch.setattr("events.services.geometry.shape_from_spec", fake_shape_from_spec, raising=False)


@pytest.fixture
def importer_ready(kinds, geocoder_calls, area_shapes):
    """Event kinds loaded, geocoder and area shapes stubbed; returns the geocoder call log."""
    return geocoder_calls
