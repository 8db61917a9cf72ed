"""Rows already stored with values the gate now refuses: staff see them marked, fix them or delete them.

Issue 9: the admin's event list, change, history and delete pages answered 500 for
such a row, and staff could not delete it.
"""

import json

import pytest
from django.db import connection

from events.models import Event
from tests.admin.test_event_form import change_form_data


def test_staff_see_the_event_in_the_list_and_its_history(superuser_client, legacy_event):
    changelist = superuser_client.get("/admin/events/event/")
    assert changelist.status_code == 200 and b"A legacy event" in changelist.content
    history = superuser_client.get(f"/admin/events/event/{legacy_event.pk}/history/")
    assert history.status_code == 200 and b"A legacy event" in history.content


def test_the_change_form_marks_the_unreadable_value(superuser_client, legacy_event, request):
    field = request.node.callspec.params["legacy_event"]
    response = superuser_client.get(f"/admin/events/event/{legacy_event.pk}/change/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "cannot be used" in html or "cannot be shown" in html
    if field != "geocode_candidates":  # a read-only field: marked, not editable
        assert "stored-value-unreadable" in html


def test_staff_replace_the_unreadable_value_and_save(superuser_client, legacy_event, request):
    field = request.node.callspec.params["legacy_event"]
    replacement = {"attributes": "{}", "geometry": "null", "geocode_candidates": None}[field]
    fields = {field: replacement} if replacement else {}  # candidates are read-only: kept as stored
    stored = Event.objects.get(pk=legacy_event.pk).__dict__[field].raw

    response = superuser_client.post(
        f"/admin/events/event/{legacy_event.pk}/change/",
        change_form_data(legacy_event, title="A repaired event", **fields),
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    event = Event.objects.get(pk=legacy_event.pk)
    assert event.title == "A repaired event"
    if replacement:
        assert getattr(event, field) == json.loads(replacement)
    else:  # kept as stored (NaN, which SQLite refuses, as the text of what was stored)
        kept = getattr(event, field)
        assert getattr(kept, "raw", kept) == stored


def test_submitting_the_unreadable_value_unchanged_is_a_form_error(superuser_client, legacy_event, request):
    field = request.node.callspec.params["legacy_event"]
    if field == "geocode_candidates":
        pytest.skip("read-only in the admin")
    data = change_form_data(legacy_event, title="A repaired event")
    data[field] = Event.objects.get(pk=legacy_event.pk).__dict__[field].raw

    response = superuser_client.post(f"/admin/events/event/{legacy_event.pk}/change/", data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors[field]
    assert Event.objects.get(pk=legacy_event.pk).title == "A legacy event"


def test_a_superuser_deletes_the_event(superuser_client, legacy_event):
    url = f"/admin/events/event/{legacy_event.pk}/delete/"
    confirm = superuser_client.get(url)
    assert confirm.status_code == 200 and b"A legacy event" in confirm.content

    response = superuser_client.post(url, {"post": "yes"})

    assert response.status_code == 302
    assert not Event.objects.filter(pk=legacy_event.pk).exists()
    assert Event.history.filter(id=legacy_event.pk, history_type="-").exists()


def test_saving_the_row_for_another_reason_keeps_the_stored_value(legacy_event, request):
    """An action that saves the whole row (re-geocode, publish) loses nothing of the stored value."""
    field = request.node.callspec.params["legacy_event"]
    event = Event.objects.get(pk=legacy_event.pk)
    stored = getattr(event, field).raw

    event.title = "Renamed by an action"
    event.save()

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {field} FROM events_event WHERE id = %s", [event.pk])
        (text,) = cursor.fetchone()
    if "NaN" in stored:  # SQLite's JSON check refuses NaN: the value is kept as a JSON string of its text
        assert json.loads(text) == stored
    else:
        assert json.loads(text) == json.loads(stored)
