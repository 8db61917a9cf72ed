"""The event form: the map widget's fields round-trip, and saving records where a point came from."""

import datetime
import json
import re

import pytest

from events.models import Event
from events.services import geocoding, geometry

ADD_URL = "/admin/events/event/add/"


def event_form_data(kinds, article, **fields):
    """What the browser posts for a new event citing ``article`` (the inline's management form included)."""
    return {
        "title": "US troops at Deveselu",
        "key": "",
        "kind": kinds["military-base"].pk,
        "status": "draft",
        "description": "",
        "date": "",
        "date_precision": "day",
        "place_name": "Deveselu",
        "country_hint": "RO",
        "latitude": "",
        "longitude": "",
        "precision": "unknown",
        "geometry": "null",
        "picked_candidate": "",
        "attributes": "{}",
        "geocode_status": "pending",
        "citations-TOTAL_FORMS": "1",
        "citations-INITIAL_FORMS": "0",
        "citations-MIN_NUM_FORMS": "0",
        "citations-MAX_NUM_FORMS": "1000",
        "citations-0-article": article.pk,
        "citations-0-quote": "… as well as the Deveselu … bases.",
        **fields,
    }


def event_fields_data(event, **fields):
    """The event's own fields as the change (or history) form posts them."""
    return {
        "title": event.title,
        "key": event.key,
        "kind": event.kind_id,
        "status": event.status,
        "description": event.description,
        "date": "",
        "date_precision": event.date_precision,
        "place_name": event.place_name,
        "country_hint": event.country_hint,
        "latitude": event.latitude if event.latitude is not None else "",
        "longitude": event.longitude if event.longitude is not None else "",
        "precision": event.precision,
        "geometry": json.dumps(event.geometry),
        "picked_candidate": "",
        "attributes": json.dumps(event.attributes),
        "geocode_status": event.geocode_status,
        **fields,
    }


def change_form_data(event, **fields):
    citation = event.citations.get()
    return {
        **event_fields_data(event),
        "citations-TOTAL_FORMS": "1",
        "citations-INITIAL_FORMS": "1",
        "citations-MIN_NUM_FORMS": "0",
        "citations-MAX_NUM_FORMS": "1000",
        "citations-0-id": citation.pk,
        "citations-0-event": event.pk,
        "citations-0-article": citation.article_id,
        "citations-0-quote": citation.quote,
        **fields,
    }


def test_event_form_shows_the_map_and_find_button_without_inline_script(editor_client, make_event):
    event = make_event(geometry={"type": "LineString", "coordinates": [[24.0, 47.9], [25.0, 47.9]]})
    response = editor_client.get(f"/admin/events/event/{event.pk}/change/")
    html = response.content.decode()
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy and "unsafe-inline" not in policy
    assert "data-event-map" in html and "data-geocode-find" in html
    assert "leaflet/leaflet.js" in html and "events/js/admin_event_map.js" in html
    config = json.loads(
        re.search(r'<script id="id_location_map-config" type="application/json">(.*?)</script>', html, re.S).group(1)
    )
    assert config["geocode_url"] == "/admin/events/event/geocode/"
    assert config["fields"]["latitude"] == "id_latitude"
    # Every script is a file or JSON data: a strict CSP needs no nonce for this page.
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert "src=" in tag or 'type="application/json"' in tag, tag


def test_a_picked_candidate_saves_as_located_with_its_source(editor_client, kinds, article):
    data = event_form_data(
        kinds,
        article,
        latitude="44.06667",
        longitude="24.38333",
        precision="settlement",
        picked_candidate=json.dumps({"source": "gazetteer", "confidence": 0.93}),
    )
    response = editor_client.post(ADD_URL, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    event = Event.objects.get()
    assert (event.latitude, event.longitude, event.precision) == (44.06667, 24.38333, "settlement")
    assert (event.geocode_status, event.geocode_source, event.geocode_confidence) == ("ok", "gazetteer", 0.93)
    assert event.staff_edited
    assert event.key == "us-troops-at-deveselu"  # made from the title when left empty
    assert event.citations.get().article == article


def test_a_point_moved_by_hand_is_marked_manual(editor_client, make_event):
    event = make_event(geocode_status="ok", geocode_source="gazetteer")
    response = editor_client.post(
        f"/admin/events/event/{event.pk}/change/", change_form_data(event, latitude="44.1", longitude="24.4")
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert (event.latitude, event.longitude) == (44.1, 24.4)
    assert (event.geocode_status, event.geocode_source) == ("manual", "staff")
    assert event.staff_edited


def test_editing_other_fields_keeps_the_geocoding_status(editor_client, make_event):
    event = make_event(geocode_status="ok", geocode_source="gazetteer")
    editor_client.post(f"/admin/events/event/{event.pk}/change/", change_form_data(event, title="Renamed"))
    event.refresh_from_db()
    assert (event.title, event.geocode_status, event.geocode_source) == ("Renamed", "ok", "gazetteer")


def test_a_cleared_point_is_geocoded_after_the_save_commits(
    editor_client, make_event, monkeypatch, django_capture_on_commit_callbacks
):
    def event_geocode(event, *, context=()):
        event.latitude, event.longitude, event.geocode_status = 44.0, 24.0, "ok"

    monkeypatch.setattr(geocoding, "event_geocode", event_geocode)
    event = make_event()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        editor_client.post(
            f"/admin/events/event/{event.pk}/change/", change_form_data(event, latitude="", longitude="")
        )
    assert len(callbacks) == 1
    event.refresh_from_db()
    assert (event.latitude, event.longitude, event.geocode_status) == (44.0, 24.0, "ok")


def test_publishing_from_the_form_stamps_published_at(editor_client, make_event):
    event = make_event(status="draft")
    editor_client.post(f"/admin/events/event/{event.pk}/change/", change_form_data(event, status="published"))
    event.refresh_from_db()
    assert event.status == "published" and event.published_at is not None


@pytest.mark.parametrize(("latitude", "longitude"), [("91", "24"), ("nan", "24"), ("44", "inf"), ("44", "")])
def test_bad_coordinates_are_refused_and_nothing_is_saved(editor_client, kinds, article, latitude, longitude):
    response = editor_client.post(ADD_URL, event_form_data(kinds, article, latitude=latitude, longitude=longitude))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors
    assert not Event.objects.exists()


def test_needs_review_candidates_are_shown_as_text(editor_client, make_event):
    event = make_event(
        geocode_status="needs_review",
        geocode_candidates=[
            {
                "name": "<img src=x onerror=alert(1)>",
                "latitude": 44.1,
                "longitude": 24.4,
                "country_code": "RO",
                "precision": "settlement",
                "confidence": 0.41,
                "source": "gazetteer",
            },
            {
                "name": "Deveselu",
                "latitude": 44.06667,
                "longitude": 24.38333,
                "country_code": "RO",
                "population": 3000,
                "confidence": 0.4,
                "source": "gazetteer",
            },
            {"name": "x" * 5000},
        ],
    )
    html = editor_client.get(f"/admin/events/event/{event.pk}/change/").content.decode()
    assert "1. &lt;img src=x onerror=alert(1)&gt; (RO) · 44.1, 24.4" in html
    assert "<img src=x" not in html
    assert "3. " + "x" * 120 + "…" in html  # a 5,000-character name is cut for display, kept in full
    assert "2. Deveselu (RO) · 44.06667, 24.38333 · source gazetteer · population 3,000 · confidence 0.40" in html


def test_hostile_title_is_literal_text_in_the_change_list(editor_client, make_event):
    make_event(title="<img src=x onerror=alert(1)>")
    html = editor_client.get("/admin/events/event/").content.decode()
    assert "&lt;img src=x onerror=alert(1)&gt;" in html and "<img src=x" not in html


def test_add_event_from_an_article_prefills_the_citation(editor_client, article):
    article_page = editor_client.get(f"/admin/events/article/{article.pk}/change/").content.decode()
    assert f'href="/admin/events/event/add/?article={article.pk}"' in article_page
    form = editor_client.get(ADD_URL, {"article": article.pk})
    html = form.content.decode()
    assert re.search(rf'<option value="{article.pk}" selected>{re.escape(article.title)}</option>', html)
    assert form.context["adminform"].form.initial["country_hint"] == "RO"


def test_an_unknown_article_parameter_is_ignored(editor_client, kinds):
    assert editor_client.get(ADD_URL, {"article": "nope"}).status_code == 200
    assert editor_client.get(ADD_URL, {"article": "999999"}).status_code == 200


def test_change_list_has_the_review_columns_and_filters(editor_client, make_event):
    make_event(country_code="RO", border_country="UA", border_distance_km=12.345, latitude=None, longitude=None)
    response = editor_client.get("/admin/events/event/", {"coordinates": "missing"})
    html = response.content.decode()
    assert response.context["cl"].result_count == 1
    assert "12.3 km (Ukraine)" in html
    assert "Romania (RO)" in html
    for column in (
        "column-kind",
        "column-place_name",
        "column-status",
        "column-date_known",
        "column-country",
        "column-border_distance",
    ):
        assert column in html
    assert editor_client.get("/admin/events/event/", {"coordinates": "present"}).context["cl"].result_count == 0


def test_change_list_shows_dates_as_precisely_as_known(editor_client, make_event):
    make_event(title="Month only", date=datetime.date(2025, 3, 1), date_precision="month")
    make_event(title="Year only", date=datetime.date(2024, 1, 1), date_precision="year")
    html = editor_client.get("/admin/events/event/").content.decode()
    assert "March 2025" in html and "2024" in html
    assert "March 1, 2025" not in html and "Jan. 1, 2024" not in html


def test_saving_recomputes_the_events_facts(editor_client, make_event, monkeypatch):
    def event_facts_compute(event):
        event.country_code, event.border_country, event.border_distance_km = "RO", "BG", 42.0

    monkeypatch.setattr(geometry, "event_facts_compute", event_facts_compute)
    event = make_event()
    editor_client.post(f"/admin/events/event/{event.pk}/change/", change_form_data(event, title="Renamed"))
    event.refresh_from_db()
    assert (event.country_code, event.border_country, event.border_distance_km) == ("RO", "BG", 42.0)


def test_an_event_saved_without_a_point_is_flagged_pending_until_the_worker_geocodes_it(
    editor_client, make_event, settings, django_capture_on_commit_callbacks, gazetteer
):
    from django_tasks import default_task_backend

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}  # a worker, not inline
    event = make_event(geocode_status="ok")
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(
            f"/admin/events/event/{event.pk}/change/", change_form_data(event, latitude="", longitude="")
        )
    assert response.status_code == 302
    event.refresh_from_db()
    assert (event.latitude, event.geocode_status) == (None, "pending")
    assert "background task" in event.geocode_reason
    [queued] = default_task_backend.results
    queued.task.call(*queued.args, **queued.kwargs)  # what the db_worker does
    event.refresh_from_db()
    assert event.geocode_status == "ok" and event.place_name == "Deveselu"
    assert abs(event.latitude - 44.07) < 0.1 and abs(event.longitude - 24.38) < 0.1


def test_a_failing_geocoder_leaves_the_event_saved_and_flagged_never_a_500(
    editor_client, make_event, monkeypatch, django_capture_on_commit_callbacks
):
    def event_geocode(event, *, context=()):
        raise ConnectionError("the provider is down")

    monkeypatch.setattr(geocoding, "event_geocode", event_geocode)
    event = make_event()
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(
            f"/admin/events/event/{event.pk}/change/",
            change_form_data(event, latitude="", longitude="", title="Renamed"),
        )
    assert response.status_code == 302
    event.refresh_from_db()
    assert (event.title, event.latitude, event.geocode_status) == ("Renamed", None, "pending")
