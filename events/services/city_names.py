"""Settlement names in the reader's language, where a reliable source gives one: CLDR's exemplar cities.

GeoNames names a settlement once, mostly in English (Bucharest, Kyiv), and its alternate
names carry no language tag, so they cannot tell the Ukrainian spelling from the Russian.
Unicode CLDR (through Babel) names one city per time zone in each language: Бухарест,
Київ, Кишинів in Ukrainian; București, Chișinău in Romanian. That is a few hundred cities
world-wide (each zone's own city: capitals and some large cities), and those names are
checked by CLDR's translators. A settlement gets one when its country and its name match
the zone's city in English; every other settlement keeps its GeoNames name (docs/map.md).
"""

import unicodedata
from functools import cache

from babel import Locale, UnknownLocaleError
from babel.core import get_global


def _folded(name: str) -> str:
    """Lower case without diacritics: "Chişinău" (GeoNames) and "Chișinău" (CLDR) are one name."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


@cache
def _zone_cities() -> dict[tuple[str, str], str]:
    """(country code, folded English city name) -> its time zone, for every zone CLDR gives a country."""
    english = Locale.parse("en").time_zones
    cities = {}
    for country, zones in get_global("territory_zones").items():
        for zone in zones:
            city = english.get(zone, {}).get("city") or zone.rsplit("/", 1)[-1].replace("_", " ")
            cities[(country, _folded(city))] = zone
    return cities


@cache
def _names(language: str) -> dict[tuple[str, str], str]:
    try:
        zones = Locale.parse(language, sep="-").time_zones
    except (ValueError, UnknownLocaleError):
        return {}
    return {key: zones[zone]["city"] for key, zone in _zone_cities().items() if zones.get(zone, {}).get("city")}


def city_name(name: str, country_code: str, language: str) -> str:
    """The settlement's name in ``language`` when CLDR has it, else ``name`` as the gazetteer gives it."""
    return _names(language.replace("_", "-")).get((country_code, _folded(name)), name)
