"""A text search's matches kept in the worker: every view of the search counted in memory, never stale."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events import kept_matches, viewport
from events.models import Event
from events.selectors import EventFilter, events_matching
from events.services.generating import events_generate
from tests.brute_force import view

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


def answer(total, ids, clusters):
    """What a reader sees of a view: the total, the single events, and each cluster's numbers."""
    numbers = sorted((c.first_pk, c.count, c.kinds, c.west, c.south, c.east, c.north) for c in clusters)
    return total, sorted(ids), numbers


def means(clusters):
    """Each cluster's mean point, in the order of its first event (sums may differ in the last bits)."""
    ordered = sorted(clusters, key=lambda c: c.first_pk)
    return [mean for c in ordered for mean in (c.lon_sum / c.count, c.lat_sum / c.count)]


@pytest.mark.parametrize("params", [{"q": "sighted"}, {"q": "sighted", "kind": "drone-sighting"}, {"q": "drone"}])
@pytest.mark.parametrize("shapes_max", [200, 2])  # lines and areas alone, or clustered at their centres
def test_kept_matches_answer_each_view_as_the_live_grouping_does(sighted, params, shapes_max, monkeypatch):
    monkeypatch.setattr(viewport, "SHAPES_MAX", shapes_max)
    wanted = EventFilter(q=params["q"], kinds=tuple(filter(None, [params.get("kind")])))
    matches = kept_matches.matches_read(wanted)
    for bbox, zoom in VIEWS:
        level = viewport.cell_level(bbox, zoom)
        live = viewport._live_cells_in_view(events_matching(wanted), bbox, level)
        kept = viewport._kept_cells_in_view(matches, bbox, level)
        assert answer(*kept) == answer(*live), (bbox, zoom)
        assert means(kept[2]) == pytest.approx(means(live[2]))
    assert viewport._kept_cells_in_view(matches, WORLD, 2)[0] > viewport.SINGLES_MAX  # the grouping was tested


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
