"""The map's start: its view asked for once, and a box that stays put while the answer's parts arrive.

Each extra view request redraws every marker; each change of the map's box moves the view (and asks again).
"""

import pytest

from events.models import Event
from events.services.data_version import data_version_bump
from tests.browser.conftest import DESKTOP, TILES, PageProblems, tile_png, wait_loaded
from tests.browser.test_map_scale import asked

pytestmark = pytest.mark.browser

# Longer than the page's pause after a move (200 ms, main.js): a second request would have been made by then.
SETTLED_MS = 800
# The map's box as Leaflet reads it (whole pixels).
MAP_BOX = "(({ clientWidth, clientHeight }) => [clientWidth, clientHeight])(document.getElementById('map'))"
# The map's box when the first markers are drawn (data-first-drawn-ms is set then).
BOX_AT_FIRST_DRAW = f"""
new MutationObserver((changes, observer) => {{
  if (!document.body.dataset.firstDrawnMs) return;
  window.__boxAtFirstDraw = {MAP_BOX};
  observer.disconnect();
}}).observe(document, {{ attributes: true, subtree: true, attributeFilter: ["data-first-drawn-ms"] }});
"""


def view_requests(requests):
    return [url for url in requests if "/api/events/?" in url and "zoom=" in url]


@pytest.fixture
def long_border_name(seed_events):
    """An event whose border choice has a long name (Bosnia & Herzegovina): the select grew, wrapping the bar."""
    Event.objects.filter(pk=seed_events["deveselu"].pk).update(border_country="BA")
    data_version_bump()
    return seed_events


def test_the_view_is_asked_for_once_and_the_map_keeps_its_box(browser, live_server, long_border_name):
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.add_init_script(BOX_AT_FIRST_DRAW)
    problems = PageProblems(page)
    tile = tile_png()
    page.route(TILES, lambda route: route.fulfill(status=200, content_type="image/png", body=tile))
    page.goto(live_server.url + "/#map=6/46/25")
    wait_loaded(page)
    assert page.locator("select[name=near_border] option[value=BA]").count() == 1  # the long name is in
    page.wait_for_timeout(SETTLED_MS)  # what is tested is that nothing more happens
    assert len(view_requests(requests)) == 1, view_requests(requests)
    assert asked(requests, "view")["zoom"] == "6"
    assert page.evaluate("document.body.dataset.loadCount") == "1"
    assert page.evaluate("window.__boxAtFirstDraw") == page.evaluate(MAP_BOX)
    assert page.evaluate("location.hash").startswith("#map=6/46.00000/25.00000")  # the permalink's view, exactly
    problems.assert_none()
    context.close()
