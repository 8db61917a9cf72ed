"""The keyboard: into a popup from the list or a marker, Escape back out; every control reachable by Tab, named."""

import pytest

from tests.browser.conftest import DESKTOP, PHONE, wait_loaded
from tests.browser.phone_folds import unfold

pytestmark = pytest.mark.browser

FOCUSED_IN_POPUP = "() => document.activeElement.closest('.leaflet-popup') !== null"
FOCUSED = """() => {
  const e = document.activeElement;
  const labels = e.labels ? [...e.labels].map(l => l.textContent).join(' ') : '';
  const name = e.getAttribute('aria-label') || labels || e.getAttribute('title') || e.textContent || '';
  return {tag: e.tagName.toLowerCase(), cls: e.className && String(e.className), name: name.trim(),
          id: e.dataset.eventId || null};
}"""


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE])
def test_enter_on_a_list_entry_moves_focus_into_the_popup_and_escape_brings_it_back(open_page, seed_events, viewport):
    page, problems = open_page("/", viewport=viewport)
    wait_loaded(page)
    if viewport is PHONE:
        page.get_by_role("button", name="Show list").click()
    deveselu = seed_events["deveselu"].pk
    page.locator(f'.event-list__item[data-event-id="{deveselu}"]').focus()
    page.keyboard.press("Enter")
    page.locator(".leaflet-popup .event-popup").wait_for()
    page.wait_for_function(FOCUSED_IN_POPUP)
    assert page.evaluate(FOCUSED)["name"] == "US troops at Deveselu"  # the title: what a screen reader reads first
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED_IN_POPUP)  # Tab walks the popup's links
    assert page.evaluate(FOCUSED)["tag"] == "a"

    page.keyboard.press("Escape")
    page.locator(".leaflet-popup").wait_for(state="detached")
    focused = page.evaluate(FOCUSED)
    assert focused["id"] == str(deveselu) and "event-list__item" in focused["cls"], focused
    assert page.locator(f'.event-list__item[data-event-id="{deveselu}"]').is_visible()  # the phone's drawer reopened
    problems.assert_none()


def test_enter_on_a_marker_opens_its_popup_with_focus_and_escape_returns_to_the_marker(open_page, seed_events):
    page, problems = open_page("/")
    wait_loaded(page)
    marker = page.locator(f'.event-marker[data-event-id="{seed_events["campia"].pk}"]')
    marker.focus()
    page.keyboard.press("Enter")
    page.wait_for_function(FOCUSED_IN_POPUP)
    page.keyboard.press("Escape")
    page.locator(".leaflet-popup").wait_for(state="detached")
    assert page.evaluate("() => document.activeElement.dataset.eventId") == str(seed_events["campia"].pk)
    problems.assert_none()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE])
def test_every_control_is_reached_by_tab_and_has_a_name(open_page, seed_events, viewport):
    page, problems = open_page("/", viewport=viewport)
    wait_loaded(page)
    if viewport is PHONE:
        assert page.get_by_role("button", name="Filters").is_visible()
        unfold(page, "filters")  # what a reader opens to reach the filters and the timeline's range
        unfold(page, "timeline")
        page.get_by_role("button", name="Show list").click()
    page.locator("body").focus()
    reached = []
    for _ in range(80):
        page.keyboard.press("Tab")
        reached.append(page.evaluate(FOCUSED))
    unnamed = [element for element in reached if not element["name"]]
    assert unnamed == []
    names = " | ".join(element["name"] for element in reached)
    for control in (
        "Search events",
        "Share & export",
        "Near the borders of",
        "Zoom in",
        "Zoom out",
        "Layers",
        "Kinds",
        "From",
        "US troops at Deveselu",
    ):
        assert control in names, f"{control!r} not reached by Tab: {names}"
    problems.assert_none()
