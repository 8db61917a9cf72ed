"""axe-core finds no serious or critical violation on the public pages, at desktop and phone sizes."""

import pytest

from tests.browser.accessibility import inject_axe, serious_violations
from tests.browser.conftest import DESKTOP, PHONE

pytestmark = pytest.mark.browser

SIZES = [(DESKTOP, "desktop"), (PHONE, "phone")]


def opened(open_page, path, viewport):
    page, problems = open_page(path, viewport=viewport)
    inject_axe(page)
    page.reload()
    page.wait_for_function("() => document.body.dataset.eventsLoaded === 'true'")  # the map's events are drawn
    return page, problems


@pytest.mark.parametrize(("viewport", "size"), SIZES)
def test_the_map_page_has_no_serious_violations(open_page, seed_events, viewport, size):
    page, problems = opened(open_page, "/", viewport)
    assert serious_violations(page) == []
    page.locator(f'.event-marker[data-event-id="{seed_events["kogalniceanu"].pk}"]').dispatch_event("click")
    # Measured once faded in: half-transparent text would fail the contrast check for nothing.
    page.wait_for_function("() => getComputedStyle(document.querySelector('.leaflet-popup')).opacity === '1'")
    assert serious_violations(page) == []  # with a popup open
    problems.assert_none()


@pytest.mark.parametrize(("viewport", "size"), SIZES)
def test_an_event_page_has_no_serious_violations(open_page, seed_events, viewport, size):
    page, problems = opened(open_page, f"/events/{seed_events['kogalniceanu'].pk}/", viewport)
    assert serious_violations(page) == []
    problems.assert_none()


@pytest.mark.parametrize(("viewport", "size"), SIZES)
def test_an_article_page_has_no_serious_violations(open_page, seed_events, viewport, size):
    page, problems = opened(open_page, "/articles/romania-ukraine-drones/", viewport)
    assert serious_violations(page) == []
    problems.assert_none()
