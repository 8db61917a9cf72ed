"""Every map falls back to the offline base map when the tiles fail: outlines, country and city names.

The tiles are blocked (every request aborted, as with no internet); the outlines and the labels
come from the project's own /api/countries/ and /api/labels/ (the test gazetteer: RO, UA, MD).
"""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS, DESKTOP, PHONE, TILES, screenshot, wait_loaded
from tests.browser.test_admin_country_checks import open_add_form
from tests.browser.test_admin_editor import editor  # noqa: F401  (the Editors-group user)
from tests.browser.test_article_review import SEED
from tests.browser.test_map_failures import FAILED_REQUEST

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("gazetteer")]


def offline_labels(page, container):
    """Wait for the container's map to show the offline base; the texts of its labels."""
    page.wait_for_selector(f"{container}[data-base-layer=outlines]")
    page.locator(f"{container} .leaflet-outlines-pane path:not([d='M0 0'])").first.wait_for()
    page.locator(f"{container} .map-label span").first.wait_for()
    return label_texts(page, f"{container} .map-label span")


def label_texts(page, selector):
    """The names as written (the country labels are drawn in capitals)."""
    return page.locator(selector).evaluate_all("spans => spans.map(span => span.textContent)")


def test_main_map_names_countries_then_cities_as_it_zooms_in(open_page, seed_events):
    page, problems = open_page("/#map=4/45.5/27", tiles=False)
    wait_loaded(page)
    labels = offline_labels(page, "#map")
    assert {"Romania", "Ukraine", "Moldova"} <= set(labels)
    assert "Bucharest" not in labels  # no cities this far out
    screenshot(page, "offline-main-zoom4.png")

    for zoom in (5, 6, 7):  # the hash is read on load only: zoom in as a reader does
        page.locator(".leaflet-control-zoom-in").click()
        page.wait_for_function("zoom => location.hash.startsWith(`#map=${zoom}/`)", arg=zoom)
    page.get_by_text("Brăila", exact=True).wait_for()  # more than 100,000 people: named from zoom 7
    labels = label_texts(page, "#map .map-label--settlement span")
    assert "Bucharest" in labels
    assert "Bârsana" not in labels  # a village: only much closer in
    assert "Sector 3" not in labels  # Bucharest's sectors would be written over its name
    assert page.locator(".event-marker").count() > 0  # the events stay on top
    screenshot(page, "offline-main-zoom7.png")
    problems.assert_none(ignore=[FAILED_REQUEST])


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_embedded_map_falls_back_too(open_page, seed_events, viewport):
    page, problems = open_page("/?embed=1#map=6/46/25", tiles=False, viewport=viewport)
    wait_loaded(page)
    assert "Romania" in offline_labels(page, "#map")
    screenshot(page, f"offline-embed-{'phone' if viewport is PHONE else 'desktop'}.png")
    problems.assert_none(ignore=[FAILED_REQUEST])


@pytest.mark.parametrize("which", ["event", "article"])
def test_event_and_article_maps_fall_back(open_page, seed_events, which):
    path = f"/events/{seed_events['deveselu'].pk}/" if which == "event" else "/articles/romania-ukraine-drones/"
    page, problems = open_page(path, tiles=False)
    page.wait_for_function("() => document.body.dataset.eventsLoaded === 'true'")
    container = f"#{which}-map"
    labels = offline_labels(page, container)
    assert labels, "no place is named"
    assert page.locator(f"{container} .event-marker").count() >= 1
    expect(page.locator(f"{container} .leaflet-control-attribution")).to_contain_text("Offline: country outlines")
    page.locator(container).screenshot(path=ARTIFACTS / f"offline-{which}-page.png")
    problems.assert_none(ignore=[FAILED_REQUEST])


def block_tiles(page):
    page.unroute(TILES)
    page.route(TILES, lambda route: route.abort())


def test_admin_map_offline_a_click_places_the_point(page, live_server, editor, kinds):  # noqa: F811
    block_tiles(page)
    open_add_form(page, live_server)
    labels = offline_labels(page, "#id_location_map")
    assert "Bucharest" in labels  # the form opens at zoom 6 over Romania

    box = page.locator("#id_location_map").bounding_box()
    page.click("#id_location_map", position={"x": box["width"] / 2, "y": box["height"] / 2})
    page.wait_for_selector("[data-event-map][data-reverse=done]")
    assert page.input_value("#id_latitude") and page.input_value("#id_longitude")
    assert page.locator("#id_location_map .leaflet-marker-pane .leaflet-marker-draggable").count() == 1
    page.locator("fieldset:has(#id_location_map)").screenshot(path=ARTIFACTS / "offline-admin-form.png")
    page.console_errors[:] = [e for e in page.console_errors if FAILED_REQUEST not in e]


def test_article_review_map_falls_back(page, live_server, editor, kinds):  # noqa: F811
    block_tiles(page)
    page.goto(f"{live_server.url}/admin/login/?next=/admin/events/article/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "a-Long-passphrase-42")
    page.click("input[type=submit]")
    page.click("text=New article from text")
    page.fill("#id_title", "Romania and Ukraine to produce drones together")
    page.fill("#id_text", SEED["article"]["text"])
    page.fill("#id_country_hint", "RO")
    page.click("input[name=_propose]")
    page.wait_for_selector("[data-review-map][data-review-ready=true]")
    labels = offline_labels(page, "[data-review-map]")
    assert "Romania" in labels
    expect(page.locator("[data-review-map] .leaflet-marker-icon:not(.map-label)")).to_have_count(4)
    page.screenshot(path=ARTIFACTS / "offline-article-review.png")
    page.console_errors[:] = [e for e in page.console_errors if FAILED_REQUEST not in e]
