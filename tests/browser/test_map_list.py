"""The list beside the map follows it, and leads to the markers (mouse and keyboard)."""

import pytest

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
