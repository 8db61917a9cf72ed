"""What a screen reader reads: the accessibility tree of the map, an event page and an article page.

Playwright's ARIA snapshot is the tree Chromium gives assistive technology, in reading order. These
tests keep what a reader relies on: every landmark and control named, in an order that makes sense,
and nothing read out that only decorates (the offline map's hundred place names, unnamed drawings).
"""

import re

import pytest

from tests.browser.conftest import DESKTOP, TILES, PageProblems, wait_loaded
from tests.browser.test_map_failures import FAILED_REQUEST

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("gazetteer")]

UNNAMED_IMAGE = re.compile(r"^\s*- img\s*$", re.MULTILINE)


@pytest.fixture
def read_aloud(browser, live_server):
    """read_aloud(path) -> (ARIA snapshot of the page's body, problems), tiles blocked: the offline map."""
    contexts = []

    def read(path):
        context = browser.new_context(viewport=DESKTOP)
        contexts.append(context)
        page = context.new_page()
        problems = PageProblems(page)
        page.route(TILES, lambda route: route.abort())
        page.goto(live_server.url + path)
        page.wait_for_selector("[data-base-layer=outlines]")
        page.locator(".map-label span").first.wait_for()  # the place names are drawn...
        if path == "/":
            wait_loaded(page)
        return page.locator("body").aria_snapshot(), problems

    yield read
    for context in contexts:
        context.close()


def in_order(snapshot, *lines):
    """Each line is in the snapshot, after the one before it."""
    at = -1
    for line in lines:
        found = snapshot.find(line, at + 1)
        assert found > at, f"{line!r} missing or out of order"
        at = found


# What each page reads, in this order ("{deveselu}": that seed event's title, and so on).
READ_IN_ORDER = {
    "/": [
        'link "Skip to content"',
        "- main:",
        'search "Filter events"',
        'searchbox "Search events"',
        'combobox "Near the borders of"',
        'region "Map of events"',
        'button "{deveselu}"',  # each marker is a button named by its event
        'button "Zoom in"',
        'button "Layers"',
        'region "Timeline"',
        'complementary "Events in view',
        'heading "Events in view',
    ],
    "/events/{kogalniceanu_id}/": [
        'article "{kogalniceanu}"',
        'heading "{kogalniceanu}" [level=1]',
        "term: Place",
        'region "Map of this event"',
        'button "Zoom in"',
        'region "Sources"',
        'heading "Sources" [level=2]',
        'link "Show on the main map"',
    ],
    "/articles/romania-ukraine-drones/": [
        'heading "Romania and Ukraine to produce drones together" [level=1]',
        'complementary "Events in this article"',
        'region "Map of this article’s events"',
        'link "{deveselu}"',
    ],
}


@pytest.mark.parametrize("path", READ_IN_ORDER, ids=["map", "event", "article"])
def test_a_page_reads_its_landmarks_and_controls_named_and_in_order(read_aloud, seed_events, path):
    names = {key: event.title for key, event in seed_events.items()} | {
        "kogalniceanu_id": seed_events["kogalniceanu"].pk
    }
    snapshot, problems = read_aloud(path.format(**names))
    in_order(snapshot, *(line.format(**names) for line in READ_IN_ORDER[path]))
    assert UNNAMED_IMAGE.findall(snapshot) == []
    assert "Moldova" not in snapshot and "Belarus" not in snapshot  # the offline place names: drawn, not read out
    problems.assert_none(ignore=[FAILED_REQUEST])
