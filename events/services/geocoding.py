"""Geocoding: place names to points through a chain of geopy geocoders.

The only module that imports geopy. The chain comes from ``settings.MAPPER_GEOCODERS``
(default: the offline gazetteer only). Each provider is a geopy ``Geocoder``:
``GazetteerGeocoder`` answers from the ``Place``/``PlaceName`` tables; Nominatim,
when enabled, goes through geopy's ``RateLimiter`` (one request a second, no
retries of its own), our own retries for temporary failures only, a circuit
breaker for refusals (400/401/403) and the ``GeocodeCache`` table, so that no
name is asked online twice.

Public pages and the API only ever use ``place_search`` offline (the default):
nothing in a request waits on the network.
"""

import logging
import math
import re
import time
from dataclasses import dataclass, field
from functools import lru_cache

from django.conf import settings
from django.db import connection
from django.utils import timezone
from geopy.exc import (
    ConfigurationError,
    GeocoderAuthenticationFailure,
    GeocoderInsufficientPrivileges,
    GeocoderQueryError,
    GeocoderRateLimited,
    GeocoderServiceError,
    GeocoderTimedOut,
    GeocoderUnavailable,
)
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders import Nominatim
from geopy.geocoders.base import Geocoder
from geopy.location import Location
from geopy.point import Point

from events.models import Article, Event, GeocodeCache, Place, PlaceName, Precision
from events.services.gazetteer import name_normalize

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 3  # one request plus two retries, for temporary failures only
BACKOFF_CAP_SECONDS = 30.0
BREAKER_SECONDS = 3600.0
CACHE_SECONDS = 300.0  # staff edits to places reach every process's lookup cache within five minutes
FUZZY_MIN_LENGTH = 5
FUZZY_POOL_MIN_POPULATION = 15_000  # without a country hint, fuzzy matching looks only at larger places


@dataclass
class Candidate:
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
    (re.compile(r"\b(air ?bases?|air force base|airfields?|airports?|military base|naval base|bases?)$"),
     BASE_FEATURES),
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
    hint = (country_hint or "").strip().upper()[:2]
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
    spellings.discard("")
    return PlaceQuery(text, core, tuple(sorted(spellings)), hint, wanted, near, border)


def qualifiers_strip(name: str) -> tuple[str, frozenset, bool, bool]:
    """Remove leading and trailing qualifier words from a normalized name, saying what they meant."""
    core, wanted, near, border = name, frozenset(), False, False
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
    "id", "name", "latitude", "longitude", "country_code", "feature_class", "feature_code", "population", "source",
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


def distance_km(lat1, lon1, lat2, lon2) -> float:
    """Great-circle distance (haversine, mean Earth radius)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    half_dlon = math.radians(lon2 - lon1) / 2
    a = math.sin((phi2 - phi1) / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(half_dlon) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(min(1.0, a)))


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
    found = {}
    for is_primary, *values in rows:
        place = dict(zip(_PLACE_FIELDS, values, strict=True))
        match, quality = ("exact", 1.0) if is_primary else ("alternate", 0.95)
        if place["id"] not in found or found[place["id"]][2] < quality:
            found[place["id"]] = (place, match, quality)
    return found


@lru_cache(maxsize=32)
def _fuzzy_pool(country_code: str) -> tuple[list[str], list[int]]:
    """Spellings to compare misspelled names against: one country's, or larger places' worldwide."""
    names = PlaceName.objects.all()
    if country_code:
        names = names.filter(place__country_code=country_code)
    else:
        names = names.filter(place__population__gte=FUZZY_POOL_MIN_POPULATION) | names.filter(
            place__feature_class__in=["A", "S"]
        )
    rows = list(names.values_list("normalized", "place_id"))
    return [row[0] for row in rows], [row[1] for row in rows]


def _fuzzy_matches(query: PlaceQuery) -> dict[int, tuple[dict, str, float]]:
    from rapidfuzz import fuzz, process

    if len(query.core) < FUZZY_MIN_LENGTH:
        return {}
    cutoff = 85 if len(query.core) >= 8 else 90
    scores = {}
    for pool_country in dict.fromkeys([query.country_hint, ""]):
        names, place_ids = _fuzzy_pool(pool_country)
        for _spelling, score, index in process.extract(
            query.core, names, scorer=fuzz.ratio, score_cutoff=cutoff, limit=20
        ):
            scores[place_ids[index]] = max(score, scores.get(place_ids[index], 0))
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
    total = sum(weights.values()) or 1.0
    candidates = []
    for pid, (place, match, quality) in matches.items():
        confidence = quality * weights[pid] / total
        if query.country_hint and place["country_code"] != query.country_hint:
            confidence *= 0.9
        if query.border:
            confidence = min(confidence, 0.3)  # a border area is a line, never a pin
        precision = precision_for(place["feature_class"], place["feature_code"])
        if query.near and precision in (Precision.SETTLEMENT, Precision.EXACT):
            precision = Precision.NEAR
        candidates.append(
            Candidate(
                name=place["name"], latitude=place["latitude"], longitude=place["longitude"],
                country_code=place["country_code"], feature_code=place["feature_code"],
                population=place["population"], precision=precision, confidence=round(confidence, 3),
                match=match, source=source, place_id=pid,
            )
        )
    candidates.sort(key=lambda c: (-c.confidence, -c.population, c.place_id))
    return candidates


@lru_cache(maxsize=20_000)
def _gazetteer_search(query: PlaceQuery, limit: int, context: tuple) -> tuple[Candidate, ...]:
    matches = _exact_matches(query) or _fuzzy_matches(query)
    return tuple(_ranked(matches, query, context, "gazetteer")[:limit])


_cache_state = {"started": time.monotonic()}


def gazetteer_cache_clear() -> None:
    """Forget cached lookups, e.g. after the gazetteer was reloaded."""
    _gazetteer_search.cache_clear()
    _fuzzy_pool.cache_clear()
    country_code_for.cache_clear()
    _cache_state["started"] = time.monotonic()


def _gazetteer_cache_expire() -> None:
    if time.monotonic() - _cache_state["started"] > CACHE_SECONDS:
        gazetteer_cache_clear()


def _context_key(context) -> tuple:
    return tuple((round(lat, 3), round(lon, 3)) for lat, lon in context or ())


class GazetteerGeocoder(Geocoder):
    """A geopy geocoder over the offline gazetteer tables; it never uses the network."""

    name = "gazetteer"

    def __init__(self):
        super().__init__(user_agent="mapper-gazetteer")

    def geocode(self, query, *, exactly_one=True, timeout=None, country_codes="", limit=5, context=()):
        """Like any geopy geocoder; ``timeout`` is accepted and unused (no network)."""
        _gazetteer_cache_expire()
        parsed = query if isinstance(query, PlaceQuery) else query_parse(query, country_codes)
        candidates = _gazetteer_search(parsed, limit, _context_key(context))
        locations = [
            Location(c.name, Point(c.latitude, c.longitude), c.as_dict()) for c in candidates
        ]
        if not locations:
            return None
        return locations[0] if exactly_one else locations

    def reverse(self, query, *, exactly_one=True, timeout=None, max_km=50):
        point = Point(query)
        candidate = place_reverse(point.latitude, point.longitude, max_km=max_km)
        if candidate is None:
            return None
        location = Location(candidate.name, Point(candidate.latitude, candidate.longitude), candidate.as_dict())
        return location if exactly_one else [location]


# --- Online providers ----------------------------------------------------------


class ProviderTemporaryError(Exception):
    """The provider failed in a way worth trying again later (timeout, 429, unavailable)."""


class ProviderRefusedError(Exception):
    """The provider refused us (400/401/403, bad configuration): its breaker is open."""


class NominatimProvider:
    """Nominatim through geopy's RateLimiter, with our own retries, breaker and cache."""

    name = "nominatim"

    def __init__(self):
        self.breaker_open_until = 0.0
        self.requests = 0
        try:
            self.geocoder = Nominatim(
                user_agent=settings.MAPPER_GEOCODER_USER_AGENT or None,
                timeout=settings.MAPPER_GEOCODER_TIMEOUT,
                domain=settings.MAPPER_NOMINATIM_DOMAIN,
                scheme=settings.MAPPER_NOMINATIM_SCHEME,
            )
        except ConfigurationError as exc:
            logger.error("Nominatim disabled: %s", exc)
            self.geocoder = None
            return
        # max_retries=0: geopy's RateLimiter would also retry 400 and 403.
        self.geocode = RateLimiter(
            self.geocoder.geocode,
            min_delay_seconds=getattr(settings, "MAPPER_NOMINATIM_MIN_DELAY", 1.0),
            max_retries=0,
            swallow_exceptions=False,
        )

    def search(self, query: PlaceQuery, limit: int) -> list[Candidate]:
        key = name_normalize(query.text)[:300]
        cached = GeocodeCache.objects.filter(provider=self.name, query=key, country_hint=query.country_hint).first()
        if cached is None:
            raw = self._ask(query.text, query.country_hint, limit)
            cached, _created = GeocodeCache.objects.update_or_create(
                provider=self.name, query=key, country_hint=query.country_hint, defaults={"response": raw or None}
            )
        return self._candidates(cached.response or [], query)[:limit]

    def _ask(self, text: str, country_hint: str, limit: int) -> list[dict]:
        if self.geocoder is None:
            raise ProviderRefusedError("nominatim: not configured (set MAPPER_GEOCODER_USER_AGENT)")
        if time.monotonic() < self.breaker_open_until:
            raise ProviderRefusedError("nominatim: breaker open after a refusal")
        backoff = getattr(settings, "MAPPER_GEOCODER_BACKOFF_SECONDS", 2.0)
        # An import or an admin action must not hang on one name: retries stop at this budget.
        timeout = settings.MAPPER_GEOCODER_TIMEOUT
        deadline = time.monotonic() + max(3 * timeout, 5.0)
        for attempt in range(1, MAX_ATTEMPTS + 1):
            try:
                self.requests += 1
                locations = self.geocode(
                    text, exactly_one=False, limit=limit, addressdetails=True,
                    country_codes=country_hint.lower() or None,
                )
                return [location.raw for location in locations or []]
            except (GeocoderQueryError, GeocoderAuthenticationFailure, GeocoderInsufficientPrivileges) as exc:
                self.breaker_open_until = time.monotonic() + BREAKER_SECONDS
                logger.error("Nominatim refused a request (%s); using the gazetteer only for an hour.", exc)
                raise ProviderRefusedError(f"nominatim: refused ({exc})") from exc
            except GeocoderRateLimited as exc:
                failure, wait = exc, exc.retry_after if exc.retry_after is not None else backoff
            except (GeocoderTimedOut, GeocoderUnavailable) as exc:
                failure, wait = exc, backoff
            except GeocoderServiceError as exc:
                raise ProviderTemporaryError(f"nominatim: service error ({exc})") from exc
            if attempt == MAX_ATTEMPTS or wait > BACKOFF_CAP_SECONDS or time.monotonic() + wait + timeout > deadline:
                break
            time.sleep(wait)
            backoff = min(backoff * 2, BACKOFF_CAP_SECONDS)
        raise ProviderTemporaryError(
            f"nominatim: {type(failure).__name__} after {attempt} attempt(s): {str(failure)[:200]}"
        )

    def _candidates(self, answers: list[dict], query: PlaceQuery) -> list[Candidate]:
        importances = [float(answer.get("importance") or 0.1) for answer in answers]
        total = sum(importances) or 1.0
        candidates = []
        for answer, importance in zip(answers, importances, strict=True):
            rank = int(answer.get("place_rank") or 30)
            precision = (
                Precision.COUNTRY if rank <= 4 else Precision.REGION if rank <= 12
                else Precision.SETTLEMENT if rank <= 20 else Precision.EXACT
            )
            candidates.append(
                Candidate(
                    # display_name is untrusted text of any length: kept whole in the cache.
                    name=str(answer.get("display_name", ""))[:200],
                    latitude=float(answer["lat"]), longitude=float(answer["lon"]),
                    country_code=str((answer.get("address") or {}).get("country_code", "")).upper()[:2],
                    feature_code=f"{answer.get('class', '')}:{answer.get('type', '')}"[:40], population=0,
                    precision=precision, confidence=round(0.8 * importance / total, 3), match="online",
                    source=self.name, place_id=None,
                )
            )
        return candidates


@lru_cache(maxsize=8)
def _nominatim_provider(domain, scheme, user_agent, timeout) -> NominatimProvider:
    return NominatimProvider()


def _provider(name: str):
    if name == "nominatim":
        return _nominatim_provider(
            settings.MAPPER_NOMINATIM_DOMAIN, settings.MAPPER_NOMINATIM_SCHEME,
            settings.MAPPER_GEOCODER_USER_AGENT, settings.MAPPER_GEOCODER_TIMEOUT,
        )
    return _GAZETTEER


class _GazetteerProvider:
    name = "gazetteer"

    def __init__(self):
        self.geocoder = GazetteerGeocoder()

    def search(self, query: PlaceQuery, limit: int, context=()) -> list[Candidate]:
        locations = self.geocoder.geocode(query, exactly_one=False, limit=limit, context=context) or []
        return [Candidate(**location.raw) for location in locations]


_GAZETTEER = _GazetteerProvider()


# --- The chain and the contract -------------------------------------------------


@dataclass
class SearchOutcome:
    query: PlaceQuery
    candidates: list[Candidate] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)


def chain_search(name, country_hint="", *, limit=5, context=(), online=True) -> SearchOutcome:
    """Ask each provider in turn until one is confident; never raises for provider failures."""
    query = query_parse(name, country_hint)
    outcome = SearchOutcome(query)
    names = settings.MAPPER_GEOCODERS if online and not query.border else ["gazetteer"]
    for provider_name in names or ["gazetteer"]:
        provider = _provider(provider_name)
        try:
            if provider is _GAZETTEER:
                candidates = provider.search(query, limit, _context_key(context))
            else:
                candidates = provider.search(query, limit)
        except ProviderTemporaryError as exc:
            outcome.failures.append(str(exc))
            continue
        except ProviderRefusedError as exc:
            logger.warning("%s", exc)
            continue
        if candidates and (not outcome.candidates or candidates[0].confidence > outcome.candidates[0].confidence):
            outcome.candidates = candidates
        if candidates and candidates[0].confidence >= settings.MAPPER_GEOCODE_MIN_CONFIDENCE:
            outcome.failures = []
            break
    return outcome


def place_search(name, country_hint="", *, limit=5, context=(), online=False) -> list[Candidate]:
    """Ranked candidates for a place name, best first; [] when nothing matches.

    Offline unless ``online=True`` (staff tools): a public request never waits on the network.
    """
    return chain_search(name, country_hint, limit=limit, context=context, online=online).candidates


def place_reverse(latitude, longitude, *, max_km=50) -> Candidate | None:
    """The nearest gazetteer settlement or site to a point, within ``max_km``."""
    lat_span = max_km / 111.0
    lon_span = max_km / max(111.0 * math.cos(math.radians(latitude)), 1.0)
    nearby = Place.objects.filter(
        latitude__range=(latitude - lat_span, latitude + lat_span),
        longitude__range=(longitude - lon_span, longitude + lon_span),
    ).exclude(feature_class="A").values(*_PLACE_FIELDS)
    best, best_km = None, max_km
    for place in nearby:
        km = distance_km(latitude, longitude, place["latitude"], place["longitude"])
        if km <= best_km:
            best, best_km = place, km
    if best is None:
        return None
    return Candidate(
        name=best["name"], latitude=best["latitude"], longitude=best["longitude"],
        country_code=best["country_code"], feature_code=best["feature_code"], population=best["population"],
        precision=precision_for(best["feature_class"], best["feature_code"]),
        confidence=round(max(0.0, 1 - best_km / max_km), 3), match="reverse", source="gazetteer",
        place_id=best["id"], distance_km=round(best_km, 2),
    )


def _event_country_hint(event) -> str:
    if event.country_hint or event.pk is None:
        return event.country_hint
    hint = (
        Article.objects.filter(citations__event=event).exclude(country_hint="")
        .values_list("country_hint", flat=True).first()
    )
    return hint or ""


def event_geocode(event, *, context=()) -> None:
    """Fill the event's point and geocode_* fields from its place name; never saves.

    Below ``MAPPER_GEOCODE_MIN_CONFIDENCE`` nothing is pinned: the event needs
    review and keeps its candidates. Provider failures become status ``retry``
    (an earlier point is then left as it was: a timeout says nothing about the place).
    """
    Status = Event.GeocodeStatus
    min_confidence = settings.MAPPER_GEOCODE_MIN_CONFIDENCE
    event.geocode_attempts = (event.geocode_attempts or 0) + 1
    outcome = chain_search(event.place_name, _event_country_hint(event), limit=5, context=context)
    candidates = outcome.candidates
    top = candidates[0] if candidates else None
    event.geocode_candidates = [c.as_dict() for c in candidates]
    event.geocode_confidence = top.confidence if top else None
    event.geocode_source = top.source if top else ""
    if top and top.confidence >= min_confidence and not outcome.query.border:
        event.latitude, event.longitude, event.precision = top.latitude, top.longitude, top.precision
        event.geocode_status, event.geocoded_at = Status.OK, timezone.now()
        event.geocode_candidates = event.geocode_candidates[1:]  # the runners-up
        event.geocode_reason = f"{top.match} match: {top.name} ({top.country_code})"
        return
    if outcome.failures and not outcome.query.border:
        event.geocode_status = Status.RETRY
        event.geocode_reason = "; ".join(outcome.failures)[:1000]
        return
    event.latitude = event.longitude = None
    event.precision = Precision.UNKNOWN
    if outcome.query.border:
        event.geocode_status, event.precision = Status.NOT_APPLICABLE, Precision.REGION
        event.geocode_reason = (
            f"“{event.place_name}” names a border area, not a point; give the event a border shape instead."
        )
    elif top:
        event.geocode_status = Status.NEEDS_REVIEW
        event.geocode_reason = (
            f"{len(candidates)} candidate(s); the best, {top.name} ({top.country_code}), has confidence "
            f"{top.confidence:.2f}, below {min_confidence:.2f}."
        )
    else:
        event.geocode_status = Status.NOT_FOUND
        event.geocode_reason = f"No place called “{event.place_name}” in the gazetteer."
