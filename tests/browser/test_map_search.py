"""Searching from the map: case, diacritics and other spellings of a place, with the matched words marked."""

import pytest
from django.db import transaction

from events.models import Citation, Event
from tests.browser.conftest import PHONE, screenshot, wait_loaded

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("gazetteer")]


@pytest.fixture
def places_events(seed_events, kinds):
    article = seed_events["barsana"].citations.get().article
    with transaction.atomic():
        for key, title, place, lat, lon in [
            ("chisinau", "Drone over Chișinău", "Chișinău", 47.0105, 28.8638),
            ("galati", "Shipyard at Galați <b>bold?</b>", "Galați", 45.4353, 28.008),
        ]:
            event = Event.objects.create(
                key=key,
                title=title,
                kind=kinds["drone-sighting"],
                status=Event.Status.PUBLISHED,
                place_name=place,
                latitude=lat,
                longitude=lon,
                precision="settlement",
            )
            Citation.objects.create(event=event, article=article, quote=title)
    return seed_events


def search(page, text):
    loads = int(page.evaluate("document.body.dataset.loadCount"))
    page.get_by_role("searchbox", name="Search events").fill(text)
    wait_loaded(page, loads)
    titles = page.locator(".event-list__title").all_inner_texts()
    marks = page.locator(".event-list__item mark").all_inner_texts()
    return titles, marks


@pytest.mark.parametrize(
    ("text", "title", "marked"),
    [
        ("barsana", "Bârsana, a border village", "Bârsana"),
        ("GALATI", "Shipyard at Galați <b>bold?</b>", "Galați"),
        ("kishinev", "Drone over Chișinău", "Chișinău"),  # another spelling of the place, from the gazetteer
        ("Chişinău", "Drone over Chișinău", "Chișinău"),  # s with cedilla for s with comma below
    ],
)
def test_search_finds_and_marks_the_matched_words(open_page, places_events, text, title, marked):
    page, problems = open_page("/#map=6/46/26")
    wait_loaded(page)
    titles, marks = search(page, text)
    assert titles == [title]
    assert marked in marks
    assert page.locator(".event-list__title b").count() == 0  # a title's markup stays text
    problems.assert_none()


def test_search_screenshots(open_page, places_events):
    for viewport, name in [(None, "map-search-desktop.png"), (PHONE, "map-search-phone.png")]:
        page, problems = open_page("/#map=6/46/26", **({"viewport": viewport} if viewport else {}))
        wait_loaded(page)
        search(page, "kishinev")
        if viewport:
            page.get_by_role("button", name="Show list").click()
        screenshot(page, name)
        problems.assert_none()
