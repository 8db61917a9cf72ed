"""The map's JSON views: staff with change_event only, GET only, parameters checked."""

import pytest

from events.models import Place

GEOCODE_URL = "/admin/events/event/geocode/"
REVERSE_URL = "/admin/events/event/reverse/"
QUERIES = {GEOCODE_URL: {"q": "Deveselu", "country": "ro"}, REVERSE_URL: {"lat": "47.8", "lon": "24.1"}}


@pytest.mark.parametrize("url", [GEOCODE_URL, REVERSE_URL])
@pytest.mark.parametrize("role", ["anonymous", "non_staff"])
def test_anonymous_and_non_staff_are_sent_to_the_login_page(client_for, geocoder_log, role, url):
    response = client_for(role).get(url, QUERIES[url])
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert geocoder_log == []


@pytest.mark.parametrize("url", [GEOCODE_URL, REVERSE_URL])
def test_staff_without_change_event_permission_is_refused(client_for, geocoder_log, url):
    assert client_for("staff_without_permissions").get(url, QUERIES[url]).status_code == 403
    assert geocoder_log == []


@pytest.mark.parametrize("role", ["editor", "superuser"])
def test_place_search_returns_ranked_candidates_with_the_country_hint(client_for, geocoder_log, role):
    response = client_for(role).get(GEOCODE_URL, QUERIES[GEOCODE_URL])
    assert response.status_code == 200
    candidate = response.json()["candidates"][0]
    place = Place.objects.get(name="Deveselu", country_code="RO")
    assert candidate["name"] == "Deveselu"
    assert (candidate["latitude"], candidate["longitude"]) == (place.latitude, place.longitude)
    assert geocoder_log == [("search", "Deveselu", "RO")]


def test_reverse_returns_the_nearest_place(editor_client, geocoder_log):
    response = editor_client.get(REVERSE_URL, QUERIES[REVERSE_URL])
    assert response.status_code == 200
    candidate = response.json()["candidate"]
    assert candidate["name"] == "Bârsana"  # 3 km away: the nearest place in the gazetteer
    assert candidate["distance_km"] < 5
    assert geocoder_log == [("reverse", 47.8, 24.1)]


@pytest.mark.parametrize("url", [GEOCODE_URL, REVERSE_URL])
def test_post_is_not_allowed(editor_client, geocoder_log, url):
    assert editor_client.post(url, QUERIES[url]).status_code == 405


@pytest.mark.parametrize(
    ("url", "params", "message"),
    [
        (GEOCODE_URL, {"q": "  "}, "Type a place name"),
        (GEOCODE_URL, {"q": "x" * 201}, "longer than 200"),
        (GEOCODE_URL, {"q": "Deveselu", "country": "ROU"}, "two-letter"),
        (REVERSE_URL, {"lat": "abc", "lon": "1"}, "decimal degrees"),
        (REVERSE_URL, {"lat": "nan", "lon": "1"}, "finite"),
        (REVERSE_URL, {"lat": "1e400", "lon": "1"}, "finite"),
        (REVERSE_URL, {"lat": "91", "lon": "1"}, "within ±90"),
    ],
)
def test_bad_parameters_get_a_400_with_a_message(editor_client, geocoder_log, url, params, message):
    response = editor_client.get(url, params)
    assert response.status_code == 400
    assert message in response.json()["error"]
    assert geocoder_log == []


@pytest.mark.usefixtures("gazetteer")
def test_find_names_each_candidates_country_and_warns_when_none_is_in_the_hinted_one(editor_client):
    body = editor_client.get(GEOCODE_URL, {"q": "Tudora", "country": "MD"}).json()
    assert [(c["name"], c["country_code"], c["country_name"]) for c in body["candidates"]] == [
        ("Tudora", "RO", "Romania")
    ]
    assert body["warning"] == "None of these places is in Moldova (MD), the event's country."


@pytest.mark.usefixtures("gazetteer")
def test_find_gives_no_warning_when_a_candidate_is_in_the_hinted_country(editor_client):
    body = editor_client.get(GEOCODE_URL, {"q": "Kremenchug", "country": "MD"}).json()
    assert body["candidates"][0]["country_code"] == "MD"
    assert body["warning"] == ""


@pytest.mark.usefixtures("gazetteer")
def test_reverse_says_which_country_the_point_is_in(editor_client):
    # Solotvyno, across the Tisa from Sighetu Marmației: the nearest place may be either side.
    body = editor_client.get(REVERSE_URL, {"lat": "47.94728", "lon": "23.87433"}).json()
    assert body["country"] == {"code": "UA", "name": "Ukraine"}
