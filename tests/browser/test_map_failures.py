"""Offline and failures: no tiles, no API. The page says what happened instead of going blank."""

import json

import pytest

from tests.browser.conftest import DESKTOP, PHONE, screenshot, wait_loaded

pytestmark = pytest.mark.browser

# Chromium reports every failed request as a console error; these are the ones the tests cause on purpose.
FAILED_REQUEST = "Failed to load resource"

ROMANIA_BOX = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "properties": {"code": "RO"},
            "geometry": {
                "type": "Polygon",
                "coordinates": [[[20.2, 43.6], [29.7, 43.6], [29.7, 48.3], [20.2, 48.3], [20.2, 43.6]]],
            },
        }
    ],
}


def serve_countries(route):
    route.fulfill(status=200, content_type="application/geo+json", body=json.dumps(ROMANIA_BOX))


def test_without_tiles_the_map_shows_country_outlines(open_page, seed_events):
    page, problems = open_page("/", tiles=False, routes=[("**/api/countries/", serve_countries)])
    wait_loaded(page)

    notice = page.get_by_role("status")
    notice.get_by_text("Map tiles could not load").wait_for()
    page.locator(".leaflet-outlines-pane path").first.wait_for()
    assert page.locator(".event-marker").count() > 0
    page.locator(".leaflet-control-layers").hover()
    assert page.get_by_label("Country outlines (offline)").is_checked()
    screenshot(page, "map-offline.png")
    notice.get_by_role("button", name="Dismiss").click()
    assert page.locator(".map-notice").is_hidden()
    problems.assert_none(ignore=[FAILED_REQUEST])


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE])
def test_the_tiles_notice_sits_with_the_credits_and_stays_dismissed(open_page, seed_events, viewport):
    """The notice is a line above the credits (bottom right), not over the markers; dismissed, it stays so."""
    page, problems = open_page("/", viewport=viewport, tiles=False, routes=[("**/api/countries/", serve_countries)])
    wait_loaded(page)
    notice = page.locator(".map-notice")
    notice.get_by_text("Map tiles could not load").wait_for()
    assert notice.evaluate("n => n.parentElement.matches('.leaflet-bottom.leaflet-right')")
    box, credits = notice.bounding_box(), page.locator(".leaflet-control-attribution").bounding_box()
    assert box["y"] + box["height"] <= credits["y"] + 0.5  # just above the credits
    for marker in page.locator(".event-marker").all():
        m = marker.bounding_box()
        x, y = m["x"] + m["width"] / 2, m["y"] + m["height"] / 2
        assert not (box["x"] <= x <= box["x"] + box["width"] and box["y"] <= y <= box["y"] + box["height"])

    notice.get_by_role("button", name="Dismiss this notice").click()
    assert notice.is_hidden()
    page.reload()
    wait_loaded(page)
    page.locator(".leaflet-outlines-pane path").first.wait_for()  # the tiles failed again: outlines shown...
    page.wait_for_timeout(300)
    assert page.locator(".map-notice").is_hidden()  # ...without the notice the reader dismissed
    problems.assert_none(ignore=[FAILED_REQUEST])


def test_without_tiles_or_outlines_the_events_still_show(open_page, seed_events):
    page, problems = open_page(
        "/", tiles=False, routes=[("**/api/countries/", lambda route: route.fulfill(status=404, body="missing"))]
    )
    wait_loaded(page)
    page.get_by_role("status").get_by_text("both unavailable").wait_for()
    assert page.locator(".event-marker").count() > 0
    problems.assert_none(ignore=[FAILED_REQUEST])


def test_api_error_shows_a_message_on_the_map_and_can_be_retried(open_page, seed_events):
    failing = {"on": True}

    def events_api(route):
        if failing["on"]:
            route.fulfill(status=500, body="boom")
        else:
            route.continue_()

    page, problems = open_page("/", routes=[("**/api/events/**", events_api)])
    page.wait_for_function("() => document.body.dataset.eventsLoaded === 'error'")

    alert = page.get_by_role("alert")
    assert alert.is_visible()
    assert "could not be loaded (error 500)" in alert.inner_text()
    assert page.locator("#map .leaflet-tile-pane").count() == 1  # the map is still there

    failing["on"] = False
    alert.get_by_role("button", name="Try again").click()
    wait_loaded(page, 1)
    assert not alert.is_visible()
    assert page.evaluate("document.body.dataset.eventsTotal") == "6"
    problems.assert_none(ignore=[FAILED_REQUEST])


def test_embed_shows_only_the_map(open_page, seed_events):
    page, problems = open_page("/?embed=1")
    wait_loaded(page)
    assert page.locator(".site-header, #event-list, #timeline, #filters").count() == 0
    assert page.locator(".event-marker").count() > 0
    assert page.locator(".legend").is_visible()
    problems.assert_none()
