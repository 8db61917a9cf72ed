"""ETags, 304s and the shared answer cache: right after every write, and never stale."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events import http_cache
from events.models import Event
from events.services.data_version import data_version_bump

API = "/api/events/"
# The map's view (bbox + zoom) is the answer the server keeps; full answers and exports stream.
MAP_VIEW = API + "?bbox=-180,-90,180,90&zoom=3"
FEED = "/feeds/events/"


def event_queries(run):
    """How many queries of the events table ``run()`` made (the cache and rate limits have their own tables)."""
    with CaptureQueriesContext(connection) as queries:
        response = run()
    return response, sum('"events_event"' in query["sql"] for query in queries.captured_queries)


@pytest.fixture
def published(make_event, committed):
    return committed(lambda: make_event(title="US troops at Deveselu"))


@pytest.mark.parametrize("url", [API, API + "?kind=military-base&format=csv", FEED])
def test_answers_carry_an_etag_and_a_short_public_max_age(client, published, url, settings):
    response = client.get(url)
    assert response.status_code == 200
    assert response["ETag"].startswith('"')
    assert f"max-age={settings.MAPPER_HTTP_MAX_AGE}" in response["Cache-Control"]
    assert "public" in response["Cache-Control"]


@pytest.mark.parametrize("url", [API, API + "?format=kml", FEED])
def test_if_none_match_answers_304_without_running_the_query(client, published, url, shared_cache):
    etag = client.get(url)["ETag"]
    response, queries = event_queries(lambda: client.get(url, HTTP_IF_NONE_MATCH=etag))
    assert response.status_code == 304
    assert response["ETag"] == etag
    assert queries == 0


def test_the_etag_depends_on_every_query_parameter_and_the_host(client, published):
    etags = {
        client.get(API)["ETag"],
        client.get(API + "?kind=military-base")["ETag"],
        client.get(API + "?kind=military-base&q=troops")["ETag"],
        client.get(API, HTTP_HOST="localhost")["ETag"],
    }
    assert len(etags) == 4
    # The order of the parameters does not matter.
    assert client.get(API + "?q=a&kind=b")["ETag"] == client.get(API + "?kind=b&q=a")["ETag"]


def test_a_repeated_answer_comes_from_the_shared_cache(client, published, shared_cache):
    first = client.get(MAP_VIEW)
    second, queries = event_queries(lambda: client.get(MAP_VIEW))
    assert queries == 0
    assert second.content == first.content
    assert second["Content-Type"] == "application/geo+json"


def test_a_write_changes_the_etag_and_the_next_answer(client, published, committed, shared_cache):
    first = client.get(MAP_VIEW)
    committed(lambda: Event.objects.filter(pk=published.pk).update(title="US troops leave Deveselu"))
    second = client.get(MAP_VIEW, HTTP_IF_NONE_MATCH=first["ETag"])
    assert second.status_code == 200
    assert second["ETag"] != first["ETag"]
    assert second.json()["features"][0]["properties"]["title"] == "US troops leave Deveselu"


def test_an_uncommitted_write_is_not_cached_for_others(client, published, committed, settings):
    from django.core.cache import caches

    Event.objects.filter(pk=published.pk).update(title="Not committed yet")
    client.get(MAP_VIEW)
    assert not any(key.startswith("answer:") for key in _answer_keys(caches["answers"]))


def _answer_keys(cache):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT cache_key FROM {cache._table}")
        return [row[0].split(":", 2)[-1] for row in cursor.fetchall()]


def test_errors_are_neither_cached_nor_given_an_etag(client, published):
    response = client.get(API + "?bbox=1,2")
    assert response.status_code == 400
    assert not response.has_header("ETag")
    assert client.get(API + "?bbox=1,2").status_code == 400


def test_answers_above_the_size_cap_are_not_kept(client, published, settings):
    settings.MAPPER_ANSWER_CACHE_MAX_BYTES = 10
    client.get(MAP_VIEW)
    _response, queries = event_queries(lambda: client.get(MAP_VIEW))
    assert queries > 0


def test_if_none_match_star_never_hides_a_bad_request(client, published):
    assert client.get(API + "?limit=-1", HTTP_IF_NONE_MATCH="*").status_code == 400
    assert client.get(API, HTTP_IF_NONE_MATCH="*").status_code == 200


def test_after_a_write_the_same_request_never_gets_the_answer_kept_before_it(
    client, published, committed, shared_cache
):
    assert client.get(MAP_VIEW).json()["features"][0]["properties"]["title"] == "US troops at Deveselu"
    committed(lambda: Event.objects.filter(pk=published.pk).update(title="US troops leave Deveselu"))
    answer, queries = event_queries(lambda: client.get(MAP_VIEW))
    assert queries > 0
    assert answer.json()["features"][0]["properties"]["title"] == "US troops leave Deveselu"
    assert event_queries(lambda: client.get(MAP_VIEW))[1] == 0  # and that one is kept in turn


def test_a_kept_answer_costs_one_cache_read_for_the_version_and_the_answer(client, published):
    client.get(MAP_VIEW)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(MAP_VIEW).status_code == 200
    assert [query["sql"].split(" FROM ")[1].split()[0] for query in queries.captured_queries] == [
        '"mapper_cache_answers"'
    ]


def test_a_worker_serving_its_own_copy_reads_only_the_version(client, published, shared_cache):
    first = client.get(MAP_VIEW)
    with CaptureQueriesContext(connection) as queries:
        second = client.get(MAP_VIEW)
    assert second.content == first.content
    if shared_cache == "database":  # Redis reads happen outside the database
        [query] = queries.captured_queries
        assert "data-version" in query["sql"] and "answer:" not in query["sql"]


def test_another_workers_kept_answer_is_served_from_the_shared_cache(client, published, shared_cache, monkeypatch):
    first = client.get(MAP_VIEW)
    monkeypatch.setattr(http_cache, "LOCAL_ANSWERS", http_cache.local_answers())  # a worker that never served it
    second, queries = event_queries(lambda: client.get(MAP_VIEW))
    assert queries == 0
    assert second.content == first.content
    assert http_cache.LOCAL_ANSWERS.get(http_cache._cache_key(http_cache.request_described(second.wsgi_request)))


def test_a_write_through_another_worker_makes_this_workers_copy_unreachable(client, published, committed, shared_cache):
    assert client.get(MAP_VIEW).json()["features"][0]["properties"]["title"] == "US troops at Deveselu"

    def elsewhere():  # as another process writes: nothing of this one is told, the shared version changes
        with connection.cursor() as cursor:
            cursor.execute("UPDATE events_event SET title = %s WHERE id = %s", ["US troops leave", published.pk])
        data_version_bump()

    committed(elsewhere)
    answer, queries = event_queries(lambda: client.get(MAP_VIEW))
    assert queries > 0
    assert answer.json()["features"][0]["properties"]["title"] == "US troops leave"
