"""Bulk actions on the event list: publish, unpublish, archive, re-geocode."""

import pytest

from events.models import Event
from events.services import geocoding

CHANGELIST = "/admin/events/event/"


def run_action(client, action, events):
    return client.post(CHANGELIST, {"action": action, "_selected_action": [e.pk for e in events]}, follow=True)


def test_publish_sets_status_and_first_publication_time(editor_client, make_event):
    events = [make_event(status="draft"), make_event(status="draft")]
    response = run_action(editor_client, "publish_selected", events)
    assert "Published 2 events." in response.content.decode()
    for event in events:
        event.refresh_from_db()
        assert event.status == "published" and event.published_at is not None


def test_republishing_keeps_the_first_publication_time(editor_client, make_event):
    event = make_event(status="draft")
    run_action(editor_client, "publish_selected", [event])
    event.refresh_from_db()
    first = event.published_at
    run_action(editor_client, "unpublish_selected", [event])
    run_action(editor_client, "publish_selected", [event])
    event.refresh_from_db()
    assert event.published_at == first


@pytest.mark.parametrize(("action", "status"), [("unpublish_selected", "draft"), ("archive_selected", "archived")])
def test_unpublish_and_archive_take_events_off_the_map(editor_client, make_event, action, status):
    event = make_event(status="published")
    run_action(editor_client, action, [event])
    event.refresh_from_db()
    assert event.status == status
    assert not Event.objects.published().filter(pk=event.pk).exists()


def test_staff_without_change_permission_cannot_run_actions(client_for, make_event):
    event = make_event(status="draft")
    response = client_for("staff_without_permissions").post(
        CHANGELIST, {"action": "publish_selected", "_selected_action": [event.pk]}
    )
    assert response.status_code == 403
    event.refresh_from_db()
    assert event.status == "draft"


def test_regeocode_places_unlocated_events_and_reports_counts(editor_client, make_event, monkeypatch):
    def event_geocode(event, *, context=()):
        if event.place_name == "Deveselu":
            event.latitude, event.longitude, event.geocode_status = 44.06667, 24.38333, "ok"
        else:
            event.geocode_status = "not_found"

    monkeypatch.setattr(geocoding, "event_geocode", event_geocode)
    missing = make_event(latitude=None, longitude=None)
    unknown = make_event(place_name="Atlantis", latitude=None, longitude=None)
    placed = make_event(geocode_status="manual")
    response = run_action(editor_client, "locate_selected", [missing, unknown, placed])
    assert (
        "Re-geocoded 3 events: 1 located, 1 not found, 1 already placed (facts refreshed)." in response.content.decode()
    )
    missing.refresh_from_db()
    placed.refresh_from_db()
    assert (missing.latitude, missing.geocode_status) == (44.06667, "ok")
    assert placed.geocode_status == "manual"


@pytest.fixture
def tasks_queued(settings):
    """Tasks wait in a queue, as with a db_worker (MAPPER_TASKS_INLINE=false); returns the queue."""
    from django_tasks import default_task_backend

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    return default_task_backend.results


def test_a_selection_is_re_geocoded_by_a_background_task(editor_client, make_event, tasks_queued):
    events = [
        make_event(latitude=None, longitude=None, place_name="Nowhere-at-all", geocode_status="pending")
        for _ in range(2)
    ]

    response = run_action(editor_client, "locate_selected", events)

    assert "Re-geocoding 2 events in the background" in response.content.decode()
    assert set(Event.objects.values_list("geocode_status", flat=True)) == {"pending"}  # nothing ran in the request
    [queued] = tasks_queued
    queued.task.call(*queued.args, **queued.kwargs)  # what the worker does
    assert set(Event.objects.values_list("geocode_status", flat=True)) == {"not_found"}


def test_a_failing_geocoder_in_the_task_is_reported_not_a_500(editor_client, make_event, monkeypatch):
    def event_geocode(event, *, context=()):
        raise RuntimeError("provider exploded")

    monkeypatch.setattr(geocoding, "event_geocode", event_geocode)
    event = make_event(latitude=None, longitude=None, geocode_status="pending")
    response = run_action(editor_client, "locate_selected", [event])
    assert response.status_code == 200
    assert "Re-geocoded 0 events: the geocoder failed." in response.content.decode()
    event.refresh_from_db()
    assert event.geocode_status == "pending"


@pytest.mark.parametrize("select_all", [False, True])
def test_recompute_runs_as_a_background_task_with_history(editor_client, make_event, select_all):
    stale, other = make_event(), make_event()
    Event.objects.update(country_code="HU", border_distance_km=999)
    chosen = [stale, other] if select_all else [stale]

    response = run_action(editor_client, "recompute_selected", chosen)

    events = "event" if len(chosen) == 1 else "events"
    assert f"Recomputing the border facts of {len(chosen)} {events} in the background" in response.content.decode()
    stale.refresh_from_db()
    other.refresh_from_db()
    assert stale.country_code == "RO" and stale.border_distance_km < 999
    assert (other.country_code == "RO") is select_all  # only the selection is recomputed
    assert stale.history.latest().history_change_reason == "Border facts recomputed"
