"""GET /api/events/?bbox&zoom: the map's view, single events and clusters whose counts are exact under every filter."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events import viewport
from events.models import Article, Citation, Event
from events.services.generating import events_generate
from tests.brute_force import assert_matches_brute_force, matching_events, view
from tests.queries import request_queries

API = "/api/events/"
WORLD = (-180.0, -85.0, 180.0, 85.0)
REGION = (20.0, 43.0, 31.0, 49.0)  # Romania and around
GALATI = (27.8, 45.2, 28.3, 45.7)
VIEWS = [(WORLD, 2), (REGION, 3), (REGION, 6), (GALATI, 10), (GALATI, 16)]
FILTERS = [
    {},
    {"kind": "military-base"},
    {"kind": "drone-sighting,border-village"},
    {"date_from": "2023-01-01", "date_to": "2023-12-31"},
    {"date_from": "2024-06-01", "undated": "exclude"},
    {"undated": "only"},
    # Date ranges over the stored months: whole months, cut months at either end, no whole month at all.
    {"date_from": "2022-03-15", "date_to": "2023-08-10"},
    {"date_from": "2022-03-15", "date_to": "2023-08-10", "undated": "exclude", "kind": "military-base"},
    {"date_to": "2022-02-28", "kind": "drone-sighting,border-village"},
    {"date_from": "2021-05-20", "date_to": "2021-05-31"},
    {"date_from": "2021-05-03", "date_to": "2021-05-27", "undated": "exclude"},
    {"undated": "exclude"},
    {"undated": "only", "kind": "military-base"},
    {"q": "galati"},
    {"q": "barsana"},
    {"q": "Galați drone"},
    {"q": "report 7"},
    {"precision": "exact,near"},
    {"near_border": "UA"},
    {"within_km": "40"},
    {"near_border": "MD", "within_km": "60"},
    {"article": "gen-7-3"},
]
LINE = {"type": "LineString", "coordinates": [[22.1, 47.9], [24.0, 47.9], [26.6, 48.2]]}


@pytest.fixture
def archive(kinds):
    """1,500 generated events around real places (the built-in list: the test gazetteer is empty), a line added."""
    events_generate(1500, seed=7, gazetteer=False)
    return Event.objects.count()


@pytest.mark.parametrize("params", FILTERS, ids=lambda p: "&".join(f"{k}={v}" for k, v in p.items()) or "none")
def test_cluster_counts_equal_brute_force_under_each_filter(client, archive, params):
    for bbox, zoom in VIEWS:
        assert_matches_brute_force(client, bbox, zoom, params)


def test_a_date_range_over_a_wide_view_sums_the_stored_months(client, archive):
    """The brute-force checks above go through the per-month counts, not only through the live count."""
    for bbox, zoom in ((WORLD, 2), (REGION, 3)):
        with CaptureQueriesContext(connection) as queries:
            view(client, bbox, zoom, date_from="2022-03-15", date_to="2023-08-10", kind="military-base")
        assert any("events_eventcellmonth" in query["sql"] for query in queries.captured_queries)


def test_a_crowded_view_is_clusters_and_a_quiet_one_is_single_events(client, archive):
    world = view(client, WORLD, 2)
    assert world["total"] > viewport.SINGLES_MAX
    assert any(f["properties"].get("cluster") for f in world["features"])
    assert len(world["features"]) < 100
    street = view(client, (28.0, 45.40, 28.1, 45.47), 16)
    assert 0 < street["total"] <= viewport.SINGLES_MAX
    assert all(not f["properties"].get("cluster") for f in street["features"])
    assert len(street["features"]) == street["total"]


def test_a_single_feature_carries_the_usual_properties(client, make_event):
    event = make_event()
    (feature,) = view(client, REGION, 6)["features"]
    assert feature["id"] == event.pk
    assert feature["geometry"] == {"type": "Point", "coordinates": [24.38333, 44.06667]}
    assert feature["properties"]["title"] == "US troops at Deveselu"
    assert feature["properties"]["articles"][0]["quote"] == "… as well as the Deveselu … bases."
    assert feature["properties"]["url"] == f"http://testserver/events/{event.pk}/"


def test_lines_in_view_are_single_features_and_count_in_the_total(client, archive, make_event):
    line = make_event(title="Border line", latitude=None, longitude=None, geometry=LINE)
    collection = assert_matches_brute_force(client, REGION, 6, {})
    (feature,) = [f for f in collection["features"] if f.get("id") == line.pk]
    assert feature["geometry"]["type"] == "LineString"
    assert line.pk not in {f.get("id") for f in view(client, (20.0, 43.0, 31.0, 45.0), 6)["features"]}


def test_many_lines_in_view_are_clustered_by_their_centres(client, archive, make_event, monkeypatch):
    monkeypatch.setattr(viewport, "SHAPES_MAX", 2)
    for n in range(4):
        make_event(title=f"Line {n}", latitude=None, longitude=None, geometry=LINE)
    collection = view(client, REGION, 6)
    assert collection["total"] == len(matching_events({}, REGION))
    counted = sum(f["properties"].get("count", 1) for f in collection["features"])
    assert counted == collection["total"]


def test_the_antimeridian(client, make_event):
    make_event(title="Fiji", latitude=-17.7, longitude=178.0)
    make_event(title="Samoa", latitude=-13.8, longitude=-172.1)
    make_event(title="Deveselu")
    collection = view(client, (170, -20, -170, -10), 5)
    assert collection["total"] == 2
    assert sorted(f["properties"]["title"] for f in collection["features"]) == ["Fiji", "Samoa"]


def test_a_bbox_far_wider_than_the_zoom_gets_coarser_cells_not_a_huge_answer(client, archive):
    collection = view(client, WORLD, 18)
    assert collection["total"] == len(matching_events({}, WORLD))
    assert len(collection["features"]) <= viewport.MAX_CELLS_ACROSS**2
    assert len(json.dumps(collection)) < 2_000_000


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({"zoom": "6"}, "zoom"),
        ({"zoom": "21", "bbox": "0,0,1,1"}, "zoom"),
        ({"zoom": "-1", "bbox": "0,0,1,1"}, "zoom"),
        ({"zoom": "six", "bbox": "0,0,1,1"}, "zoom"),
        ({"zoom": "6", "bbox": "0,0,1,1", "format": "csv"}, "zoom"),
    ],
)
def test_bad_zoom_is_a_400_naming_it(client, make_event, params, named):
    make_event()
    response = client.get(API, params)
    assert response.status_code == 400
    assert response.json()["error"].startswith(named)


def test_drafts_never_count(client, make_event):
    make_event(title="Public")
    make_event(title="Secret", status="draft")
    collection = view(client, REGION, 6)
    assert collection["total"] == 1
    assert "Secret" not in json.dumps(collection)


def test_query_count_does_not_grow_with_the_events_in_view(client, kinds, article):
    def queries_for(count, bbox):
        Event.objects.all().delete()
        events_generate(count, seed=count, gazetteer=False)
        Citation.objects.bulk_create(Citation(event=e, article=article) for e in Event.objects.all()[:50])
        return request_queries(lambda: client.get(API, {"bbox": ",".join(map(str, bbox)), "zoom": 6}))

    assert queries_for(20, REGION) == queries_for(250, REGION)  # every event a single feature
    assert queries_for(600, WORLD) == queries_for(3000, WORLD)  # clusters


def test_more_than_a_thousand_distinct_articles_in_one_answer(client, kinds):
    """The SQLite prefetch used to fail past about 1,000 articles ("Expression tree is too large")."""
    events_generate(12_000, seed=5, gazetteer=False)  # one article per ten events: 1,200 articles
    assert Article.objects.count() > 1000
    response = client.get(API)
    body = b"".join(response.streaming_content)
    published = Event.objects.filter(status="published").count()
    assert len(json.loads(body)["features"]) == published
    on_the_map = Event.objects.filter(status="published").exclude(latitude__isnull=True, geometry__isnull=True)
    assert view(client, WORLD, 2)["total"] == on_the_map.count()


@pytest.fixture
def sighted_over_lines(archive, make_event, monkeypatch):
    """The archive, four lines whose title has "sighted", and an article titled with it cited by some events that
    have the word themselves too (each must count once); wide views hold more than SINGLES_MAX matches."""
    monkeypatch.setattr(viewport, "SINGLES_MAX", 20)
    for n in range(4):
        make_event(title=f"Drones sighted along line {n}", latitude=None, longitude=None, geometry=LINE)
    article = Article.objects.create(title="Drones sighted again", slug="sighted-again", url="https://example.org/s")
    cited = Event.objects.filter(status="published", latitude__isnull=False).order_by("pk")[:40]
    Citation.objects.bulk_create(Citation(event=event, article=article) for event in cited)
    return [event.pk for event in Event.objects.filter(geometry__isnull=False, title__contains="sighted")]


@pytest.mark.parametrize("params", [{"q": "sighted"}, {"q": "sighted", "kind": "drone-sighting"}, {"q": "drones"}])
def test_a_common_word_counts_points_and_lines_in_one_grouping_as_brute_force_does(client, sighted_over_lines, params):
    for bbox, zoom in [*VIEWS, ((27.0, 44.5, 29.0, 46.0), 12)]:
        collection = assert_matches_brute_force(client, bbox, zoom, params)
        lines = {event.pk for event in matching_events(params, bbox) if event.latitude is None}
        single_ids = {f["id"] for f in collection["features"] if not f["properties"].get("cluster")}
        assert lines <= single_ids  # fewer lines than SHAPES_MAX: each is a single feature


def test_many_lines_under_a_common_word_join_the_clusters(client, sighted_over_lines, monkeypatch):
    monkeypatch.setattr(viewport, "SHAPES_MAX", 2)
    for bbox, zoom in [(WORLD, 2), (REGION, 6)]:
        collection = view(client, bbox, zoom, q="sighted")
        assert collection["total"] == len(matching_events({"q": "sighted"}, bbox)) > viewport.SINGLES_MAX
        assert sum(f["properties"].get("count", 1) for f in collection["features"]) == collection["total"]
        assert not {f.get("id") for f in collection["features"]} & set(sighted_over_lines)
