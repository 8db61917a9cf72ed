"""Values the admin's forms used to accept and then answer 500 for (issue 9, why-item 5).

NaN and Infinity in a JSON field failed on both databases, a NUL on PostgreSQL,
deep nesting with a RecursionError; ``%00`` in a list filter, the search box or
the autocomplete failed on PostgreSQL. Each is now a form error or a 400, and
nothing is saved.
"""

import json
import re
from html import unescape
from urllib.parse import parse_qsl

import pytest
from django.contrib import admin

from events.models import Event
from tests.admin.test_event_form import ADD_URL, event_form_data

HOSTILE_JSON = {
    "nan": '{"a": NaN}',
    "infinity": '{"a": Infinity}',
    "minus-infinity": '{"a": -Infinity}',
    "overflowing-number": '{"a": 1e400}',
    "nul-in-a-value": '{"a": "b\\u0000"}',
    "nul-in-a-key": '{"a\\u0000": 1}',
    "nested-950-deep": "[" * 950 + "]" * 950,
    "nested-100000-deep": "[" * 100_000 + "]" * 100_000,
    "over-a-megabyte": json.dumps({"a": "x" * 1_000_001}),
}


@pytest.mark.parametrize("field", ["attributes", "geometry"])
@pytest.mark.parametrize("value", HOSTILE_JSON.values(), ids=HOSTILE_JSON.keys())
def test_a_hostile_json_value_is_a_form_error(editor_client, kinds, article, field, value):
    response = editor_client.post(ADD_URL, event_form_data(kinds, article, **{field: value}))

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert list(errors) == [field]
    assert "This value" in errors[field][0]
    assert not Event.objects.exists()


@pytest.mark.parametrize(
    "value",
    [HOSTILE_JSON["nul-in-a-value"], HOSTILE_JSON["nan"], HOSTILE_JSON["nested-950-deep"]],
    ids=["nul", "nan", "deep"],
)
def test_a_hostile_picked_candidate_is_a_form_error(editor_client, kinds, article, value):
    data = event_form_data(kinds, article, latitude="44.06", longitude="24.38", picked_candidate=value)

    response = editor_client.post(ADD_URL, data)

    assert response.status_code == 200
    assert "picked_candidate" in response.context["adminform"].form.errors
    assert not Event.objects.exists()


def test_the_form_shows_a_refused_value_back_as_typed(editor_client, kinds, article):
    value = HOSTILE_JSON["nested-950-deep"]
    response = editor_client.post(ADD_URL, event_form_data(kinds, article, attributes=value))
    textarea = re.search(r'<textarea name="attributes"[^>]*>(.*?)</textarea>', response.content.decode(), re.S)
    assert unescape(textarea.group(1)).strip() == value


# --- %00 in every parameter of the admin's lists ------------------------------------


def changelist_parameters(client, url):
    """Every query parameter the change list's own links use: filters, date drill-down, sorting."""
    html = client.get(url).content.decode()
    names = {name for href in re.findall(r'href="(\?[^"]*)"', html) for name, _ in parse_qsl(unescape(href)[1:])}
    return names | {"q", "p", "o"}


def registered_changelists():
    return [f"/admin/{model._meta.app_label}/{model._meta.model_name}/" for model in admin.site._registry]


@pytest.mark.parametrize("url", registered_changelists())
def test_nul_in_any_changelist_parameter_is_a_400_not_a_500(superuser_client, make_event, url):
    make_event(date="2024-05-01", country_code="RO")
    parameters = changelist_parameters(superuser_client, url)
    assert "q" in parameters

    for name in sorted(parameters):
        response = superuser_client.get(url, {name: "x\x00"})
        assert response.status_code == 400, (url, name)
        assert response.json()["error"].startswith(name)


def test_the_event_list_filters_are_all_tried(superuser_client, make_event):
    """The discovery above really finds the event list's filters, not just the search box."""
    make_event(date="2024-05-01", country_code="RO")
    parameters = changelist_parameters(superuser_client, "/admin/events/event/")
    assert {"status__exact", "kind__id__exact", "country_code", "coordinates", "date__year"} <= parameters


@pytest.mark.parametrize(
    "query",
    [
        {"term": "\x00", "app_label": "events", "model_name": "citation", "field_name": "event"},
        {"term": "a", "app_label": "events\x00", "model_name": "citation", "field_name": "event"},
        {"term": "a", "app_label": "events", "model_name": "citation", "field_name": "article\x00"},
    ],
)
def test_nul_in_the_autocomplete_is_a_400(superuser_client, make_event, query):
    make_event()
    response = superuser_client.get("/admin/autocomplete/", query)
    assert response.status_code == 400


def test_nul_in_an_object_path_or_a_posted_value_is_a_400(superuser_client, make_event):
    event = make_event()
    assert superuser_client.get("/admin/events/event/1\x00/change/").status_code == 400
    response = superuser_client.post(
        "/admin/events/event/", {"action": "publish_selected", "_selected_action": [f"{event.pk}\x00"]}
    )
    assert response.status_code == 400


def test_autocomplete_still_answers_without_a_nul(superuser_client, make_event):
    make_event(title="US troops at Deveselu")
    query = {"term": "Deveselu", "app_label": "events", "model_name": "citation", "field_name": "event"}
    response = superuser_client.get("/admin/autocomplete/", query)
    assert response.status_code == 200
    assert [result["text"] for result in response.json()["results"]] == ["US troops at Deveselu"]
