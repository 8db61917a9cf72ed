"""The land-borders overlay: switched on from the layer control, drawn from /api/borders/."""

import pytest

from events.models import Event
from tests.browser.conftest import screenshot, wait_loaded

pytestmark = pytest.mark.browser


def test_border_overlay_draws_the_land_borders_of_the_events_countries(open_page, seed_events):
    Event.objects.filter(pk=seed_events["barsana"].pk).update(country_code="RO")
    page, problems = open_page("/")
    wait_loaded(page)
    assert page.locator("path.border-line").count() == 0  # off until the reader asks

    page.locator(".leaflet-control-layers").hover()
    page.get_by_label("Land borders").check()
    page.wait_for_function("() => document.body.dataset.bordersDrawn === '5'")  # RO: BG, HU, MD, RS, UA
    assert page.locator("path.border-line").count() == 5
    screenshot(page, "map-border-overlay.png")

    page.get_by_label("Land borders").uncheck()
    assert page.locator("path.border-line").count() == 0
    problems.assert_none()
