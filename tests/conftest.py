"""Shared fixtures: small, chained, and built through the real models."""

import pytest
from django.core.management import call_command

from events.models import Article, Citation, Event, EventKind


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
