"""A text search's matches kept in the worker: every view of the search counted in memory, never stale."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events import kept_matches, viewport
from events.models import Event
from events.selectors import EventFilter
from events.services.generating import events_generate
from tests.brute_force import assert_matches_brute_force, matching_events, view

WORLD = (-180.0, -85.0, 180.0, 85.0)
VIEWS = [
    (WORLD, 2),
    ((20.0, 43.0, 31.0, 49.0), 3),
    ((20.0, 43.0, 31.0, 49.0), 6),
    ((27.0, 44.5, 29.0, 46.0), 12),
    ((170.0, -50.0, -170.0, 70.0), 4),  # across the antimeridian
    ((10.0, 10.0, 11.0, 11.0), 9),  # nothing there
]
LINE = {"type": "LineString", "coordinates": [[22.1, 47.9], [24.0, 47.9], [26.6, 48.2]]}
AREA = {"type": "Polygon", "coordinates": [[[178.0, 10.0], [179.5, 10.0], [179.5, 12.0], [178.0, 10.0]]]}


@pytest.fixture
def sighted(kinds, make_event, monkeypatch):
    """1,500 generated events, lines and areas and an unlocated event with "sighted" too; few singles allowed."""
    monkeypatch.setattr(viewport, "SINGLES_MAX", 20)
    events_generate(1500, seed=7, gazetteer=False)
    for n in range(4):
        make_event(title=f"Drones sighted along line {n}", latitude=None, longitude=None, geometry=LINE)
    make_event(title="Drone sighted over the Pacific", latitude=None, longitude=None, geometry=AREA)
    make_event(title="Drone sighted, place unknown", latitude=None, longitude=None, place_name="")


@pytest.mark.parametrize(
    "params", [{"q": "sighted"}, {"q": "sighted", "kind": "drone-sighting"}, {"q": "drone"}, {}, {"kind": "other"}]
)
def test_each_view_counts_as_brute_force_does_with_lines_and_areas_alone(client, sighted, params):
    for bbox, zoom in VIEWS:
        collection = assert_matches_brute_force(client, bbox, zoom, params)
        shapes = {event.pk for event in matching_events(params, bbox) if event.latitude is None}
        assert shapes <= {f["id"] for f in collection["features"] if not f["properties"].get("cluster")}
    assert view(client, WORLD, 2, **params)["total"] > viewport.SINGLES_MAX  # the grouping was tested


@pytest.mark.parametrize("params", [{"q": "sighted"}, {"q": "sighted", "kind": "drone-sighting"}])
def test_a_search_with_too_many_matches_to_keep_is_counted_by_the_database(client, sighted, params, settings):
    settings.MAPPER_MATCHES_LOCAL_BYTES = 4 * kept_matches.ROW_BYTES * 20  # a search of 20 matches at most
    for bbox, zoom in VIEWS:
        assert_matches_brute_force(client, bbox, zoom, params)
    assert view(client, WORLD, 2, **params)["total"] > 20


@pytest.mark.parametrize("params", [{"q": "sighted"}, {}])
def test_past_shapes_max_the_lines_and_areas_join_the_clusters(client, sighted, params, monkeypatch):
    monkeypatch.setattr(viewport, "SHAPES_MAX", 2)
    for bbox, zoom in VIEWS:
        collection = view(client, bbox, zoom, **params)
        expected = matching_events(params, bbox)
        assert collection["total"] == len(expected)
        assert sum(f["properties"].get("count", 1) for f in collection["features"]) == collection["total"]
        shapes = {event.pk for event in expected if event.latitude is None}
        lines = {event.pk for event in expected if event.title.startswith("Drones sighted along line")}
        if len(shapes) > 2 and len(expected) > viewport.SINGLES_MAX:  # the four lines share their centre's cell
            assert lines and not {f.get("id") for f in collection["features"]} & lines


def test_an_unlocated_match_is_in_no_view_and_a_line_is_in_each_view_it_crosses(kinds, make_event):
    line = make_event(title="Drones sighted along the line", latitude=None, longitude=None, geometry=LINE)
    make_event(title="Drone sighted, place unknown", latitude=None, longitude=None, place_name="")
    point = make_event(title="Drone sighted at Deveselu")
    matches = kept_matches.matches_read(EventFilter(q="sighted"))
    assert sorted(matches.pk.tolist()) == sorted([line.pk, point.pk])
    in_view = {bbox: set(matches.pk[matches.in_view(bbox)].tolist()) for bbox in [(25.0, 47.0, 27.0, 49.0), WORLD]}
    assert in_view == {(25.0, 47.0, 27.0, 49.0): {line.pk}, WORLD: {line.pk, point.pk}}


def search_reads(request) -> int:
    """How many queries of ``request()`` asked the full-text index."""
    marker = "@@" if connection.vendor == "postgresql" else "_fts"
    with CaptureQueriesContext(connection) as queries:
        request()
    return sum(marker in query["sql"] for query in queries.captured_queries)


def test_a_worker_reads_a_searchs_matches_once_for_all_its_views(client, make_event, committed):
    committed(lambda: [make_event(title=f"Drone sighted {n}", latitude=44 + n / 10) for n in range(5)])
    assert search_reads(lambda: view(client, WORLD, 2, q="sighted")) > 0
    assert search_reads(lambda: view(client, (20.0, 43.0, 31.0, 49.0), 6, q="sighted")) == 0
    assert view(client, (24.0, 44.0, 25.0, 44.25), 12, q="sighted")["total"] == 3  # from the kept matches


def another_worker(monkeypatch):
    """From now on, this process is a worker that has kept nothing yet."""
    monkeypatch.setattr(kept_matches, "_KEPT", kept_matches.local_matches())


def test_a_large_search_read_by_one_worker_is_taken_by_the_others_from_the_shared_cache(
    client, make_event, committed, monkeypatch, shared_cache
):
    monkeypatch.setattr(kept_matches, "SHARED_FROM_ROWS", 5)
    committed(lambda: [make_event(title=f"Drone sighted {n}", latitude=44 + n / 10) for n in range(5)])
    assert search_reads(lambda: view(client, WORLD, 2, q="sighted")) > 0
    another_worker(monkeypatch)
    assert search_reads(lambda: view(client, (20.0, 43.0, 31.0, 49.0), 6, q="sighted")) == 0
    assert view(client, (24.0, 44.0, 25.0, 44.25), 12, q="sighted")["total"] == 3
    committed(lambda: make_event(title="Drone sighted again", latitude=44.05))  # a new version: read again
    another_worker(monkeypatch)
    assert search_reads(lambda: view(client, (24.0, 44.0, 25.0, 44.3), 12, q="sighted")) > 0
    assert view(client, (24.0, 44.0, 25.0, 44.25), 12, q="sighted")["total"] == 4


def test_a_small_search_is_read_by_each_worker_and_not_shared(client, make_event, committed, monkeypatch):
    monkeypatch.setattr(kept_matches, "SHARED_FROM_ROWS", 6)
    committed(lambda: [make_event(title=f"Drone sighted {n}", latitude=44 + n / 10) for n in range(5)])
    assert search_reads(lambda: view(client, WORLD, 2, q="sighted")) > 0
    another_worker(monkeypatch)
    assert search_reads(lambda: view(client, (20.0, 43.0, 31.0, 49.0), 6, q="sighted")) > 0


def test_a_write_is_in_the_next_view_of_a_kept_search(client, make_event, committed):
    committed(lambda: make_event(title="Drone sighted at Deveselu"))
    assert view(client, WORLD, 2, q="sighted")["total"] == 1
    moved = committed(lambda: make_event(title="Drone sighted near Galați", latitude=45.43, longitude=28.05))
    assert view(client, (20.0, 43.0, 31.0, 49.0), 6, q="sighted")["total"] == 2
    committed(lambda: Event.objects.filter(pk=moved.pk).update(status=Event.Status.DRAFT))
    assert view(client, (20.0, 43.0, 31.0, 49.0), 5, q="sighted")["total"] == 1


def test_inside_a_write_the_view_sees_it_and_keeps_nothing(client, make_event):
    make_event(title="Drone sighted at Deveselu")  # not committed: the data version is this transaction's own
    assert view(client, WORLD, 2, q="sighted")["total"] == 1
    make_event(title="Drone sighted again")
    assert view(client, (20.0, 43.0, 31.0, 49.0), 6, q="sighted")["total"] == 2
    assert search_reads(lambda: view(client, (20.0, 43.0, 31.0, 49.0), 5, q="sighted")) > 0


def test_with_no_budget_every_view_reads_the_matches(client, make_event, committed, settings):
    settings.MAPPER_MATCHES_LOCAL_BYTES = 0
    committed(lambda: make_event(title="Drone sighted at Deveselu"))
    assert search_reads(lambda: view(client, WORLD, 2, q="sighted")) > 0
    assert search_reads(lambda: view(client, (20.0, 43.0, 31.0, 49.0), 6, q="sighted")) > 0


def test_each_filter_with_the_search_is_kept_apart(client, make_event, committed, kinds):
    committed(lambda: make_event(title="Drone sighted", kind=kinds["drone-sighting"]))
    committed(lambda: make_event(title="Base sighted"))
    assert view(client, WORLD, 2, q="sighted")["total"] == 2
    assert view(client, WORLD, 2, q="sighted", kind="drone-sighting")["total"] == 1
    assert view(client, (20.0, 43.0, 31.0, 49.0), 6, q="sighted", undated="exclude")["total"] == 0  # both undated


def test_a_computed_view_reads_the_data_version_once(client, make_event, committed):
    committed(lambda: make_event(title="Drone sighted at Deveselu"))
    for params in ({"q": "sighted"}, {}):  # a search's matches, or the filter's lines and areas
        with CaptureQueriesContext(connection) as queries:
            view(client, (20.0, 43.0, 31.0, 49.0), 6, **params)
        assert sum("data-version" in query["sql"] for query in queries.captured_queries) == 1, params
