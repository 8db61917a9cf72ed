"""An editor places an event on the map in the admin, saves it and publishes it."""

from importlib import import_module

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, User
from playwright.sync_api import expect

from events.models import Event, Place
from events.services import geocoding
from tests.browser.conftest import ARTIFACTS

# Transactional: the live server runs in another thread and must see the test's data.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def editor():
    # A transactional test before this one flushed what the migrations wrote: re-create the group.
    import_module("events.migrations.0003_admin_editors_group").editors_group_create(apps, None)
    user = User.objects.create_user("editor", "editor@example.org", "a-Long-passphrase-42", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def test_editor_finds_a_place_adjusts_the_point_saves_and_publishes(
    page,
    live_server,
    editor,
    kinds,
    article,
    gazetteer,  # the real offline geocoder
):
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "a-Long-passphrase-42")
    page.click("input[type=submit]")

    # From the article, "Add an event citing this article" opens the form with the citation filled in.
    page.goto(f"{live_server.url}/admin/events/article/{article.pk}/change/")
    page.click("text=Add an event citing this article")
    page.wait_for_selector("[data-event-map][data-map-ready=true]")
    assert page.input_value("#id_citations-0-article") == str(article.pk)

    # A point set by hand with no place name gets the nearest place's name.
    # The map opens on the configured centre, in Romania (the article's country): click there.
    centre = page.locator("#id_location_map").bounding_box()
    page.click("#id_location_map", position={"x": centre["width"] / 2, "y": centre["height"] / 2})
    page.wait_for_selector("[data-event-map][data-reverse=done]")
    clicked = float(page.input_value("#id_latitude")), float(page.input_value("#id_longitude"))
    assert page.input_value("#id_place_name") == geocoding.place_reverse(*clicked).name

    page.fill("#id_title", "US troops at Deveselu")
    page.select_option("#id_kind", label="Military base")
    page.fill("#id_place_name", "Deveselu")
    page.click("[data-geocode-find]")
    page.wait_for_selector("[data-geocode-results] button")
    page.locator("fieldset:has(#id_location_map)").screenshot(path=ARTIFACTS / "admin-event-form-candidates.png")
    page.locator("[data-geocode-results] button").first.click()  # the best-ranked: Deveselu itself
    deveselu = Place.objects.get(name="Deveselu", country_code="RO", feature_code__startswith="PPL")
    picked = float(page.input_value("#id_latitude")), float(page.input_value("#id_longitude"))
    assert picked == (deveselu.latitude, deveselu.longitude)
    assert page.input_value("#id_precision") == "settlement"
    assert page.locator("path.precision-circle").count() == 1

    # Adjust the point: the map is centred on the pick; a click a little east and south moves it.
    box = page.locator("#id_location_map").bounding_box()
    page.click("#id_location_map", position={"x": box["width"] / 2 + 60, "y": box["height"] / 2 + 40})
    expect(page.locator("#id_longitude")).not_to_have_value(str(deveselu.longitude))
    adjusted = float(page.input_value("#id_latitude")), float(page.input_value("#id_longitude"))
    assert adjusted[1] > deveselu.longitude
    # A line typed into the geometry field is drawn on the map (GeoJSON is lon, lat).
    page.fill("#id_geometry", '{"type": "LineString", "coordinates": [[24.2, 43.95], [24.45, 44.12], [24.7, 44.1]]}')
    page.dispatch_event("#id_geometry", "change")
    assert page.locator("path.event-geometry").count() == 1
    page.locator("fieldset:has(#id_location_map)").screenshot(path=ARTIFACTS / "admin-event-form.png")

    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")
    event = Event.objects.get(title="US troops at Deveselu")
    assert (round(event.latitude, 5), round(event.longitude, 5)) == adjusted
    assert (event.place_name, event.geocode_status, event.status) == ("Deveselu", "manual", "draft")
    assert event.geometry["type"] == "LineString"
    assert event.citations.get().article == article

    # Publish from the change list.
    page.check(f"input[name=_selected_action][value='{event.pk}']")
    page.select_option("select[name=action]", "publish_selected")
    page.click("button[name=index]")
    page.wait_for_selector("text=Published 1 event.")
    event.refresh_from_db()
    assert event.status == "published" and event.published_at is not None

    # The public map now shows it: drawn as its line, and listed beside the map.
    page.goto(f"{live_server.url}/")
    page.wait_for_function("() => document.body.dataset.eventsLoaded === 'true'")
    page.locator("#event-list").get_by_text("US troops at Deveselu").wait_for()
    assert page.locator("path.event-area").count() == 1


def test_candidate_names_from_the_geocoder_are_shown_as_text(page, live_server, editor, kinds, monkeypatch):
    hostile = geocoding.Candidate(
        "<img src=x onerror=alert(1)>", 44.0, 24.0, "RO", "PPL", 0, "settlement", 0.9, "exact", "gazetteer", None
    )
    monkeypatch.setattr(geocoding, "place_search", lambda name, country_hint="", **kwargs: [hostile])
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(f"{live_server.url}/admin/login/?next=/admin/events/event/add/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "a-Long-passphrase-42")
    page.click("input[type=submit]")
    page.wait_for_selector("[data-event-map][data-map-ready=true]")
    page.fill("#id_place_name", "anything")
    page.press("#id_place_name", "Enter")  # Enter searches, it does not submit the form
    page.wait_for_selector("[data-place-finder][data-candidates='1']")
    expect(page.locator("[data-geocode-results] strong")).to_have_text("<img src=x onerror=alert(1)>")
    assert page.locator("[data-geocode-results] img").count() == 0 and dialogs == []
