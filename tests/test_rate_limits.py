"""Per-client rate limits (hostile-inputs row 44): 429 with Retry-After once over, whatever the headers say."""

import pytest
from axes.helpers import get_client_ip_address
from django.test import RequestFactory

from events.rate_limits import client_address

API = "/api/events/"


@pytest.fixture
def limits(settings):
    """Small limits per hour (an hour-long window never ends in the middle of a test)."""
    settings.MAPPER_RATE_LIMITS = {"api": "3/h", "exports": "2/h", "feed": "2/h", "pages": "2/h"}
    return settings.MAPPER_RATE_LIMITS


def statuses(client, url, times, **headers):
    return [client.get(url, **headers).status_code for _ in range(times)]


def test_the_api_answers_429_with_retry_after_once_over_the_limit(client, make_event, limits, shared_cache):
    make_event()
    assert statuses(client, API, 3) == [200, 200, 200]
    refused = client.get(API)
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 3600
    assert "try again" in refused.json()["error"]
    # Another client is counted on its own.
    assert client.get(API, REMOTE_ADDR="198.51.100.20").status_code == 200


def test_exports_count_against_their_own_limit_and_the_api_limit(client, make_event, limits, settings):
    settings.MAPPER_RATE_LIMITS = limits | {"api": "10/h"}
    make_event()
    assert statuses(client, API + "?format=csv", 2) == [200, 200]
    assert client.get(API + "?format=kml").status_code == 429
    assert client.get(API).status_code == 200  # the map itself still answers


def test_the_feed_is_limited(client, make_event, limits):
    assert statuses(client, "/feeds/events/", 3) == [200, 200, 429]


def test_pages_that_query_are_limited_with_a_page_that_says_so(client, make_event, limits):
    event = make_event()
    assert statuses(client, f"/events/{event.pk}/", 2) == [200, 200]
    refused = client.get(f"/articles/{event.citations.get().article.slug}/")
    assert refused.status_code == 429 and refused["Retry-After"]
    assert "Too many requests" in refused.content.decode()
    assert client.get("/").status_code == 429  # the map page counts as a page too


def test_a_spoofed_forwarded_for_does_not_dodge_the_limit(client, make_event, limits):
    make_event()
    codes = [client.get(API, HTTP_X_FORWARDED_FOR=f"203.0.113.{n}").status_code for n in range(5)]
    assert codes == [200, 200, 200, 429, 429]


def test_behind_a_trusted_proxy_clients_are_told_apart_and_cannot_spoof_either(client, make_event, limits, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    make_event()
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    # The proxy appends the address it saw; what the client wrote before it is ignored.
    spoofing = [
        client.get(API, HTTP_X_FORWARDED_FOR=f"203.0.113.{n}, 198.51.100.7", **proxy).status_code for n in range(4)
    ]
    assert spoofing == [200, 200, 200, 429]
    assert client.get(API, HTTP_X_FORWARDED_FOR="198.51.100.8", **proxy).status_code == 200


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "203.0.113.9", "192.0.2.1"),  # no proxy trusted: the header is the client's own claim
        (1, "203.0.113.9", "203.0.113.9"),
        (1, "6.6.6.6, 203.0.113.9", "203.0.113.9"),
        (2, "6.6.6.6, 203.0.113.9, 10.0.0.1", "203.0.113.9"),
        (2, "203.0.113.9", "192.0.2.1"),  # fewer hops than proxies: not through them
        (1, "not-an-address", "192.0.2.1"),
        (1, "", "192.0.2.1"),
        (1, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_client_address_takes_the_hop_the_trusted_proxies_wrote(settings, proxies, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == expected
    assert get_client_ip_address(request) == expected  # the login lockout uses the same rule


def test_limits_can_be_switched_off(client, make_event, limits, settings):
    settings.RATELIMIT_ENABLE = False
    make_event()
    assert statuses(client, API, 5) == [200] * 5


# What is counted: the work. Answers the server already holds (a 304, a kept answer) cost two cache reads.

VIEW = API + "?bbox=20,40,30,50&zoom=6"


def other_views(count):
    """Map views the server has not answered yet (each its own bbox, so each runs the query)."""
    return [f"{API}?bbox=20,40,30,{50 + n}&zoom=6" for n in range(1, count + 1)]


@pytest.fixture
def committed_event(make_event, committed):
    """A committed write, so that answers are kept (inside a write, nothing is)."""
    return committed(make_event)


def test_a_kept_answer_is_not_counted_and_still_answers_a_client_over_the_limit(
    client, committed_event, limits, shared_cache
):
    assert statuses(client, VIEW, 6) == [200] * 6  # one query, five answers from the cache
    assert [client.get(url).status_code for url in other_views(3)] == [200, 200, 429]
    again = client.get(VIEW)
    assert again.status_code == 200
    assert again.json()["total"] == 1


def test_a_304_revalidation_is_not_counted(client, committed_event, limits, shared_cache):
    etag = client.get(VIEW)["ETag"]
    assert statuses(client, VIEW, 5, HTTP_IF_NONE_MATCH=etag) == [304] * 5
    assert [client.get(url).status_code for url in other_views(3)] == [200, 200, 429]


def test_answers_that_run_the_query_are_counted_even_when_repeated(client, committed_event, limits, settings):
    # The full answer and downloads stream: never kept, so each one is work and counted.
    assert statuses(client, API, 4) == [200, 200, 200, 429]
    settings.MAPPER_RATE_LIMITS = limits | {"api": "10/h"}
    assert statuses(client, API + "?format=csv", 3) == [200, 200, 429]


def test_after_a_write_the_next_answer_is_work_again_and_counted(
    client, committed_event, make_event, committed, limits
):
    assert statuses(client, VIEW, 3) == [200] * 3
    for _ in range(2):
        committed(make_event)
        assert client.get(VIEW).status_code == 200  # a new data version: the query runs and counts
    committed(make_event)
    assert client.get(VIEW).status_code == 429
