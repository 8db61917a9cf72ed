"""Every write path is in the next map answer: cluster counts still equal brute force after each."""

import json

import pytest
from django.core.management import call_command

from events.models import Event
from events.services.generating import events_generate
from events.services.importing import article_import
from tests.admin.test_event_form import change_form_data, event_fields_data
from tests.brute_force import assert_matches_brute_force, view
from tests.conftest import ARTICLE_DATA

WORLD = (-180.0, -85.0, 180.0, 85.0)
REGION = (20.0, 43.0, 31.0, 49.0)
LINE = {"type": "LineString", "coordinates": [[22.1, 47.9], [24.0, 47.9], [26.6, 48.2]]}
LINE_JSON = json.dumps(LINE)
CHECKS = [
    {},
    {"kind": "military-base"},
    {"q": "galati"},
    {"date_from": "2022-03-15", "date_to": "2023-08-10"},  # the per-month counts, months cut at both ends
    {"date_to": "2023-06-30", "undated": "exclude", "kind": "military-base"},
    {"undated": "only"},
]


@pytest.fixture
def archive(kinds):
    events_generate(400, seed=11, gazetteer=False)


def assert_every_view_right(client):
    for params in CHECKS:
        for bbox, zoom in ((WORLD, 2), (REGION, 3), (REGION, 6)):
            assert_matches_brute_force(client, bbox, zoom, params)


def test_admin_save_moves_an_event_between_clusters(editor_client, archive, make_event, kinds):
    event = make_event(title="Moved by staff")
    assert_every_view_right(editor_client)
    data = change_form_data(event, latitude="45.43", longitude="28.05", kind=kinds["drone-sighting"].pk)
    data |= {"date": "2022-05-05", "date_precision": "day"}  # undated to dated: to another stored month
    assert editor_client.post(f"/admin/events/event/{event.pk}/change/", data).status_code == 302
    assert Event.objects.get(pk=event.pk).longitude == 28.05
    assert_every_view_right(editor_client)
    data |= {"date": "2023-01-31"}  # only the date changes
    assert editor_client.post(f"/admin/events/event/{event.pk}/change/", data).status_code == 302
    assert str(Event.objects.get(pk=event.pk).date) == "2023-01-31"
    assert_every_view_right(editor_client)


def test_admin_save_of_a_line_puts_it_in_view(editor_client, archive, make_event):
    event = make_event(title="Border patrol", latitude=None, longitude=None)
    data = change_form_data(event, latitude="", longitude="", geometry=LINE_JSON)
    assert editor_client.post(f"/admin/events/event/{event.pk}/change/", data).status_code == 302
    assert event.pk in {f.get("id") for f in view(editor_client, REGION, 6)["features"]}
    assert_every_view_right(editor_client)


def test_bulk_actions(editor_client, archive):
    published = list(Event.objects.filter(status="published", latitude__gt=44, latitude__lt=48)[:40])
    drafts = list(Event.objects.filter(status="draft")[:10])
    changelist = "/admin/events/event/"
    editor_client.post(changelist, {"action": "unpublish_selected", "_selected_action": [e.pk for e in published]})
    editor_client.post(changelist, {"action": "publish_selected", "_selected_action": [e.pk for e in drafts]})
    assert not Event.objects.filter(pk__in=[e.pk for e in published], status="published").exists()
    assert_every_view_right(editor_client)


def test_importer(client, archive, importer_ready):
    before = view(client, WORLD, 2)["total"]
    report = article_import([(path.name, path.read_text()) for path in (ARTICLE_DATA / "good.json",)])
    assert report.counts["created"]
    assert view(client, WORLD, 2)["total"] > before
    assert_every_view_right(client)


def test_history_revert(editor_client, archive, make_event):
    event = make_event(title="Reverted")
    original = event.history.earliest()
    moved = change_form_data(event, latitude="", longitude="", geometry=LINE_JSON)
    editor_client.post(f"/admin/events/event/{event.pk}/change/", moved)
    revert_url = f"/admin/events/event/{event.pk}/history/{original.history_id}/"
    editor_client.post(revert_url, change_form_data(event))
    event.refresh_from_db()
    assert (event.geometry, event.shape_west, event.latitude) == (None, None, 44.06667)
    assert_every_view_right(editor_client)


def test_delete_and_recovery(superuser_client, archive, make_event):
    event = make_event(title="Deleted", latitude=None, longitude=None, geometry=LINE)
    superuser_client.post(f"/admin/events/event/{event.pk}/delete/", {"post": "yes"})
    assert event.pk not in {f.get("id") for f in view(superuser_client, REGION, 6)["features"]}
    assert_every_view_right(superuser_client)
    last = Event.history.filter(id=event.pk).exclude(history_type="-").latest()
    superuser_client.post(f"/admin/events/event/{event.pk}/history/{last.history_id}/", event_fields_data(event))
    assert Event.objects.get(pk=event.pk).shape_north == 48.2
    assert event.pk in {f.get("id") for f in view(superuser_client, REGION, 6)["features"]}
    assert_every_view_right(superuser_client)


def test_recompute_geometry(client, archive):
    Event.objects.filter(country_hint="RO").update(border_country="UA", border_distance_km=1.0, border_zone={"UA": 1.0})
    assert_every_view_right(client)
    wrong = view(client, WORLD, 2, near_border="UA")["total"]
    call_command("recompute_geometry", verbosity=0)
    assert view(client, WORLD, 2, near_border="UA")["total"] < wrong
    assert_every_view_right(client)
