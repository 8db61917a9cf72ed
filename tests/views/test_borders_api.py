"""The border overlay and the offline country outlines, as GeoJSON."""

import json

import pytest

pytestmark = pytest.mark.django_db  # every request is counted against the rate limit in the shared cache


def test_border_between_romania_and_ukraine_is_a_geojson_line(client):
    response = client.get("/api/borders/", {"countries": "ro, UA"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    assert "max-age=86400" in response["Cache-Control"]
    collection = response.json()
    assert collection["type"] == "FeatureCollection"
    (feature,) = collection["features"]
    assert feature["properties"] == {"countries": ["RO", "UA"], "names": ["Romania", "Ukraine"]}
    assert feature["geometry"]["type"] in ("LineString", "MultiLineString")
    lons = [lon for line in feature["geometry"]["coordinates"] for lon, _ in line]
    assert 22 < min(lons) and max(lons) < 30.5  # longitude first, within Romania's span


def test_one_country_gives_each_of_its_land_borders(client):
    response = client.get("/api/borders/", {"countries": "RO"})
    assert response.status_code == 200
    pairs = {tuple(feature["properties"]["countries"]) for feature in response.json()["features"]}
    assert pairs == {("RO", code) for code in ("BG", "HU", "MD", "RS", "UA")}


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({}, "Give one or two country codes"),
        ({"countries": "RO,UA,MD"}, "Give one or two country codes"),
        ({"countries": "ZZ"}, "Unknown country code"),
        ({"countries": "RO,ZZ"}, "Unknown country code 'ZZ'"),
        ({"countries": "RO,FR"}, "RO and FR share no land border"),
        ({"countries": "<script>,UA"}, "Country codes are two letters"),
    ],
)
def test_bad_border_requests_are_400_with_a_message(client, query, message):
    response = client.get("/api/borders/", query)
    assert response.status_code == 400
    assert message in response.json()["error"]
    assert "script" not in response.content.decode().lower()  # untrusted input is never echoed back
    assert response["Content-Type"] == "application/json"


def test_countries_are_simplified_outlines_for_the_offline_base_layer(client):
    response = client.get("/api/countries/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    assert "public" in response["Cache-Control"]
    collection = json.loads(response.content)
    codes = {feature["properties"]["code"] for feature in collection["features"]}
    assert {"RO", "UA", "MD", "FR"} <= codes
    assert len(response.content) < 400_000
