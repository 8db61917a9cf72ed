"""The offline base map's names never overlap, and settlements are named in the reader's language where CLDR knows them.

Tiles blocked (as with no internet); the test gazetteer holds Romania, Ukraine and Moldova.
"""

import pytest

from tests.browser.conftest import TILES, PageProblems, screenshot, wait_loaded
from tests.browser.test_map_failures import FAILED_REQUEST

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("gazetteer")]

# The boxes of the names shown (not the crowded ones), as drawn.
SHOWN_BOXES = """() => [...document.querySelectorAll('#map .map-label:not(.map-label--crowded) span')].map(span => {
    const box = span.getBoundingClientRect();
    return {name: span.textContent, left: box.left, right: box.right, top: box.top, bottom: box.bottom};
})"""


def overlapping(boxes):
    return [
        (a["name"], b["name"])
        for i, a in enumerate(boxes)
        for b in boxes[i + 1 :]
        if a["left"] < b["right"] and b["left"] < a["right"] and a["top"] < b["bottom"] and b["top"] < a["bottom"]
    ]


@pytest.fixture
def offline_map(browser, live_server):
    contexts = []

    def open_(hash_, locale):
        context = browser.new_context(viewport={"width": 1280, "height": 800}, locale=locale)
        contexts.append(context)
        page = context.new_page()
        problems = PageProblems(page)
        page.route(TILES, lambda route: route.abort())
        page.goto(f"{live_server.url}/{hash_}")
        wait_loaded(page)
        page.wait_for_selector("#map[data-base-layer=outlines]")
        page.locator("#map .map-label span").first.wait_for()
        return page, problems

    yield open_
    for context in contexts:
        context.close()


@pytest.mark.parametrize("locale", ["en-GB", "uk-UA"])
def test_no_two_names_overlap_at_any_zoom(offline_map, seed_events, locale):
    page, problems = offline_map("#map=4/46.5/28", locale)
    crowded = 0
    for zoom in (4, 5, 6, 7, 8, 9):
        if zoom > 4:
            page.locator(".leaflet-control-zoom-in").click()
            page.wait_for_function("zoom => location.hash.startsWith(`#map=${zoom}/`)", arg=zoom)
            page.wait_for_function("() => !document.querySelector('.leaflet-zoom-anim')")
            page.wait_for_timeout(300)  # the labels of the new zoom are in
        boxes = page.evaluate(SHOWN_BOXES)
        assert boxes, f"zoom {zoom}: no label shown"
        assert overlapping(boxes) == [], f"zoom {zoom}"
        crowded += page.locator("#map .map-label--crowded").count()
    assert crowded > 0  # some names did stand in each other's way, and gave way
    screenshot(page, f"offline-labels-zoom9-{locale[:2]}.png")
    problems.assert_none(ignore=[FAILED_REQUEST])


def test_the_ukrainian_map_names_cities_in_ukrainian_where_cldr_does(offline_map, seed_events):
    page, problems = offline_map("#map=6/47/28", "uk-UA")
    page.get_by_text("Бухарест", exact=True).wait_for()
    names = page.locator("#map .map-label--settlement span").all_text_contents()
    assert "Київ" in names and "Bucharest" not in names and "Kyiv" not in names
    screenshot(page, "offline-labels-uk-desktop.png")
    problems.assert_none(ignore=[FAILED_REQUEST])
