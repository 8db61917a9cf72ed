"""Matching place names against the gazetteer tables, and ranking what matches.

Pure database reads, no network and no geopy (``geocoding.py`` wraps this in a
geopy geocoder). A name as news writes it ("near the border with Ukraine",
"Mihail Kogălniceanu airbase", "Ukraine's Odesa region") is first read for its
qualifiers, then matched exactly (normalized name or alternate spelling), and
only when nothing matches exactly, fuzzily. Candidates are ranked by country
hint first (a hinted country outranks any population abroad), then population,
wanted feature type and closeness to the article's other places; the confidence
is the match quality times the candidate's share of the ranking weight, shared
among the hinted country's candidates when it has any.
"""

import math
import re
import time
from dataclasses import dataclass
from functools import lru_cache

from django.db import connection

from events.models import Place, PlaceName, Precision
from events.services.country_codes import country_code_or_blank
from events.services.distances import distance_km
from events.services.place_names import name_normalize, spelling_variants

CACHE_SECONDS = 300.0  # staff edits to places reach every process's lookup cache within five minutes
FUZZY_MIN_LENGTH = 5
FUZZY_POOL_MIN_POPULATION = 15_000  # without a country hint, fuzzy matching looks only at larger places


@dataclass
class Candidate:
    """One answer to "where is this name?", from any provider (the gazetteer here, Nominatim in ``geocoding``).

    ``precision`` is a ``models.Precision`` value (settlement, region, country, exact…); ``confidence`` is
    0..1; ``match`` says how the name matched ("exact", "alternate", "fuzzy", "reverse", "online");
    ``source`` names the provider ("gazetteer", "nominatim"); ``place_id`` is the ``events.Place`` pk when
    the answer came from the gazetteer; ``distance_km`` is set by reverse geocoding only. Defined here,
    beside the ranking that fills it; ``geocoding`` re-exports it as part of its contract, and
    ``as_dict()`` is what is stored in ``Event.geocode_candidates`` and sent to the admin's map.
    """

    name: str
    latitude: float
    longitude: float
    country_code: str
    feature_code: str
    population: int
    precision: str
    confidence: float
    match: str
    source: str
    place_id: int | None
    distance_km: float | None = None

    def as_dict(self) -> dict:
        return dict(vars(self))

    @classmethod
    def from_place(cls, place: dict, *, confidence: float, match: str, **fields) -> "Candidate":
        """A candidate for a gazetteer row; ``fields`` may override the precision or add a distance."""
        fields.setdefault("precision", precision_for(place["feature_class"], place["feature_code"]))
        fields.setdefault("source", "gazetteer")
        return cls(
            name=place["name"],
            latitude=place["latitude"],
            longitude=place["longitude"],
            country_code=place["country_code"],
            feature_code=place["feature_code"],
            population=place["population"],
            confidence=round(confidence, 3),
            match=match,
            place_id=place["id"],
            **fields,
        )


# --- Reading a place name as news writes it ----------------------------------

BASE_FEATURES = frozenset({"AIRB", "MILB", "AIRP", "AIRF", "INSM"})
REGION_FEATURES = frozenset({"ADM1"})
SETTLEMENT_FEATURES = frozenset({"PPL", "PPLA", "PPLC"})
COUNTRY_FEATURES = frozenset({"PCLI"})

# Normalized words at the start or end of a name that say what is meant.
_LEADING = [
    (re.compile(r"^(near|close to|outside|around|the outskirts of|outskirts of)\b"), "near"),
    (re.compile(r"^(the )?(border|frontier) (with|of)\b"), "border"),
    (re.compile(r"^(the )?(village|town|city|commune|municipality) of\b"), SETTLEMENT_FEATURES),
    (re.compile(r"^(the )?(county|region|province|oblast) of\b"), REGION_FEATURES),
    (re.compile(r"^the\b"), None),
]
_TRAILING = [
    (
        re.compile(r"\b(air ?bases?|air force base|airfields?|airports?|military base|naval base|bases?)$"),
        BASE_FEATURES,
    ),
    (re.compile(r"\b(village|town|city|commune|municipality)$"), SETTLEMENT_FEATURES),
    (re.compile(r"\b(county|region|oblast|province|state|judet|judetul)$"), REGION_FEATURES),
    (re.compile(r"\b(border|frontier|border area|border region)$"), "border"),
]
_POSSESSIVE = re.compile(r"^(?P<owner>.+?)['’ʼ]s\s+(?P<rest>.+)$")


@dataclass(frozen=True)
class PlaceQuery:
    text: str
    core: str
    spellings: tuple[str, ...]
    country_hint: str = ""
    wanted: frozenset = frozenset()
    near: bool = False
    border: bool = False


def query_parse(text: str, country_hint: str = "") -> PlaceQuery:
    """Split "near the border with Ukraine" or "Ukraine's Odesa region" into a name and its qualifiers."""
    text = (text or "").strip()[:300]
    hint = country_code_or_blank(country_hint)
    owner = _POSSESSIVE.match(text)
    if owner and (code := country_code_for(owner["owner"])):
        hint, text = hint or code, owner["rest"]
    if "," in text:
        head, _, tail = text.rpartition(",")
        if code := country_code_for(tail):
            hint, text = hint or code, head
    full = name_normalize(text)
    core, wanted, near, border = qualifiers_strip(full)
    spellings = {full, core}
    # Romanian writes one vowel as î or â (Bîrsana, Bârsana): try both spellings.
    for variant in (text.replace("î", "â").replace("Î", "Â"), text.replace("â", "î").replace("Â", "Î")):
        if variant != text:
            variant_full = name_normalize(variant)
            spellings |= {variant_full, qualifiers_strip(variant_full)[0]}
    spellings = {variant for spelling in spellings for variant in spelling_variants(spelling)}
    spellings.discard("")
    return PlaceQuery(text, core, tuple(sorted(spellings)), hint, wanted, near, border)


def qualifiers_strip(name: str) -> tuple[str, frozenset, bool, bool]:
    """Remove leading and trailing qualifier words from a normalized name, saying what they meant."""
    core, near, border = name, False, False
    wanted: frozenset = frozenset()
    changed = True
    while changed:
        changed = False
        for pattern, meaning in (*_LEADING, *_TRAILING):
            stripped = pattern.sub("", core).strip()
            if stripped and stripped != core:
                core, changed = stripped, True
                near |= meaning == "near"
                border |= meaning == "border"
                if isinstance(meaning, frozenset):
                    wanted = wanted or meaning
    return core, wanted, near, border


@lru_cache(maxsize=4096)
def country_code_for(name: str) -> str:
    """The ISO code of a country called ``name`` in the gazetteer, else ""."""
    normalized = name_normalize(name)
    if not normalized:
        return ""
    code = (
        PlaceName.objects.filter(normalized=normalized, place__feature_code="PCLI")
        .values_list("place__country_code", flat=True)
        .first()
    )
    return code or ""


# --- The gazetteer --------------------------------------------------------------

_PLACE_FIELDS = (
    "id",
    "name",
    "latitude",
    "longitude",
    "country_code",
    "feature_class",
    "feature_code",
    "population",
    "source",
)


def precision_for(feature_class: str, feature_code: str) -> str:
    if feature_code in COUNTRY_FEATURES:
        return Precision.COUNTRY
    if feature_class == "A":
        return Precision.REGION
    if feature_class == "S":
        # A base covers several square kilometres: its point is near, not exact.
        return Precision.NEAR
    return Precision.SETTLEMENT


def _exact_matches(query: PlaceQuery) -> dict[int, tuple[dict, str, float]]:
    if not query.spellings:
        return {}
    # Plain SQL on the indexed name column: the ORM's query building cost more than the lookup.
    names, places = PlaceName._meta.db_table, Place._meta.db_table
    columns = ", ".join(f"p.{connection.ops.quote_name(name)}" for name in _PLACE_FIELDS)
    placeholders = ", ".join(["%s"] * len(query.spellings))
    sql = (
        f"SELECT n.is_primary, {columns} FROM {names} n JOIN {places} p ON p.id = n.place_id "
        f"WHERE n.normalized IN ({placeholders})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, query.spellings)
        rows = cursor.fetchall()
    found: dict = {}
    for is_primary, *values in rows:
        place = dict(zip(_PLACE_FIELDS, values, strict=True))
        match, quality = ("exact", 1.0) if is_primary else ("alternate", 0.95)
        if place["id"] not in found or found[place["id"]][2] < quality:
            found[place["id"]] = (place, match, quality)
    return found


_fuzzy_pools: dict[tuple[str, frozenset, int], tuple[list[str], list[int]]] = {}


def _fuzzy_pool(country_code: str, wanted: frozenset, lengths: range) -> list[tuple[list[str], list[int]]]:
    """Spellings to compare misspelled names against, one list per length: one country's, or larger places'
    worldwide; only places of the ``wanted`` feature codes when given. Read as queries need them, the lengths
    not yet read in one query: the whole worldwide pool (180,000 spellings) took 0.2–1 s to read, which the
    first misspelled name of a process paid."""
    missing = [length for length in lengths if (country_code, wanted, length) not in _fuzzy_pools]
    if missing:
        names, places = PlaceName._meta.db_table, Place._meta.db_table
        params: list[str | int]
        if country_code:
            where, params = "country_code = %s", [country_code]
        else:
            where, params = "(population >= %s OR feature_class IN ('A', 'S'))", [FUZZY_POOL_MIN_POPULATION]
        if wanted:
            where += f" AND feature_code IN ({', '.join(['%s'] * len(wanted))})"
            params += sorted(wanted)
        sql = (
            f"SELECT normalized, place_id, LENGTH(normalized) FROM {names} WHERE LENGTH(normalized) IN "
            f"({', '.join(['%s'] * len(missing))}) AND place_id IN (SELECT id FROM {places} WHERE {where})"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*missing, *params])
            rows = cursor.fetchall()
        for length in missing:
            _fuzzy_pools[country_code, wanted, length] = ([], [])
        for normalized, place_id, length in rows:
            pool = _fuzzy_pools[country_code, wanted, length]
            pool[0].append(normalized)
            pool[1].append(place_id)
    return [_fuzzy_pools[country_code, wanted, length] for length in lengths]


def _lengths_within_reach(length: int, cutoff: float) -> range:
    """The name lengths whose ``fuzz.ratio`` with a name of ``length`` can reach ``cutoff``: the ratio is
    2 × matched / (both lengths), and at most the shorter name matches."""
    shortest = math.floor(length * cutoff / (200 - cutoff))
    longest = math.ceil(length * (200 - cutoff) / cutoff)
    return range(max(1, shortest), longest + 1)


def _fuzzy_matches(query: PlaceQuery) -> dict[int, tuple[dict, str, float]]:
    """The places whose spellings are closest to the name: the hinted country's first, then the world's; in
    each, the places of the feature type the qualifier asks for ("… air base", "… county") first, as the ranking
    prefers them, then any."""
    from rapidfuzz import fuzz, process

    if len(query.core) < FUZZY_MIN_LENGTH:
        return {}
    cutoff = 85 if len(query.core) >= 8 else 90
    lengths = _lengths_within_reach(len(query.core), cutoff)
    # Settlements are most of a pool: reading them first would read the pool twice.
    first = frozenset() if query.wanted & SETTLEMENT_FEATURES else query.wanted
    scores: dict = {}
    for pool_country in dict.fromkeys([query.country_hint, ""]):
        for wanted in dict.fromkeys([first, frozenset()]):
            found = [
                (score, place_ids[index])
                for names, place_ids in _fuzzy_pool(pool_country, wanted, lengths)
                for _spelling, score, index in process.extract(
                    query.core, names, scorer=fuzz.ratio, score_cutoff=cutoff, limit=20
                )
            ]
            for score, place_id in sorted(found, key=lambda hit: -hit[0])[:20]:
                scores[place_id] = max(score, scores.get(place_id, 0))
            if scores:
                break
        if scores:
            break
    places = Place.objects.filter(pk__in=scores).values(*_PLACE_FIELDS)
    return {place["id"]: (place, "fuzzy", 0.85 * (scores[place["id"]] / 100) ** 2) for place in places}


def _prior_weight(place: dict, query: PlaceQuery, context) -> float:
    """How likely this place is meant, before the name: population, hint, kind, nearness."""
    weight = (place["population"] + 100) ** 0.7
    if query.country_hint and place["country_code"] != query.country_hint:
        weight *= 0.05
    if not query.wanted and place["feature_code"] in REGION_FEATURES:
        weight *= 0.1  # a bare "Tulcea" is the town more often than the county
    if context:
        nearest = min(distance_km(place["latitude"], place["longitude"], lat, lon) for lat, lon in context)
        weight *= 1 + 9 * math.exp(-nearest / 50)
    return weight


def _ranked(matches: dict, query: PlaceQuery, context, source: str) -> list[Candidate]:
    if query.wanted:
        preferred = {pid: m for pid, m in matches.items() if m[0]["feature_code"] in query.wanted}
        matches = preferred or matches
    # A place's own name outweighs another place's alternate spelling (Deveselu vs Devesel).
    weights = {
        pid: _prior_weight(place, query, context) * (1.0 if match == "exact" else 0.5)
        for pid, (place, match, _q) in matches.items()
    }
    hint = query.country_hint
    abroad = {pid for pid, (place, _m, _q) in matches.items() if hint and place["country_code"] != hint}
    # The hint outranks population: the hinted country's candidates share the weight among themselves.
    at_home = [pid for pid in matches if pid not in abroad]
    total_at_home = sum(weights[pid] for pid in at_home)
    total = sum(weights.values()) or 1.0
    candidates = []
    for pid, (place, match, quality) in matches.items():
        share = weights[pid] / (total_at_home if pid not in abroad and total_at_home else total)
        confidence = quality * share * (0.9 if pid in abroad else 1.0)
        if query.border:
            confidence = min(confidence, 0.3)  # a border area is a line, never a pin
        precision = precision_for(place["feature_class"], place["feature_code"])
        if query.near and precision in (Precision.SETTLEMENT, Precision.EXACT):
            precision = Precision.NEAR
        candidates.append(
            Candidate.from_place(place, confidence=confidence, match=match, precision=precision, source=source)
        )
    candidates.sort(key=lambda c: (bool(hint) and c.country_code != hint, -c.confidence, -c.population, c.place_id))
    return candidates


@lru_cache(maxsize=20_000)
def gazetteer_search(query: PlaceQuery, limit: int, context: tuple) -> tuple[Candidate, ...]:
    matches = _exact_matches(query) or _fuzzy_matches(query)
    return tuple(_ranked(matches, query, context, "gazetteer")[:limit])


_cache_state = {"started": time.monotonic()}


def gazetteer_cache_clear() -> None:
    """Forget cached lookups, e.g. after the gazetteer was reloaded."""
    gazetteer_search.cache_clear()
    _fuzzy_pools.clear()
    country_code_for.cache_clear()
    _cache_state["started"] = time.monotonic()


def gazetteer_cache_expire() -> None:
    if time.monotonic() - _cache_state["started"] > CACHE_SECONDS:
        gazetteer_cache_clear()


def context_key(context) -> tuple:
    return tuple((round(lat, 3), round(lon, 3)) for lat, lon in context or ())


def gazetteer_reverse(latitude, longitude, *, max_km=50) -> Candidate | None:
    """The nearest gazetteer settlement or site to a point, within ``max_km``."""
    lat_span = max_km / 111.0
    lon_span = max_km / max(111.0 * math.cos(math.radians(latitude)), 1.0)
    nearby = (
        Place.objects.filter(
            latitude__range=(latitude - lat_span, latitude + lat_span),
            longitude__range=(longitude - lon_span, longitude + lon_span),
        )
        .exclude(feature_class="A")
        .values(*_PLACE_FIELDS)
    )
    best, best_km = None, max_km
    for place in nearby:
        km = distance_km(latitude, longitude, place["latitude"], place["longitude"])
        if km <= best_km:
            best, best_km = place, km
    if best is None:
        return None
    return Candidate.from_place(
        best, confidence=max(0.0, 1 - best_km / max_km), match="reverse", distance_km=round(best_km, 2)
    )
