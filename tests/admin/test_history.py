"""History: every admin change is recorded with who made it, and can be reverted or recovered."""

from django.contrib.admin.models import LogEntry

from events.models import Citation, Event
from tests.admin.test_event_form import change_form_data, event_fields_data


def test_an_admin_edit_is_recorded_with_its_author(client_for, make_event):
    event = make_event(title="US troops at Deveselu")
    client = client_for("editor")
    client.post(f"/admin/events/event/{event.pk}/change/", change_form_data(event, title="US troops at Deveselu base"))
    latest = event.history.latest()
    assert latest.title == "US troops at Deveselu base"
    assert latest.history_user.username == "editor"
    assert latest.history_type == "~"
    assert LogEntry.objects.get(object_id=str(event.pk)).user.username == "editor"  # the admin's own log too
    history_page = client.get(f"/admin/events/event/{event.pk}/history/").content.decode()
    assert "editor" in history_page and "US troops at Deveselu base" in history_page


def test_an_editor_reverts_an_event_to_an_earlier_version(editor_client, make_event):
    event = make_event(title="Original title")
    original = event.history.earliest()
    editor_client.post(f"/admin/events/event/{event.pk}/change/", change_form_data(event, title="Vandalised"))
    revert_url = f"/admin/events/event/{event.pk}/history/{original.history_id}/"
    assert "Revert" in editor_client.get(revert_url).content.decode()
    editor_client.post(revert_url, change_form_data(event, title=original.title))
    event.refresh_from_db()
    assert event.title == "Original title"
    assert event.history.count() == 3


def test_a_deleted_event_is_recovered_from_its_history(superuser_client, make_event):
    event = make_event(title="Deleted by mistake")
    citation = event.citations.get()
    superuser_client.post(f"/admin/events/event/{event.pk}/delete/", {"post": "yes"})
    assert not Event.objects.filter(pk=event.pk).exists()
    last_version = Event.history.filter(id=event.pk).exclude(history_type="-").latest()
    # The history page still lists a deleted event; reverting to a version re-creates it.
    assert superuser_client.get(f"/admin/events/event/{event.pk}/history/").status_code == 200
    response = superuser_client.post(
        f"/admin/events/event/{event.pk}/history/{last_version.history_id}/", event_fields_data(event), follow=True
    )
    assert "Recovered the deleted event and 1 of its citations." in response.content.decode()
    assert Event.objects.get(pk=event.pk).title == "Deleted by mistake"
    restored = Citation.objects.get(pk=citation.pk)
    assert (restored.article_id, restored.quote) == (citation.article_id, citation.quote)
    assert Citation.history.filter(id=citation.pk, history_type="-").get().history_user.username == "superuser"


def test_kind_and_article_changes_are_recorded(superuser_client, kinds, article):
    kind = kinds["other"]
    superuser_client.post(
        f"/admin/events/eventkind/{kind.pk}/change/",
        {"slug": kind.slug, "name": "Other event", "colour": kind.colour, "icon": kind.icon, "order": kind.order},
    )
    assert kind.history.latest().name == "Other event"
    assert kind.history.latest().history_user.username == "superuser"
    article.title = "Changed"
    article.save()
    assert article.history.latest().title == "Changed"
