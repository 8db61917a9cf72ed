"""Every admin page, for every role: who may see, change and delete what."""

import pytest

from events.models import EventKind, Place

EVENT, ARTICLE, KIND, PLACE = (
    "/admin/events/event/",
    "/admin/events/article/",
    "/admin/events/eventkind/",
    "/admin/events/place/",
)

# page -> expected status for (staff_without_permissions, editor, superuser); anonymous and
# non-staff users are always sent to the login page.
PAGES = {
    "{event}": (403, 200, 200),
    "{event}add/": (403, 200, 200),
    "{event}{event_id}/change/": (403, 200, 200),
    "{event}{event_id}/history/": (403, 200, 200),
    "{event}{event_id}/history/{history_id}/": (403, 200, 200),  # view and revert a version
    "{event}{event_id}/delete/": (403, 403, 200),
    "{article}": (403, 200, 200),
    "{article}add/": (403, 200, 200),
    "{article}{article_id}/change/": (403, 200, 200),
    "{article}{article_id}/history/": (403, 200, 200),
    "{article}{article_id}/delete/": (403, 403, 200),
    "{article}import/": (403, 200, 200),
    "{kind}": (403, 200, 200),
    "{kind}add/": (403, 403, 200),
    "{kind}{kind_id}/change/": (403, 200, 200),  # editors get a read-only page
    "{kind}{kind_id}/delete/": (403, 403, 200),
    "{place}": (403, 200, 200),
    "{place}add/": (403, 403, 200),
    "{place}{place_id}/delete/": (403, 403, 200),
}


@pytest.fixture
def urls(make_event):
    event = make_event()
    place = Place.objects.create(
        name="Deveselu", latitude=44.07, longitude=24.38, country_code="RO", source=Place.Source.CURATED
    )
    ids = {
        "event_id": event.pk,
        "history_id": event.history.earliest().history_id,
        "article_id": event.citations.get().article_id,
        "kind_id": EventKind.objects.first().pk,
        "place_id": place.pk,
    }
    return {page: page.format(event=EVENT, article=ARTICLE, kind=KIND, place=PLACE, **ids) for page in PAGES}


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("role", ["anonymous", "non_staff"])
def test_anonymous_and_non_staff_users_are_sent_to_login(client_for, urls, role, page):
    response = client_for(role).get(urls[page])
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("role", ["staff_without_permissions", "editor", "superuser"])
def test_staff_roles_get_what_their_permissions_allow(client_for, urls, role, page):
    expected = dict(zip(["staff_without_permissions", "editor", "superuser"], PAGES[page], strict=True))[role]
    assert client_for(role).get(urls[page]).status_code == expected


def test_editor_cannot_change_an_event_kind(editor_client, kinds):
    kind = kinds["other"]
    response = editor_client.post(
        f"{KIND}{kind.pk}/change/", {"slug": "x", "name": "Renamed", "colour": "#000000", "icon": "circle", "order": 1}
    )
    assert response.status_code == 403
    kind.refresh_from_db()
    assert kind.name != "Renamed"


def test_editor_cannot_delete_an_event(editor_client, make_event):
    event = make_event()
    response = editor_client.post(f"{EVENT}{event.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert type(event).objects.filter(pk=event.pk).exists()


def test_editor_has_no_delete_action_on_the_event_list(editor_client, make_event):
    make_event()
    response = editor_client.get(EVENT)
    assert "delete_selected" not in response.content.decode()
    assert "publish_selected" in response.content.decode()
