"""Nominatim through the chain, against a local fake that speaks its protocol (never the network)."""

import json
from pathlib import Path

import pytest

from events.models import Event, GeocodeCache
from events.services.geocoding import event_geocode, place_search
from tests.services.nominatim_fake import FakeNominatim

RECORDED = Path(__file__).resolve().parent.parent / "data" / "nominatim"
EXAMPLIA = json.loads((RECORDED / "search-examplia-harbour.json").read_text(encoding="utf-8"))

pytestmark = pytest.mark.usefixtures("gazetteer")


@pytest.fixture
def nominatim(settings):
    with FakeNominatim() as fake:
        settings.MAPPER_GEOCODERS = ["nominatim"]
        settings.MAPPER_NOMINATIM_DOMAIN = fake.domain
        settings.MAPPER_NOMINATIM_SCHEME = "http"
        settings.MAPPER_GEOCODER_USER_AGENT = "mapper-tests/1.0 (tests@example.org)"
        settings.MAPPER_GEOCODER_TIMEOUT = 0.3
        settings.MAPPER_GEOCODER_BACKOFF_SECONDS = 0.05
        yield fake


def test_online_answer_is_used_and_cached_so_the_second_lookup_asks_nothing(nominatim, pending_event):
    nominatim.answer("Examplia Harbour", ("json", EXAMPLIA))
    first, second = pending_event("Examplia Harbour"), pending_event("Examplia Harbour")
    event_geocode(first)
    event_geocode(second)
    assert len(nominatim.requests) == 1
    assert nominatim.requests[0][1]["countrycodes"] == "ro"
    for event in (first, second):
        assert event.geocode_status == Event.GeocodeStatus.OK
        assert (event.latitude, event.longitude, event.geocode_source) == (45.1551, 29.6561, "nominatim")
    assert GeocodeCache.objects.get(provider="nominatim").response[0]["osm_id"] == 987654


def test_names_the_provider_does_not_know_are_cached_too(nominatim, pending_event):
    for _ in range(2):
        event = pending_event("Nowhere Harbour")
        event_geocode(event)
        assert event.geocode_status == Event.GeocodeStatus.NOT_FOUND
    assert len(nominatim.requests) == 1


def test_requests_are_at_most_one_a_second(nominatim):
    for name in ("Alpha Harbour", "Beta Harbour", "Gamma Harbour"):
        place_search(name, "RO", online=True)
    times = [at for at, _params in nominatim.requests]
    assert len(times) == 3
    assert all(later - earlier >= 0.95 for earlier, later in zip(times, times[1:], strict=False))


def test_timeout_leaves_the_event_to_retry_with_a_reason(nominatim, pending_event):
    nominatim.answer("Slow Harbour", ("sleep", 1.0))
    event = pending_event("Slow Harbour")
    event_geocode(event)
    assert event.geocode_status == Event.GeocodeStatus.RETRY
    assert "GeocoderTimedOut" in event.geocode_reason
    assert not event.has_point
    assert len(nominatim.requests) == 3  # one try and two retries, then it gives up
    assert not GeocodeCache.objects.exists()  # a failure is not an answer


def test_rate_limited_answer_waits_retry_after_then_succeeds(nominatim, pending_event):
    nominatim.answer("Examplia Harbour", ("status", 429, {"Retry-After": "1"}), ("json", EXAMPLIA))
    event = pending_event("Examplia Harbour")
    event_geocode(event)
    assert event.geocode_status == Event.GeocodeStatus.OK
    (first, _), (second, _) = nominatim.requests
    assert second - first >= 0.95


def test_retry_after_longer_than_the_cap_defers_instead_of_waiting(nominatim, pending_event):
    nominatim.answer("Busy Harbour", ("status", 429, {"Retry-After": "3600"}))
    event = pending_event("Busy Harbour")
    event_geocode(event)
    assert event.geocode_status == Event.GeocodeStatus.RETRY
    assert len(nominatim.requests) == 1


@pytest.mark.parametrize("status", [400, 401, 403])
def test_refusal_is_not_retried_and_the_gazetteer_takes_over(nominatim, pending_event, settings, status):
    settings.MAPPER_GEOCODERS = ["nominatim", "gazetteer"]
    nominatim.answer("Bârsana", ("status", status, {}))
    event = pending_event("Bârsana")
    event_geocode(event)
    assert len(nominatim.requests) == 1
    assert (event.geocode_status, event.geocode_source) == (Event.GeocodeStatus.OK, "gazetteer")
    later = pending_event("Câmpia Turzii")
    event_geocode(later)
    assert len(nominatim.requests) == 1  # the breaker is open: no more requests
    assert later.geocode_status == Event.GeocodeStatus.OK


def test_unreachable_provider_means_retry_not_a_crash(settings, pending_event):
    settings.MAPPER_GEOCODERS = ["nominatim"]
    settings.MAPPER_NOMINATIM_DOMAIN = "127.0.0.1:9"  # nothing listens on the discard port
    settings.MAPPER_NOMINATIM_SCHEME = "http"
    settings.MAPPER_GEOCODER_USER_AGENT = "mapper-tests/1.0 (tests@example.org)"
    settings.MAPPER_GEOCODER_BACKOFF_SECONDS = 0.05
    event = pending_event("Unreachable Harbour")
    event_geocode(event)
    assert event.geocode_status == Event.GeocodeStatus.RETRY
    assert event.geocode_reason.startswith("nominatim:")
    assert not event.has_point


def test_gazetteer_first_answers_without_going_online(nominatim, settings):
    settings.MAPPER_GEOCODERS = ["gazetteer", "nominatim"]
    assert place_search("Bârsana", "RO", online=True)[0].source == "gazetteer"
    assert nominatim.requests == []


def test_offline_search_never_calls_the_online_provider(nominatim):
    assert place_search("Examplia Harbour", "RO") == []
    assert nominatim.requests == []


def test_untrusted_display_name_is_truncated_for_display_and_kept_whole(nominatim):
    answer = [dict(EXAMPLIA[0], display_name="<script>alert(1)</script>" + "x" * 5000)]
    nominatim.answer("Long Harbour", ("json", answer))
    best = place_search("Long Harbour", "RO", online=True)[0]
    assert len(best.name) == 200
    assert len(GeocodeCache.objects.get().response[0]["display_name"]) > 5000


def test_missing_user_agent_is_flagged_by_a_system_check(settings):
    from events.checks import geocoder_settings_check

    settings.MAPPER_GEOCODERS = ["gazetteer", "nominatim"]
    settings.MAPPER_GEOCODER_USER_AGENT = ""
    assert [problem.id for problem in geocoder_settings_check(None)] == ["mapper.W001"]


def test_a_failed_retry_keeps_the_earlier_point(nominatim, pending_event):
    nominatim.answer("Slow Harbour", ("status", 503, {}))
    event = pending_event("Slow Harbour")
    event.latitude, event.longitude = 45.0, 29.0
    event_geocode(event)
    assert event.geocode_status == Event.GeocodeStatus.RETRY
    assert (event.latitude, event.longitude) == (45.0, 29.0)


@pytest.mark.parametrize(
    ("setting", "value", "problem"),
    [
        ("MAPPER_GEOCODE_MIN_CONFIDENCE", 0, "mapper.E002"),
        ("MAPPER_GEOCODER_TIMEOUT", 0, "mapper.E003"),
        ("MAPPER_NOMINATIM_SCHEME", "ftp", "mapper.E003"),
    ],
)
def test_bad_geocoder_settings_fail_the_system_check(settings, setting, value, problem):
    from events.checks import geocoder_settings_check

    setattr(settings, setting, value)
    assert problem in [p.id for p in geocoder_settings_check(None)]


def test_two_workers_share_one_request_a_second(nominatim, shared_cache):
    """Each worker process has its own provider; the pace is kept in the shared cache, not in them."""
    from events.services.geocoding import NominatimProvider, query_parse

    workers = [NominatimProvider(), NominatimProvider()]
    for number in range(4):
        workers[number % 2].search(query_parse(f"Harbour {number}", "RO"), 5)
    times = [at for at, _params in nominatim.requests]
    assert len(times) == 4
    assert all(later - earlier >= 0.95 for earlier, later in zip(times, times[1:], strict=False))


def test_a_refusal_seen_by_one_worker_stops_the_others(nominatim, shared_cache):
    from events.services.geocoding import NominatimProvider, ProviderRefusedError, query_parse

    nominatim.answer("Refused Harbour", ("status", 403, {}))
    first, second = NominatimProvider(), NominatimProvider()
    with pytest.raises(ProviderRefusedError):
        first.search(query_parse("Refused Harbour", "RO"), 5)
    with pytest.raises(ProviderRefusedError, match="breaker open"):
        second.search(query_parse("Another Harbour", "RO"), 5)
    assert len(nominatim.requests) == 1
