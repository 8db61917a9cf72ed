"""Areas and lines are context: under the points, clicked on their outline only, and hidden by a legend switch."""

import pytest

from tests.browser.conftest import DESKTOP, PHONE, screenshot, wait_loaded

pytestmark = pytest.mark.browser


def legend_open(page) -> bool:
    return page.locator(".legend__details").evaluate("d => d.open")


@pytest.mark.parametrize(("viewport", "size"), [(DESKTOP, "desktop"), (PHONE, "phone")])
def test_the_legend_switch_hides_areas_and_lines_but_not_the_points(open_page, seed_events, viewport, size):
    page, problems = open_page("/#map=7/46.5/25.0", viewport=viewport)
    wait_loaded(page)
    line = page.locator("path.event-area")
    assert line.count() == 1  # the drone sighting along the border
    # Drawn under the points: the shapes' pane lies below the markers' pane.
    assert line.evaluate(
        """path => {
            const z = e => Number(getComputedStyle(e.closest('.leaflet-pane')).zIndex);
            return z(path) < z(document.querySelector('.leaflet-marker-pane'));
        }"""
    )
    markers = page.locator(".event-marker").count()
    if size == "phone":
        page.locator(".legend summary").click()  # folded on a phone
    switch = page.get_by_label("Areas and lines")
    assert switch.is_checked()
    switch.uncheck()
    assert line.count() == 0
    assert page.locator(".event-marker").count() == markers
    screenshot(page, f"map-areas-hidden-{size}.png")

    # The list still opens it: its line shows while its popup is open.
    if size == "phone":
        page.get_by_role("button", name="Show list").click()
    page.locator(f'.event-list__item[data-event-id="{seed_events["drone"].pk}"]').click()
    page.locator(".leaflet-popup .event-popup").wait_for()
    assert "Drone spotted near the border" in page.locator(".event-popup__title").inner_text()
    assert line.count() == 1
    if size == "phone" and legend_open(page):  # it folds only where the popup would have too little room
        legend, popup = page.locator(".legend").bounding_box(), page.locator(".leaflet-popup").bounding_box()
        apart_x = legend["x"] + legend["width"] <= popup["x"] or popup["x"] + popup["width"] <= legend["x"]
        apart_y = legend["y"] + legend["height"] <= popup["y"] or popup["y"] + popup["height"] <= legend["y"]
        assert apart_x or apart_y  # the popup and the open legend do not meet
    page.locator(".leaflet-popup-close-button").click()
    page.locator(".leaflet-popup").wait_for(state="detached")
    assert line.count() == 0

    if not legend_open(page):
        page.locator(".legend summary").click()
    switch.check()
    assert line.count() == 1
    problems.assert_none()
