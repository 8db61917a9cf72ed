"""World regions (UN M49) with a reference point from their members' capitals."""

from events.models import Place
from events.services.gazetteer_regions import area_weighted_middle, region_names, region_rows
from events.services.gazetteer_search import distance_km


def _countries(*specs):
    return {
        code: Place(name=code, country_code=code, latitude=lat, longitude=lon, population=1) for code, lat, lon in specs
    }


def test_a_region_gets_the_area_weighted_middle_of_its_capitals_and_its_short_compass_name():
    # Eastern Europe's members; Russia's middle is in Siberia, its capital is not.
    places = _countries(("RU", 61.5, 99.0), ("UA", 49.0, 32.0), ("PL", 52.0, 19.0), ("RO", 46.0, 25.0))
    cities = [
        {"countrycode": "RU", "name": "Moscow", "latitude": 55.75, "longitude": 37.62, "population": 10_000_000},
        {"countrycode": "RU", "name": "Moscow", "latitude": 46.7, "longitude": -117.0, "population": 25_000},
        {"countrycode": "UA", "name": "Kyiv", "latitude": 50.45, "longitude": 30.52, "population": 2_800_000},
    ]
    rows = {row.place.name: row for row in region_rows(None, places, set(), cities)}
    east = rows["Eastern Europe"].place
    assert east.feature_code == "RGN" and distance_km(east.latitude, east.longitude, 55.75, 37.62) < 900
    assert "east europe" in rows["Eastern Europe"].names


def test_a_region_never_takes_a_country_s_or_a_continent_s_name():
    places = _countries(("ZA", -29.0, 24.0), ("BW", -22.0, 24.0), ("US", 39.0, -98.0), ("CA", 60.0, -110.0))
    rows = {row.place.name: row for row in region_rows(None, places, {"south africa", "north america"}, [])}
    assert "south africa" not in rows["Southern Africa"].names
    assert "North America" not in rows and "north america" not in rows["Northern America"].names


def test_region_helpers():
    assert region_names("Western Asia") == ["Western Asia", "West Asia"]
    assert region_names("Latin America") == ["Latin America"]
    latitude, longitude = area_weighted_middle([(-15.0, 179.0, 1.0), (-15.0, -179.0, 1.0)])  # across the antimeridian
    assert abs(abs(longitude) - 180) < 0.01 and abs(latitude + 15) < 0.1


def test_regions_are_left_out_of_a_partial_load():
    assert list(region_rows({"RO"}, {}, set(), [])) == []
