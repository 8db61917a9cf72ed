"""The admin's doors go through the services: status through ``publishing``, edits through ``staff_edits``."""

from events.services import publishing, staff_edits
from tests.admin.test_event_form import change_form_data


def test_admin_actions_change_status_through_publishing(editor_client, make_event, spy):
    calls = spy(publishing, "event_status_apply")
    event = make_event(status="draft")
    editor_client.post("/admin/events/event/", {"action": "publish_selected", "_selected_action": [event.pk]})
    assert [e.pk for e in calls] == [event.pk]
    event.refresh_from_db()
    assert event.status == "published" and event.published_at is not None


def test_the_admin_form_marks_a_staff_edit_and_changes_status_through_the_services(editor_client, make_event, spy):
    edits, statuses = spy(staff_edits, "event_staff_edit"), spy(publishing, "event_status_apply")
    event = make_event(status="draft")
    editor_client.post(f"/admin/events/event/{event.pk}/change/", change_form_data(event, status="published"))
    assert [e.pk for e in edits] == [event.pk] and [e.pk for e in statuses] == [event.pk]
    event.refresh_from_db()
    assert event.staff_edited and event.published_at is not None
