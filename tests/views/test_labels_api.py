"""/api/labels/: the names the offline base map writes on the outlines, by view and zoom."""

import pytest

from events.services.map_labels import MAX_SETTLEMENTS

pytestmark = pytest.mark.usefixtures("gazetteer")

ROMANIA = "20,43.5,30,48.5"


def labels(client, bbox, zoom):
    response = client.get("/api/labels/", {"bbox": bbox, "zoom": zoom})
    assert response.status_code == 200
    body = response.json()
    return {label["name"] for label in body["countries"]}, [label["name"] for label in body["settlements"]]


def test_far_out_only_countries_are_named(client):
    countries, settlements = labels(client, "-180,-90,180,90", 3)
    assert {"Romania", "Ukraine", "France", "United States"} <= countries
    assert "Moldova" not in countries  # a small country waits for zoom 4
    assert settlements == []


@pytest.mark.parametrize(
    ("zoom", "named", "not_named"),
    [
        (5, "Bucharest", "Galaţi"),  # more than a million; Galaţi has about 220,000
        (7, "Galaţi", "Bârsana"),  # more than 100,000; Bârsana is a village
        (9, "Sighetu Marmaţiei", "Bârsana"),  # more than 10,000
    ],
)
def test_settlements_are_named_by_size_as_the_map_zooms_in(client, zoom, named, not_named):
    _, settlements = labels(client, ROMANIA, zoom)
    assert named in settlements
    assert not_named not in settlements
    assert len(settlements) <= MAX_SETTLEMENTS


def test_the_most_populous_come_first_and_crowded_names_are_left_out(client):
    _, settlements = labels(client, ROMANIA, 7)
    assert settlements[0] == "Bucharest"
    assert not any(name.startswith("Sector ") for name in settlements)  # written over Bucharest's name


def test_the_view_bounds_what_is_named(client):
    countries, settlements = labels(client, "26,44,27,45", 9)  # around Bucharest, east of it
    assert "Cluj-Napoca" not in settlements
    assert "Ukraine" not in countries


@pytest.mark.parametrize(
    ("params", "error"),
    [({"zoom": 5}, "Give bbox"), ({"bbox": ROMANIA}, "Give bbox"), ({"bbox": "1,2,3", "zoom": 5}, "four numbers")],
)
def test_a_bad_request_says_what_to_give(client, params, error):
    response = client.get("/api/labels/", params)
    assert response.status_code == 400
    assert error in response.json()["error"]


def test_every_map_configuration_names_the_offline_urls(client):
    from events.base_layer import base_layer

    assert base_layer()["labels_url"] == "/api/labels/"
    assert base_layer()["countries_url"] == "/api/countries/"


def test_countries_come_largest_first_the_order_the_map_keeps_them_in_when_names_overlap(client):
    response = client.get("/api/labels/", {"bbox": "20,43,41,53", "zoom": 5})
    codes = [label["code"] for label in response.json()["countries"]]
    assert codes.index("UA") < codes.index("RO") < codes.index("MD")


@pytest.mark.parametrize(
    ("language", "bucharest", "kyiv"),
    [("uk", "Бухарест", "Київ"), ("ro", "București", "Kiev"), ("en", "Bucharest", "Kyiv")],
)
def test_settlements_are_named_in_the_readers_language_where_cldr_names_them(client, language, bucharest, kyiv):
    response = client.get("/api/labels/", {"bbox": "20,43,41,53", "zoom": 5}, HTTP_ACCEPT_LANGUAGE=language)
    names = [label["name"] for label in response.json()["settlements"]]
    assert bucharest in names and kyiv in names
    if language == "uk":
        assert "Odesa" in names  # CLDR names no time zone after Odesa: the gazetteer's name stays
