"""The admin fits the screen: the event list and form at 1280 px and on a tablet, and the review list's map."""

import pytest
from playwright.sync_api import expect

from events.models import Event
from tests.browser.conftest import ARTIFACTS, TILES, tile_png
from tests.browser.test_admin_editor import editor  # noqa: F401  (the Editors-group user)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LAPTOP = {"width": 1280, "height": 800}
TABLET = {"width": 768, "height": 1024}
SIZES = [pytest.param(LAPTOP, id="1280"), pytest.param(TABLET, id="768")]


def new_page(browser, viewport):
    context = browser.new_context(viewport=viewport)
    tile = tile_png()
    context.route(TILES, lambda route: route.fulfill(status=200, content_type="image/png", body=tile))
    return context, context.new_page()


def log_in(page, live_server, path):
    page.goto(f"{live_server.url}/admin/login/?next={path}")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "a-Long-passphrase-42")
    page.click("input[type=submit]")


def overflow(page) -> dict:
    """How far the page scrolls sideways (0: it fits), and the widest elements past the right edge."""
    return page.evaluate(
        """() => {
            const root = document.scrollingElement;
            const width = root.clientWidth;
            const past = [...document.querySelectorAll('body *')]
                .filter(e => e.getBoundingClientRect().right > width + 1 && getComputedStyle(e).position !== 'fixed')
                .slice(0, 5).map(e => e.tagName + '.' + e.className + '#' + e.id);
            return {scroll: root.scrollWidth - width, past};
        }"""
    )


@pytest.fixture
def review_events(seed_events):
    Event.objects.filter(key__in=["deveselu", "barsana"]).update(status=Event.Status.DRAFT)
    Event.objects.filter(key="campia-turzii").update(geocode_status=Event.GeocodeStatus.NEEDS_REVIEW)
    return seed_events


@pytest.mark.parametrize("viewport", SIZES)
def test_the_event_list_fits_without_scrolling_sideways(browser, live_server, editor, review_events, viewport):  # noqa: F811
    context, page = new_page(browser, viewport)
    log_in(page, live_server, "/admin/events/event/")
    page.wait_for_selector("#result_list")
    measured = overflow(page)
    page.screenshot(path=ARTIFACTS / f"admin-event-list-{viewport['width']}.png", full_page=True)
    assert measured["scroll"] <= 0, measured
    context.close()


@pytest.mark.parametrize("viewport", SIZES)
def test_the_event_form_fits_without_scrolling_sideways(browser, live_server, editor, review_events, viewport):  # noqa: F811
    context, page = new_page(browser, viewport)
    log_in(page, live_server, f"/admin/events/event/{review_events['deveselu'].pk}/change/")
    page.wait_for_selector("[data-event-map][data-map-ready=true]")
    measured = overflow(page)
    page.screenshot(path=ARTIFACTS / f"admin-event-form-{viewport['width']}.png", full_page=True)
    assert measured["scroll"] <= 0, measured
    context.close()


def test_the_review_list_shows_its_events_on_a_map(browser, live_server, editor, review_events):  # noqa: F811
    context, page = new_page(browser, LAPTOP)
    log_in(page, live_server, "/admin/events/event/?status__exact=draft")
    page.wait_for_selector("#review-map[data-ready=true]")
    # The drafts: Deveselu, Bârsana and Sibiu have points; the filter leaves the published ones out.
    assert page.get_attribute("#review-map", "data-rows-drawn") == "3"
    expect(page.locator(".review-map-caption")).to_contain_text("3 of the 3 events listed below")
    page.screenshot(path=ARTIFACTS / "admin-review-list-map.png", full_page=True)

    page.goto(f"{live_server.url}/admin/events/event/?geocode_status__exact=needs_review")
    page.wait_for_selector("#review-map[data-ready=true]")
    assert page.locator("#review-map path.import-row-review").count() == 1  # Câmpia Turzii, hollow
    page.locator("#review-map path.import-row-review").click()
    page.wait_for_url(f"**/admin/events/event/{review_events['campia'].pk}/change/")
    context.close()
