"""The public map and the admin's Find box fetch through one helper (fetch_json.js), each in its own words.

The map says when its events are unreadable. Whatever the geocoder view answers, the editor reads a
sentence: the view's own error, the status when the answer is no JSON, a word when no answer came; and
the candidates' precision in the editor's language, as the server words it (``models.Precision``),
with no second table of words in the script.
"""

import pytest
from django.utils import translation
from playwright.sync_api import expect

from events.models import Precision
from tests.browser.test_admin_country_checks import open_add_form
from tests.browser.test_admin_editor import editor  # noqa: F401  (the fixture: an Editors member)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

GEOCODE = "**/admin/events/event/geocode/**"
FAILED_TO_LOAD = "Failed to load resource"


def test_the_map_says_when_the_server_sent_events_it_cannot_read(open_page, kinds):
    unreadable = ("**/api/events/?*", lambda route: route.fulfill(status=200, content_type="text/html", body="<p>"))
    page, problems = open_page("/", routes=[unreadable])
    page.wait_for_function("() => document.body.dataset.eventsLoaded === 'error'")
    assert "could not read" in page.get_by_role("alert").inner_text()
    problems.assert_none()


def find(page, name):
    page.fill("#id_place_name", name)
    page.click("[data-geocode-find]")


@pytest.mark.parametrize(
    ("answer", "shown"),
    [
        ({"status": 400, "json": {"error": "The country must be a two-letter code such as RO."}}, "two-letter code"),
        ({"status": 502, "content_type": "text/html", "body": "<h1>Bad gateway</h1>"}, "The geocoder answered 502."),
        (None, "The server could not be reached."),
    ],
    ids=["the view's error", "no JSON", "no answer"],
)
def test_find_says_what_went_wrong(page, live_server, editor, kinds, answer, shown):  # noqa: F811
    open_add_form(page, live_server)
    page.route(GEOCODE, lambda route: route.fulfill(**answer) if answer else route.abort())
    find(page, "Deveselu")
    page.wait_for_selector("[data-place-finder][data-candidates='error']")
    expect(page.locator("[data-geocode-status]")).to_contain_text(shown)
    assert all(FAILED_TO_LOAD in error or "ERR_FAILED" in error for error in page.console_errors)
    page.console_errors.clear()  # the failed request itself, which the test asked for


def test_the_candidates_precision_is_in_the_editors_language(page, live_server, editor, kinds, gazetteer):  # noqa: F811
    page.set_extra_http_headers({"Accept-Language": "ro"})
    open_add_form(page, live_server)
    find(page, "Deveselu")
    page.wait_for_selector("[data-geocode-results] button")

    detail = page.locator("[data-geocode-results] .candidate-detail").first.inner_text()
    with translation.override("ro"):
        romanian = {Precision.label_of(value) for value in Precision.values}
    with translation.override("en"):
        english = {Precision.label_of(value) for value in Precision.values}
    words = detail.split(" · ")
    assert romanian & set(words) and not english & set(words), detail
