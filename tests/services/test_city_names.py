"""CLDR's exemplar cities name a settlement in the reader's language; every other one keeps its gazetteer name."""

import pytest

from events.services.city_names import city_name


@pytest.mark.parametrize(
    ("name", "country", "language", "expected"),
    [
        ("Bucharest", "RO", "uk", "Бухарест"),
        ("Bucharest", "RO", "ro", "București"),
        ("Chişinău", "MD", "uk", "Кишинів"),  # GeoNames writes ş with a cedilla, CLDR ș with a comma
        ("Kyiv", "UA", "uk", "Київ"),
        ("Simferopol", "UA", "uk", "Сімферополь"),
        ("Budapest", "HU", "ro", "Budapesta"),
    ],
)
def test_a_zone_city_is_named_in_the_language(name, country, language, expected):
    assert city_name(name, country, language) == expected


@pytest.mark.parametrize(
    ("name", "country", "language"),
    [
        ("Odesa", "UA", "uk"),  # no time zone of its own: CLDR does not name it
        ("Bucharest", "US", "uk"),  # a namesake elsewhere is not the capital
        ("Bucharest", "RO", "xx"),  # a language CLDR does not know
    ],
)
def test_any_other_settlement_keeps_the_gazetteer_name(name, country, language):
    assert city_name(name, country, language) == name
