"""The list beside the map (/api/events/list/) and the timeline (/api/events/histogram/), counted on the server."""

import datetime
from collections import Counter

import pytest

from events.models import Event
from events.services.generating import events_generate
from tests.brute_force import matching_events
from tests.queries import request_queries

LIST = "/api/events/list/"
HISTOGRAM = "/api/events/histogram/"
REGION = "20,43,31,49"


def newest_first(events):
    dated = sorted((e for e in events if e.date), key=lambda e: (-e.date.toordinal(), e.title, e.pk))
    return dated + sorted((e for e in events if not e.date), key=lambda e: (e.title, e.pk))


def test_the_list_pages_through_the_events_in_view_newest_first(client, kinds):
    events_generate(400, seed=3, gazetteer=False)
    expected = newest_first(matching_events({"kind": "military-base"}, (20, 43, 31, 49)))
    seen = []
    for offset in range(0, len(expected) + 30, 30):
        page = client.get(LIST, {"bbox": REGION, "kind": "military-base", "offset": offset, "limit": 30}).json()
        assert page["total"] == len(expected)
        assert (page["offset"], page["limit"]) == (offset, 30)
        seen += [row["id"] for row in page["results"]]
    assert seen == [event.pk for event in expected]


def test_a_list_row_has_what_the_list_shows(client, make_event):
    event = make_event(date=datetime.date(2024, 5, 1), date_precision="month")
    line = make_event(
        title="Border",
        latitude=None,
        longitude=None,
        geometry={"type": "LineString", "coordinates": [[22.1, 47.9], [24.0, 47.9]]},
    )
    rows = client.get(LIST, {"bbox": REGION}).json()["results"]
    assert rows[0] == {
        "id": event.pk,
        "title": "US troops at Deveselu",
        "kind": "military-base",
        "date": "2024-05-01",
        "date_precision": "month",
        "date_label": "May 2024",
        "place_name": "Deveselu",
        "precision": "settlement",
        "latitude": 44.06667,
        "longitude": 24.38333,
        "url": f"http://testserver/events/{event.pk}/",
    }
    assert (rows[1]["id"], rows[1]["latitude"], rows[1]["date_label"]) == (line.pk, None, "date unknown")


def test_events_without_a_location_are_counted_beside_any_view_and_listed_on_request(client, make_event):
    make_event(title="At Deveselu")
    nowhere = make_event(title="Somewhere in the east", latitude=None, longitude=None, date=datetime.date(2024, 2, 1))
    make_event(title="Undated, nowhere", latitude=None, longitude=None)
    make_event(title="Draft, nowhere", latitude=None, longitude=None, status="draft")
    make_event(
        title="Line", latitude=None, longitude=None, geometry={"type": "LineString", "coordinates": [[1, 1], [2, 2]]}
    )
    far_away = client.get(LIST, {"bbox": "100,10,110,20"}).json()
    assert (far_away["total"], far_away["unlocated"]) == (0, 2)
    listed = client.get(LIST, {"bbox": "100,10,110,20", "located": "no"}).json()
    assert [row["title"] for row in listed["results"]] == [nowhere.title, "Undated, nowhere"]
    assert listed["total"] == listed["unlocated"] == 2
    assert client.get(LIST, {"located": "no", "q": "east"}).json()["total"] == 1  # the filters still apply


@pytest.mark.parametrize(
    ("params", "named"),
    [({"limit": "201"}, "limit"), ({"offset": "-1"}, "offset"), ({"bbox": "x"}, "bbox"), ({"located": "x"}, "located")],
)
def test_bad_list_parameters_are_a_400(client, make_event, params, named):
    make_event()
    response = client.get(LIST, params)
    assert response.status_code == 400
    assert response.json()["error"].startswith(named)


def test_list_query_count_is_constant(client, kinds):
    def queries_for(count):
        Event.objects.all().delete()
        events_generate(count, seed=count, gazetteer=False)
        return request_queries(lambda: client.get(LIST, {"limit": 200}))

    assert queries_for(20) == queries_for(400)


def test_the_histogram_counts_every_matching_event_by_month(client, kinds):
    events_generate(1500, seed=9, gazetteer=False)
    params = {"kind": "drone-sighting", "bbox": REGION}
    histogram = client.get(HISTOGRAM, {**params, "date_from": "2024-01-01", "undated": "exclude"}).json()
    expected = matching_events(params, (20, 43, 31, 49))
    assert histogram["interval"] == "month"
    assert histogram["total"] == len(expected)
    assert histogram["undated"] == sum(1 for e in expected if e.date is None)
    by_month = Counter(e.date.replace(day=1).isoformat() for e in expected if e.date)
    assert {b["start"]: b["count"] for b in histogram["buckets"] if b["count"]} == dict(by_month)
    starts = [b["start"] for b in histogram["buckets"]]
    assert starts == sorted(starts) and starts[0] == min(by_month) and starts[-1] == max(by_month)
    assert sum(b["count"] for b in histogram["buckets"]) + histogram["undated"] == histogram["total"]


def test_a_short_span_is_counted_by_day_and_a_long_one_by_year(client, make_event):
    make_event(date=datetime.date(2024, 5, 1))
    make_event(date=datetime.date(2024, 5, 3))
    make_event(date=None)
    histogram = client.get(HISTOGRAM).json()
    assert histogram["interval"] == "day"
    assert histogram["buckets"] == [
        {"start": "2024-05-01", "count": 1},
        {"start": "2024-05-02", "count": 0},
        {"start": "2024-05-03", "count": 1},
    ]
    assert (histogram["undated"], histogram["total"]) == (1, 3)
    make_event(date=datetime.date(1960, 7, 1))
    histogram = client.get(HISTOGRAM).json()
    assert histogram["interval"] == "year"
    assert histogram["buckets"][0] == {"start": "1960-01-01", "count": 1}
    assert histogram["buckets"][-1] == {"start": "2024-01-01", "count": 2}


def test_an_empty_archive_has_an_empty_histogram(client, db):
    assert client.get(HISTOGRAM).json() == {"interval": "day", "buckets": [], "undated": 0, "total": 0}
