"""API errors speak the reader's language; their ``code`` and ``parameter`` are the same in every one."""

import pytest

from tests.responses import response_body

pytestmark = pytest.mark.django_db

# One refused request per door that answers 400 (or 429) with JSON, and what it names.
REFUSED = [
    ("/api/events/", {"bbox": "1,2,3"}, "bbox", "invalid_bbox"),
    ("/api/events/", {"date_from": "yesterday"}, "date_from", "not_a_date"),
    ("/api/events/", {"format": "xls"}, "format", "invalid_choice"),
    ("/api/events/list/", {"limit": "0"}, "limit", "out_of_range"),
    ("/api/events/histogram/", {"undated": "maybe"}, "undated", "invalid_choice"),
    ("/api/labels/", {"zoom": "5"}, "bbox", "missing"),
    ("/api/borders/", {"countries": "RO,HU,UA"}, "countries", "invalid_choice"),
    ("/api/borders/", {"countries": "RO,FR"}, "countries", "no_such_border"),
    ("/api/events/", {"q": "a\x00b"}, "q", "nul_character"),
]


def refused(client, url, params, language):
    response = client.get(url, params, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 400
    return response.json()


@pytest.mark.parametrize(("url", "params", "parameter", "code"), REFUSED)
def test_an_error_is_translated_and_keeps_its_code_and_parameter(client, url, params, parameter, code):
    english = refused(client, url, params, "en")
    assert (english["code"], english["parameter"]) == (code, parameter)
    for language in ("ro", "uk"):
        translated = refused(client, url, params, language)
        assert (translated["code"], translated["parameter"]) == (code, parameter)
        assert translated["error"] != english["error"], f"{language}: {translated['error']}"


def test_the_message_still_names_the_parameter_first_in_ukrainian(client):
    error = refused(client, "/api/events/", {"within_km": "lots"}, "uk")["error"]
    assert error.startswith("within_km:") and "не є числом" in error


def test_too_many_requests_is_translated(client, settings):
    settings.MAPPER_RATE_LIMITS = settings.MAPPER_RATE_LIMITS | {"api": "1/m"}
    # Two different questions: an answer the server already holds is not counted (README "Caching and rate limits").
    client.get("/api/events/histogram/", {"q": "drone"}, HTTP_ACCEPT_LANGUAGE="ro")
    response = client.get("/api/events/histogram/", {"q": "troops"}, HTTP_ACCEPT_LANGUAGE="ro")
    assert response.status_code == 429
    assert response.json()["code"] == "rate_limited"
    assert "încercați din nou" in response.json()["error"]


def test_the_admin_event_lists_country_and_border_cells_follow_the_language(admin_client, make_event):
    make_event(country_code="RO", border_country="UA", border_distance_km=12.345)
    make_event(title="No neighbour known", country_code="MD", border_distance_km=3.0)
    html = admin_client.get("/admin/events/event/", HTTP_ACCEPT_LANGUAGE="uk").content.decode()
    assert "12,3 км (Україна)" in html and "Румунія (RO)" in html
    assert "3,0 км (невідома країна)" in html
    assert "Ukraine" not in html and " km " not in html


def test_a_download_keeps_english_column_names_in_every_language_but_translates_the_kml_balloon(client, make_event):
    make_event(title="Drone debris", country_code="RO")
    english = response_body(client.get("/api/events/", {"format": "csv"}, HTTP_ACCEPT_LANGUAGE="en"))
    ukrainian = response_body(client.get("/api/events/", {"format": "csv"}, HTTP_ACCEPT_LANGUAGE="uk"))
    header = english.decode("utf-8-sig").splitlines()[0]
    assert header.startswith("id,title,kind,kind_name,date,date_precision")
    assert ukrainian.decode("utf-8-sig").splitlines()[0] == header
    kml = response_body(client.get("/api/events/", {"format": "kml"}, HTTP_ACCEPT_LANGUAGE="uk")).decode()
    assert "&lt;dt&gt;Країна&lt;/dt&gt;&lt;dd&gt;Румунія&lt;/dd&gt;" in kml and "Сторінка події" in kml
    assert '<kml:Data name="kind">' in kml or '<Data name="kind">' in kml  # machine fields keep their names
