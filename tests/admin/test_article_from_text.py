"""“New article from text”: proposals for review, then drafts through the real importer."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from events.models import Article, Event

URL = "/admin/events/article/from-text/"
TEXT = (
    "Drone seen over Galați\n"
    "A drone was spotted near Galați on Sunday, officials said. "
    "Troops are stationed at the Deveselu base. Romania signed a deal with Ukraine."
)


@pytest.fixture
def review(editor_client, gazetteer, kinds):
    response = editor_client.post(URL, {"text": TEXT, "published_on": "2026-03-16", "country_hint": "ro"})
    assert response.status_code == 200
    return response


def form_data(response, **overrides):
    """What the browser would send back: every proposal's initial values, then the overrides."""
    data = {"payload": response.context["payload"], "_confirm": "1"}
    for form in response.context["proposal_forms"]:
        for name in form.fields:
            data[f"{form.prefix}-{name}"] = form.initial.get(name, "")
    return data | overrides


def test_the_link_is_on_the_article_list(editor_client):
    assert URL in editor_client.get("/admin/events/article/").content.decode()


def test_proposals_are_shown_beside_the_highlighted_text(review):
    page = review.content.decode()
    forms = review.context["proposal_forms"]
    assert [f.event["kind"] for f in forms] == ["drone-sighting", "military-base"]
    assert '<mark data-proposals="1"' in page and "A drone was spotted near Galați on Sunday" in page
    assert forms[0].initial["date"] == "2026-03-15"
    assert "data-review-map" in page and "Accept all as drafts" in page
    assert not Event.objects.exists()  # nothing is written before the confirmation


def test_accept_edit_and_reject_create_only_drafts(review, editor_client):
    data = form_data(review, **{"p0-title": "Drone over Galați", "p1-decision": "reject"})
    response = editor_client.post(URL, data)
    assert response.status_code == 302
    [event] = Event.objects.all()
    assert (event.title, event.status, event.kind.slug) == ("Drone over Galați", Event.Status.DRAFT, "drone-sighting")
    assert event.citations.get().quote == "A drone was spotted near Galați on Sunday, officials said."
    assert str(event.date) == "2026-03-15" and event.has_point
    article = Article.objects.get()
    assert response["Location"] == f"/admin/events/article/{article.pk}/change/"
    assert article.country_hint == "RO" and article.text == TEXT


def test_accept_all_creates_every_proposal_as_a_draft(review, editor_client):
    data = form_data(review, **{"p1-decision": "reject", "_accept_all": "1"})
    editor_client.post(URL, data)
    assert Event.objects.filter(status=Event.Status.DRAFT).count() == 2
    assert not Event.objects.published().exists()


def test_switching_to_a_runner_up_moves_the_event(editor_client, make_place_ro, kinds):
    response = editor_client.post(URL, {"text": "A drone was spotted near Brasko."})
    [form] = response.context["proposal_forms"]
    assert len(form.options) == 2
    editor_client.post(URL, form_data(response, **{"p0-option": "1"}))
    event = Event.objects.get()
    assert (event.latitude, event.longitude) == (form.options[1]["latitude"], form.options[1]["longitude"])


@pytest.fixture
def make_place_ro(db):
    from events.models import Place, PlaceName

    for latitude, population in ((45.0, 20_000), (47.0, 15_000)):
        place = Place.objects.create(
            name="Brasko", latitude=latitude, longitude=25, country_code="RO", population=population, source="curated"
        )
        PlaceName.objects.create(place=place, normalized="brasko", is_primary=True)


def test_an_altered_payload_is_refused(review, editor_client):
    data = form_data(review, payload=review.context["payload"][:-3] + "xyz")
    response = editor_client.post(URL, data, follow=True)
    assert "expired or were altered" in response.content.decode()
    assert not Event.objects.exists()


def test_a_bad_date_is_shown_and_nothing_is_created(review, editor_client):
    response = editor_client.post(URL, form_data(review, **{"p0-date": "Sunday"}))
    assert response.status_code == 200 and "Enter a valid value" in response.content.decode()
    assert not Event.objects.exists()


def test_an_html_file_is_read_offline(editor_client, gazetteer, kinds):
    html = (
        "<html><head><title>Drone near Galați</title></head><body><article><p>A drone was spotted near Galați "
        "on Sunday, the ministry said, and residents heard it for an hour over the port.</p></article></body></html>"
    )
    upload = SimpleUploadedFile("story.html", html.encode())
    response = editor_client.post(URL, {"file": upload})
    assert response.context["article_data"]["title"] == "Drone near Galați"
    assert len(response.context["proposal_forms"]) == 1


def test_empty_text_is_refused(editor_client):
    response = editor_client.post(URL, {"text": "  "})
    assert "Paste the article" in response.content.decode()


def test_untrusted_text_stays_text(editor_client, gazetteer, kinds):
    response = editor_client.post(URL, {"text": "<script>alert(1)</script> A drone was spotted near Galați."})
    page = response.content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page


def test_people_without_import_permissions_are_refused(client_for):
    assert client_for("staff_without_permissions").get(URL).status_code == 403
    assert re.search(r"login", client_for("anonymous").get(URL)["Location"])


def test_a_hostile_title_is_shown_as_text(editor_client, gazetteer, kinds):
    """Hostile-inputs row 1 on the review page."""
    hostile = "<img src=x onerror=alert(1)>"
    response = editor_client.post(URL, {"title": hostile, "text": "A drone was spotted near Galați."})
    page = response.content.decode()
    assert hostile not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
