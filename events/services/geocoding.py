"""Geocoding: place names to points through a chain of geopy geocoders.

The only module that imports geopy. The chain comes from ``settings.MAPPER_GEOCODERS``
(default: the offline gazetteer only). Each provider is a geopy ``Geocoder``:
``GazetteerGeocoder`` answers from the ``Place``/``PlaceName`` tables; Nominatim,
when enabled, is paced at one request a second for all workers together and has
a circuit breaker for refusals (400/401/403), both kept in the shared cache
(``shared_pacing``), our own retries for temporary failures only, and the
``GeocodeCache`` table, so that no name is asked online twice.

Public pages and the API only ever use ``place_search`` offline (the default):
nothing in a request waits on the network.
"""

import dataclasses
import logging
import time
from dataclasses import dataclass, field
from functools import lru_cache

from django.conf import settings
from django.utils import timezone
from geopy.adapters import URLLibAdapter
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
from geopy.geocoders import Nominatim
from geopy.geocoders.base import Geocoder
from geopy.location import Location
from geopy.point import Point

from events.models import Article, Event, GeocodeCache, Precision
from events.services.countries import country_name
from events.services.country_codes import country_code_or_blank
from events.services.gazetteer import name_normalize
from events.services.gazetteer_search import (  # noqa: F401  (Candidate is part of this module's contract)
    COUNTRY_FEATURES,
    Candidate,
    PlaceQuery,
    context_key,
    distance_km,
    gazetteer_cache_clear,
    gazetteer_cache_expire,
    gazetteer_reverse,
    gazetteer_search,
    query_parse,
)
from events.services.shared_pacing import SharedBreaker, SharedPacer

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 3  # one request plus two retries, for temporary failures only
BACKOFF_CAP_SECONDS = 30.0
BREAKER_SECONDS = 3600.0


class GazetteerGeocoder(Geocoder):
    """A geopy geocoder over the offline gazetteer tables; it never uses the network."""

    name = "gazetteer"

    def __init__(self):
        super().__init__(user_agent="mapper-gazetteer")

    def geocode(self, query, *, exactly_one=True, timeout=None, country_codes="", limit=5, context=()):
        """Like any geopy geocoder; ``timeout`` is accepted and unused (no network)."""
        gazetteer_cache_expire()
        parsed = query if isinstance(query, PlaceQuery) else query_parse(query, country_codes)
        candidates = gazetteer_search(parsed, limit, context_key(context))
        locations = [Location(c.name, Point(c.latitude, c.longitude), c.as_dict()) for c in candidates]
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
    """Nominatim through geopy, paced and guarded by a breaker shared by every worker, with our own retries."""

    name = "nominatim"

    def __init__(self):
        domain = settings.MAPPER_NOMINATIM_DOMAIN
        self.pacer = SharedPacer(f"nominatim:{domain}", settings.MAPPER_NOMINATIM_MIN_DELAY)
        self.breaker = SharedBreaker(f"nominatim:{domain}", BREAKER_SECONDS)
        try:
            self.geocoder = Nominatim(
                user_agent=settings.MAPPER_GEOCODER_USER_AGENT or None,
                timeout=settings.MAPPER_GEOCODER_TIMEOUT,
                domain=domain,
                scheme=settings.MAPPER_NOMINATIM_SCHEME,
                # Not geopy's default (requests, when installed): urllib3 would retry on its own,
                # past our pace and our retry rules.
                adapter_factory=URLLibAdapter,
            )
        except ConfigurationError as exc:
            logger.error("Nominatim disabled: %s", exc)
            self.geocoder = None

    def geocode(self, *args, **kwargs):
        """One request, when the shared pace allows it (geopy's RateLimiter would pace one process only)."""
        self.pacer.wait_for_turn()
        return self.geocoder.geocode(*args, **kwargs)

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
        if self.breaker.is_open():
            raise ProviderRefusedError("nominatim: breaker open after a refusal")
        backoff = settings.MAPPER_GEOCODER_BACKOFF_SECONDS
        # An import or an admin action must not hang on one name: retries stop at this budget.
        timeout = settings.MAPPER_GEOCODER_TIMEOUT
        deadline = time.monotonic() + max(3 * timeout, 5.0)
        for attempt in range(1, MAX_ATTEMPTS + 1):
            try:
                locations = self.geocode(
                    text,
                    exactly_one=False,
                    limit=limit,
                    addressdetails=True,
                    country_codes=country_hint.lower() or None,
                )
                return [location.raw for location in locations or []]
            except (GeocoderQueryError, GeocoderAuthenticationFailure, GeocoderInsufficientPrivileges) as exc:
                self.breaker.trip(str(exc)[:200])
                logger.error("Nominatim refused a request (%s); using the gazetteer only for an hour.", exc)
                raise ProviderRefusedError(f"nominatim: refused ({exc})") from exc
            except GeocoderRateLimited as exc:
                failure, wait = exc, exc.retry_after if exc.retry_after is not None else backoff
                logger.warning("Nominatim rate-limited attempt %d for %r; waiting %.1f s.", attempt, text, wait)
            except (GeocoderTimedOut, GeocoderUnavailable) as exc:
                failure, wait = exc, backoff
                logger.warning("Nominatim attempt %d for %r failed (%s).", attempt, text, type(exc).__name__)
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
                Precision.COUNTRY
                if rank <= 4
                else Precision.REGION
                if rank <= 12
                else Precision.SETTLEMENT
                if rank <= 20
                else Precision.EXACT
            )
            candidates.append(
                Candidate(
                    # display_name is untrusted text of any length: kept whole in the cache.
                    name=str(answer.get("display_name", ""))[:200],
                    latitude=float(answer["lat"]),
                    longitude=float(answer["lon"]),
                    country_code=country_code_or_blank((answer.get("address") or {}).get("country_code")),
                    feature_code=f"{answer.get('class', '')}:{answer.get('type', '')}"[:40],
                    population=0,
                    precision=precision,
                    confidence=round(0.8 * importance / total, 3),
                    match="online",
                    source=self.name,
                    place_id=None,
                )
            )
        return candidates


@lru_cache(maxsize=8)
def _nominatim_provider(domain, scheme, user_agent, timeout) -> NominatimProvider:
    return NominatimProvider()


def _provider(name: str):
    if name == "nominatim":
        return _nominatim_provider(
            settings.MAPPER_NOMINATIM_DOMAIN,
            settings.MAPPER_NOMINATIM_SCHEME,
            settings.MAPPER_GEOCODER_USER_AGENT,
            settings.MAPPER_GEOCODER_TIMEOUT,
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


def chain_search(name, country_hint="", *, limit=5, context=(), online=True, wanted=()) -> SearchOutcome:
    """Ask each provider in turn until one is confident; never raises for provider failures. ``wanted``: the
    GeoNames feature codes the words around the name ask for ("the Brask air base"), when the name has none."""
    query = query_parse(name, country_hint)
    if wanted and not query.wanted:
        query = dataclasses.replace(query, wanted=frozenset(wanted))
    outcome = SearchOutcome(query)
    names = settings.MAPPER_GEOCODERS if online and not query.border else ["gazetteer"]
    for provider_name in names or ["gazetteer"]:
        provider = _provider(provider_name)
        try:
            if provider is _GAZETTEER:
                candidates = provider.search(query, limit, context_key(context))
            else:
                candidates = provider.search(query, limit)
        except ProviderTemporaryError as exc:
            logger.warning("%s; the event will be retried.", exc)
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


def place_search(name, country_hint="", *, limit=5, context=(), online=False, wanted=()) -> list[Candidate]:
    """Ranked candidates for a place name, best first; [] when nothing matches.

    Offline unless ``online=True`` (staff tools): a public request never waits on the network.
    """
    return chain_search(name, country_hint, limit=limit, context=context, online=online, wanted=wanted).candidates


def place_reverse(latitude, longitude, *, max_km=50) -> Candidate | None:
    """The nearest gazetteer settlement or site to a point, within ``max_km`` (offline)."""
    return gazetteer_reverse(latitude, longitude, max_km=max_km)


def _event_country_hint(event) -> str:
    if event.country_hint or event.pk is None:
        return event.country_hint
    hint = (
        Article.objects.filter(citations__event=event)
        .exclude(country_hint="")
        .values_list("country_hint", flat=True)
        .first()
    )
    return hint or ""


# Points that broken geocoders, spreadsheets and IP databases give when they know nothing:
# (latitude, longitude, what they are). A point within SUSPECT_POINT_KM of one is checked by a person.
SUSPECT_POINTS = (
    (0.0, 0.0, "Null Island (0, 0), where a missing coordinate lands"),
    (38.0, -97.0, "MaxMind's old default for “somewhere in the United States”"),
    (37.751, -97.822, "MaxMind's default for “somewhere in the United States”"),
    (39.8283, -98.5795, "the centre of the contiguous United States, a common default"),
)
SUSPECT_POINT_KM = 1.0


def point_suspicion(latitude, longitude) -> str:
    """Why a point looks like a bad-geocode default rather than a place ("" when it does not)."""
    if latitude is None or longitude is None:
        return ""
    for suspect_lat, suspect_lon, what in SUSPECT_POINTS:
        if distance_km(latitude, longitude, suspect_lat, suspect_lon) <= SUSPECT_POINT_KM:
            return f"The point is at {what}: check it."
    if latitude == 0 or longitude == 0:
        return "A coordinate is exactly 0, as when one of the two is missing: check it."
    return ""


def event_point_check(event) -> None:
    """Flag a point at a classic bad-geocode default for review (keeping it); note a hand-set point abroad.

    Runs after the facts are computed (``event_locate``), so ``country_code`` is the point's own country.
    """
    reason = point_suspicion(event.latitude, event.longitude)
    if reason:
        event.geocode_status = Event.GeocodeStatus.NEEDS_REVIEW
        event.geocode_reason = reason
        return
    hint = _event_country_hint(event) if event.has_point else ""
    manual = event.geocode_status == Event.GeocodeStatus.MANUAL
    if manual and hint and event.country_code and event.country_code != hint:
        event.geocode_reason = (
            f"Set by hand in {country_name(event.country_code)} ({event.country_code}), "
            f"outside the hinted country {hint}."
        )


def pin_refusal(top: Candidate, query: PlaceQuery, candidates: list[Candidate]) -> str:
    """Why a confident candidate must still not be pinned ("" when it may be); ``geocode`` asks it too.

    A candidate outside the hinted country (the event's, the article's, or one
    the name gives, as in "Galați, Romania") is never pinned: it needs a person.
    A country named outright ("Ukraine" in an article about Romania) is not a
    guess and passes.
    """
    hint = query.country_hint
    named_country = top.feature_code in COUNTRY_FEATURES and top.match in ("exact", "alternate")
    if hint and top.country_code and top.country_code != hint and not named_country:
        abroad = ", ".join(sorted({c.country_code for c in candidates if c.country_code}))
        return (
            f"The best candidate, {top.name} ({top.country_code}), is outside the hinted country {hint}; "
            f"no candidate is in {hint} (candidates in: {abroad})."
        )
    return point_suspicion(top.latitude, top.longitude)


def event_geocode(event, *, context=()) -> None:
    """Fill the event's point and geocode_* fields from its place name; never saves.

    Below ``MAPPER_GEOCODE_MIN_CONFIDENCE``, outside the hinted country, or at a
    bad-geocode default (Null Island), nothing is pinned: the event needs review
    and keeps its candidates. Provider failures become status ``retry`` (an
    earlier point is then left as it was: a timeout says nothing about the place).
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
    refusal = pin_refusal(top, outcome.query, candidates) if top else ""
    if top and top.confidence >= min_confidence and not outcome.query.border and not refusal:
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
    elif top and refusal:
        event.geocode_status, event.geocode_reason = Status.NEEDS_REVIEW, refusal
    elif top:
        event.geocode_status = Status.NEEDS_REVIEW
        event.geocode_reason = (
            f"{len(candidates)} candidate(s); the best, {top.name} ({top.country_code}), has confidence "
            f"{top.confidence:.2f}, below {min_confidence:.2f}."
        )
    else:
        event.geocode_status = Status.NOT_FOUND
        event.geocode_reason = f"No place called “{event.place_name}” in the gazetteer."
