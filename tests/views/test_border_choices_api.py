"""The border filter's choices (/api/events/border-choices/): every matching event in view counted on the server."""

from collections import Counter

from events.models import Event
from events.services.generating import events_generate
from tests.brute_force import matching_events

CHOICES = "/api/events/border-choices/"
REGION = "20,43,31,49"


def choices(client, **params):
    response = client.get(CHOICES, params)
    assert response.status_code == 200
    return {row["code"]: row["count"] for row in response.json()["countries"]}


def test_choices_count_every_matching_event_in_view(client, kinds):
    events_generate(600, seed=5, gazetteer=False)
    for params in ({}, {"kind": "military-base"}, {"date_from": "2024-01-01", "undated": "exclude"}):
        expected = Counter(e.border_country for e in matching_events(params, (20, 43, 31, 49)) if e.border_country)
        assert expected  # the generated places lie near several borders
        assert choices(client, bbox=REGION, **params) == dict(expected)


def test_the_border_filter_itself_is_left_out_and_drafts_are_not_counted(client, make_event):
    make_event(border_country="UA", border_distance_km=5, border_zone={"RO-UA": 5, "RO": 5, "UA": 5})
    make_event(key="md", border_country="MD", border_distance_km=8, border_zone={"MD-RO": 8, "RO": 8, "MD": 8})
    make_event(key="draft", border_country="BG", status=Event.Status.DRAFT)
    make_event(key="far", border_country="", latitude=45.9, longitude=25.0)
    assert choices(client) == {"MD": 1, "UA": 1}
    # Choosing Ukraine still offers Moldova: the choices are what else could be chosen here.
    assert choices(client, near_border="UA", within_km="30") == {"MD": 1, "UA": 1}
    assert choices(client, bbox="40,40,41,41") == {}


def test_a_bad_filter_is_a_clear_400(client, db):
    response = client.get(CHOICES, {"bbox": "1,2"})
    assert response.status_code == 400
    assert "bbox" in response.json()["error"]
