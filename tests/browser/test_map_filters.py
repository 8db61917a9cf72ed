"""Filters refetch the events without a reload; the URL keeps them, and a copied link reopens the view."""

from urllib.parse import parse_qs

import pytest

from tests.browser.conftest import screenshot, wait_loaded

pytestmark = pytest.mark.browser


def list_titles(page):
    return set(page.locator(".event-list__title").all_inner_texts())


def hash_params(page):
    return {key: values[0] for key, values in parse_qs(page.evaluate("location.hash.slice(1)")).items()}


def test_legend_is_the_kind_filter(open_page, seed_events):
    page, problems = open_page("/")
    loads = wait_loaded(page)

    military = page.get_by_role("checkbox", name="Military base")
    military.focus()
    page.keyboard.press("Space")  # keyboard-operable
    loads = wait_loaded(page, loads)

    assert page.evaluate("document.body.dataset.eventsTotal") == "3"
    assert not any(title.startswith("US troops") for title in list_titles(page))
    assert page.locator(f'.event-marker[data-event-id="{seed_events["deveselu"].pk}"]').count() == 0
    assert "military-base" not in hash_params(page)["kind"]
    assert "kind=drone-sighting" in page.locator("#export-csv").get_attribute("href")

    page.get_by_role("button", name="Show all kinds").click()
    wait_loaded(page, loads)
    assert page.evaluate("document.body.dataset.eventsTotal") == "6"
    problems.assert_none()


def test_text_filter(open_page, seed_events):
    page, problems = open_page("/")
    loads = wait_loaded(page)

    page.get_by_role("searchbox", name="Search events").fill("Deveselu")
    wait_loaded(page, loads)

    assert list_titles(page) == {"US troops at Deveselu"}
    assert hash_params(page)["q"] == "Deveselu"
    assert "q=Deveselu" in page.locator("#feed-link").get_attribute("href")
    problems.assert_none()


def test_timeline_range_filters_by_month_and_counts_undated_apart(open_page, seed_events):
    page, problems = open_page("/")
    loads = wait_loaded(page)
    timeline = page.locator("#timeline")
    assert "2 undated" in timeline.inner_text()
    assert timeline.locator("rect").count() == 6  # January to June 2024

    timeline.get_by_label("From month").fill("2")  # March 2024
    loads = wait_loaded(page, loads)
    timeline.get_by_label("To month").fill("2")
    wait_loaded(page, loads)

    assert list_titles(page) == {"US troops at Deveselu", "Drone spotted near the border with Ukraine"}
    assert "Mar 2024 – Mar 2024" in timeline.inner_text()
    assert "not shown while a date range is set" in timeline.inner_text()
    assert timeline.locator("rect.is-in-range").count() == 1
    params = hash_params(page)
    assert (params["from"], params["to"]) == ("2024-03-01", "2024-03-31")
    problems.assert_none()


def test_border_zone_filter(open_page, seed_events):
    page, problems = open_page("/")
    loads = wait_loaded(page)

    page.get_by_label("Near the borders of").select_option("UA")
    wait_loaded(page, loads)

    assert list_titles(page) == {"Bârsana, a border village"}
    assert page.locator(".filters__zone").inner_text() == (
        "Showing events within 30 km of Ukraine’s borders, on either side."
    )
    assert page.get_by_label("Near the borders of").locator("option:checked").inner_text() == "Ukraine"
    screenshot(page, "map-border-zone.png")
    assert (hash_params(page)["near"], hash_params(page)["km"]) == ("UA", "30")
    problems.assert_none()


def test_permalink_restores_view_filters_and_popup(open_page, seed_events):
    deveselu = seed_events["deveselu"]
    page, problems = open_page(f"/#map=11/44.06000/24.39000&kind=military-base&event={deveselu.pk}")
    wait_loaded(page)

    popup = page.locator(".event-popup")
    popup.wait_for()
    assert popup.locator("h3").inner_text() == "US troops at Deveselu"
    assert page.get_by_role("checkbox", name="Military base").is_checked()
    assert not page.get_by_role("checkbox", name="Drone sighting").is_checked()
    assert page.evaluate("document.body.dataset.eventsTotal") == "1"  # Deveselu, the one base in view
    params = hash_params(page)
    assert params["map"] == "11/44.06000/24.39000"  # opening the popup did not move the view
    assert params["event"] == str(deveselu.pk)

    # The same view, shared: the "Link to this view" link opens it again in a fresh page.
    link = page.locator("#permalink").get_attribute("href")
    again, problems_again = open_page("/" + link.split("/", 3)[3])
    wait_loaded(again)
    again.locator(".event-popup").wait_for()
    assert hash_params(again) == params
    assert again.locator(".event-popup h3").inner_text() == "US troops at Deveselu"
    problems.assert_none()
    problems_again.assert_none()


def test_closing_the_popup_drops_the_event_from_the_link(open_page, seed_events):
    page, problems = open_page(f"/#map=10/44.6/28.49&event={seed_events['kogalniceanu'].pk}")
    wait_loaded(page)
    page.locator(".event-popup").wait_for()

    page.locator(".leaflet-popup-close-button").click()
    page.wait_for_function("() => !location.hash.includes('event=')")
    problems.assert_none()
