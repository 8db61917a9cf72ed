"""The event form respects the event's country: Find warns, a point across a border asks first."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS
from tests.browser.test_admin_editor import editor  # noqa: F401  (the Editors-group user)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("gazetteer")]

CHISINAU = ("47.00902", "28.85938")


def open_add_form(page, live_server):
    page.goto(f"{live_server.url}/admin/login/?next=/admin/events/event/add/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "a-Long-passphrase-42")
    page.click("input[type=submit]")
    page.wait_for_selector("[data-event-map][data-map-ready=true]")


def test_find_shows_each_candidates_country_and_warns_when_none_is_in_the_hint(
    page,
    live_server,
    editor,  # noqa: F811
    kinds,
):
    open_add_form(page, live_server)
    page.fill("#id_country_hint", "MD")
    page.fill("#id_place_name", "Tudora")
    page.click("[data-geocode-find]")
    page.wait_for_selector("[data-place-finder][data-candidates='1']")

    expect(page.locator("[data-geocode-results] .candidate-detail")).to_contain_text("Romania (RO)")
    expect(page.locator("[data-geocode-status]")).to_contain_text(
        "None of these places is in Moldova (MD), the event's country."
    )
    assert page.get_attribute("[data-place-finder]", "data-warning") == "true"
    page.locator("fieldset:has(#id_location_map)").screenshot(path=ARTIFACTS / "admin-find-warning.png")


def place_in_chisinau_then_click(page, dx, dy):
    """Put the point in Moldova, then click the map ``dx``, ``dy`` pixels from it."""
    page.fill("#id_country_hint", "MD")
    page.fill("#id_place_name", "Chișinău")
    page.fill("#id_latitude", CHISINAU[0])
    page.fill("#id_longitude", CHISINAU[1])
    page.dispatch_event("#id_longitude", "change")
    page.wait_for_timeout(400)  # panTo animates for 0.25 s; the click needs the settled map
    box = page.locator("#id_location_map").bounding_box()
    page.click("#id_location_map", position={"x": box["width"] / 2 + dx, "y": box["height"] / 2 + dy})


def place_in_chisinau_then_click_west(page):
    """About 100 km west of Chișinău: in Romania, across the Prut."""
    place_in_chisinau_then_click(page, -60, 0)


@pytest.fixture
def add_form(page, live_server, editor, kinds):  # noqa: F811
    open_add_form(page, live_server)
    return page


def questions_answered(page, *, accept: bool) -> list[str]:
    """Record every confirm dialog's question, answering it ``accept``."""
    questions = []
    page.on(
        "dialog", lambda dialog: (questions.append(dialog.message), dialog.accept() if accept else dialog.dismiss())
    )
    return questions


def test_a_point_clicked_into_another_country_is_moved_back_unless_confirmed(add_form):
    questions = questions_answered(add_form, accept=False)
    place_in_chisinau_then_click_west(add_form)

    expect(add_form.locator("[data-geocode-status]")).to_have_text("Point moved back: it stays in MD.")
    assert (add_form.input_value("#id_latitude"), add_form.input_value("#id_longitude")) == CHISINAU
    assert questions == ["This point is in Romania (RO), but the event's country is MD. Keep the point there?"]


def test_a_confirmed_point_across_the_border_is_kept(add_form):
    questions = questions_answered(add_form, accept=True)
    place_in_chisinau_then_click_west(add_form)

    expect(add_form.locator("[data-geocode-status]")).to_have_text("Point kept in Romania, outside MD.")
    assert float(add_form.input_value("#id_longitude")) < 28.2
    assert len(questions) == 1


def test_a_point_moved_within_the_country_asks_nothing(add_form):
    questions = questions_answered(add_form, accept=False)
    place_in_chisinau_then_click(add_form, 5, 5)
    add_form.wait_for_selector("[data-event-map][data-reverse=done]")
    assert questions == []
    assert add_form.input_value("#id_longitude") != CHISINAU[1]
