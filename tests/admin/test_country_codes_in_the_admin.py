"""The admin's event form reads the country hint through the country-code rule (``services/country_codes.py``)."""

from tests.admin.test_event_form import change_form_data


def post_hint(client, event, hint):
    return client.post(f"/admin/events/event/{event.pk}/change/", change_form_data(event, country_hint=hint))


def test_a_hint_typed_in_small_letters_or_as_uk_is_stored_as_its_code(editor_client, make_event):
    event = make_event(country_hint="RO")
    response = post_hint(editor_client, event, " uk")
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.country_hint == "GB"


def test_a_hint_that_is_no_code_is_refused_with_the_models_message(editor_client, make_event):
    event = make_event(country_hint="RO")
    response = post_hint(editor_client, event, "R1")
    assert response.status_code == 200
    assert "Use an ISO 3166-1 alpha-2 code such as RO." in response.content.decode()
    event.refresh_from_db()
    assert event.country_hint == "RO"
