"""Admin writes reach the public API at once: bulk actions and history revert bump the data version."""

from events.models import Event
from tests.admin.test_actions import run_action
from tests.admin.test_event_form import change_form_data

MAP_VIEW = "/api/events/?bbox=-180,-90,180,90&zoom=3"  # the answer the server caches


def titles(client):
    return [feature["properties"]["title"] for feature in client.get(MAP_VIEW).json()["features"]]


def test_publishing_from_the_admin_shows_in_the_next_cached_answer(editor_client, make_event, committed, client):
    draft = committed(lambda: make_event(title="Waiting for review", status=Event.Status.DRAFT))
    assert titles(client) == []  # now cached under the current version
    committed(lambda: run_action(editor_client, "publish_selected", [draft]))
    assert titles(client) == ["Waiting for review"]


def test_a_history_revert_shows_in_the_next_cached_answer(editor_client, make_event, committed, client):
    event = committed(lambda: make_event(title="Original title"))
    original = event.history.earliest()
    committed(
        lambda: editor_client.post(
            f"/admin/events/event/{event.pk}/change/", change_form_data(event, title="Vandalised")
        )
    )
    assert titles(client) == ["Vandalised"]
    revert_url = f"/admin/events/event/{event.pk}/history/{original.history_id}/"
    committed(lambda: editor_client.post(revert_url, change_form_data(event, title=original.title)))
    assert titles(client) == ["Original title"]
