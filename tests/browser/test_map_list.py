"""The list beside the map follows it, and leads to the markers (mouse and keyboard)."""

import pytest

from events.models import Event
from tests.browser.conftest import PHONE, screenshot, wait_loaded

pytestmark = pytest.mark.browser


def list_item(page, event):
    return page.locator(f'.event-list__item[data-event-id="{event.pk}"]')


def test_list_is_sorted_by_date_with_undated_last(open_page, seed_events):
    page, problems = open_page("/")
    wait_loaded(page)
    titles = page.locator(".event-list__title").all_inner_texts()
    assert titles[0] == "US troops at Câmpia Turzii"  # 20 June 2024, the newest
    assert titles[-1] == "Bârsana, a border village"  # undated
    assert page.locator(".event-list__count").inner_text() == "(6)"  # every published event in view
    problems.assert_none()


def test_hover_highlights_the_marker_and_click_opens_its_popup(open_page, seed_events):
    kogalniceanu = seed_events["kogalniceanu"]
    page, problems = open_page("/")
    wait_loaded(page)
    marker = page.locator(f'.event-marker[data-event-id="{kogalniceanu.pk}"]')

    list_item(page, kogalniceanu).hover()
    assert "is-highlighted" in marker.get_attribute("class")
    page.locator(".event-list__heading").hover()
    assert "is-highlighted" not in marker.get_attribute("class")

    list_item(page, kogalniceanu).click()
    page.locator(".event-popup").wait_for()
    assert page.locator(".event-popup h3").inner_text() == kogalniceanu.title
    problems.assert_none()


def test_list_follows_the_map_and_works_from_the_keyboard(open_page, seed_events):
    page, problems = open_page("/#map=11/44.06667/24.38333")
    wait_loaded(page)
    assert page.locator(".event-list__title").all_inner_texts() == ["US troops at Deveselu"]

    list_item(page, seed_events["deveselu"]).focus()
    page.keyboard.press("Enter")
    page.locator(".event-popup").wait_for()
    assert page.locator(".event-popup h3").inner_text() == "US troops at Deveselu"
    problems.assert_none()


def test_phone_drawer_opens_and_leads_to_a_popup(open_page, seed_events):
    page, problems = open_page("/", viewport=PHONE)
    wait_loaded(page)
    toggle = page.locator(".event-list__toggle")
    assert toggle.inner_text() == "Show list"
    assert not page.locator(".event-list__items").is_visible()

    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    screenshot(page, "map-phone-list.png")
    list_item(page, seed_events["barsana"]).click()
    page.locator(".event-popup").wait_for()
    assert toggle.get_attribute("aria-expanded") == "false"  # the drawer made way for the popup
    screenshot(page, "map-phone-popup.png")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]  # nothing sticks out
    problems.assert_none()


def test_events_without_a_location_are_one_click_away(open_page, seed_events):
    nowhere = seed_events["kogalniceanu"]
    Event.objects.filter(pk=nowhere.pk).update(latitude=None, longitude=None)
    page, problems = open_page("/")
    wait_loaded(page)
    assert list_item(page, nowhere).count() == 0  # on no map, so in no view
    unlocated = Event.objects.published().filter(latitude__isnull=True, geometry__isnull=True).count()
    assert unlocated >= 1
    button = page.locator(".event-list__unlocated")
    assert button.inner_text() == f"{unlocated} without a location"
    button.click()
    list_item(page, nowhere).wait_for()
    assert page.locator(".event-list__count").inner_text() == f"({unlocated} without a location)"
    assert page.locator(".event-list__item").count() == unlocated
    button.click()  # "Back to the events in view"
    page.wait_for_function("() => document.querySelector('.event-list__count').textContent === '(5)'")
    problems.assert_none()
