"""The small maps of the event and article pages draw the same symbols as the main map."""

import pytest

from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser


def loaded(page):
    page.wait_for_function("() => document.body.dataset.eventsLoaded === 'true'")


def test_event_page_map_shows_its_event(open_page, seed_events):
    page, problems = open_page(f"/events/{seed_events['deveselu'].pk}/")
    loaded(page)
    assert page.locator(f'#event-map .event-marker[data-event-id="{seed_events["deveselu"].pk}"]').count() == 1
    assert page.locator("#event-map path.event-uncertainty").count() == 1  # a settlement: a circle around it
    problems.assert_none()


def test_event_page_map_draws_a_region_as_its_line(open_page, seed_events):
    page, problems = open_page(f"/events/{seed_events['drone'].pk}/")
    loaded(page)
    assert page.locator("#event-map path.event-area").count() == 1
    assert page.locator("#event-map .event-marker").count() == 0
    problems.assert_none()


def test_article_page_links_highlight_their_events(open_page, seed_events):
    page, problems = open_page("/articles/romania-ukraine-drones/")
    loaded(page)
    kogalniceanu = seed_events["kogalniceanu"]
    marker = page.locator(f'#article-map .event-marker[data-event-id="{kogalniceanu.pk}"]')
    marker.wait_for()

    page.locator(f'.event-links a[data-event-id="{kogalniceanu.pk}"]').hover()
    assert "is-highlighted" in marker.get_attribute("class")
    assert page.locator("#article-map").get_by_text("Secret draft").count() == 0
    screenshot(page, "article-page.png")
    problems.assert_none()


@pytest.mark.parametrize("which", ["map", "event", "article"])
def test_every_public_map_credits_geonames_natural_earth_and_openstreetmap(open_page, seed_events, which):
    path = {
        "map": "/",
        "event": f"/events/{seed_events['deveselu'].pk}/",
        "article": "/articles/romania-ukraine-drones/",
    }
    page, problems = open_page(path[which])
    loaded(page)
    credits = page.locator(".leaflet-control-attribution").first.inner_text()
    for source in ("GeoNames", "Natural Earth", "OpenStreetMap"):
        assert source in credits
    problems.assert_none()


def test_pages_have_an_icon_and_nothing_404s(open_page, seed_events):
    missing = []
    page, problems = open_page("/", routes=())
    page.on("response", lambda response: response.status == 404 and missing.append(response.url))
    page.goto(page.url.split("#")[0] + "admin/login/")
    page.goto(page.url.split("admin/")[0])
    loaded(page)
    assert page.locator("link[rel=icon]").get_attribute("href").endswith("favicon.svg")
    assert missing == []
    problems.assert_none()
