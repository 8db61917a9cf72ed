"""Every admin page loads in Chromium with no Content-Security-Policy violation and no console error.

Issue 9: an inline style on the history page broke the CSP. The pages are found from
the admin site's registry and URL patterns, so a page added later is visited too:
every model admin's URLs (changelist, add, change, history, a historical version,
delete confirmation, custom views such as the article import) and the site's own
(index, app lists, password change). URLs that answer something other than HTML
(the map's JSON views) are not pages and are left out.
"""

from importlib import import_module

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Group, User
from django.test import Client
from django.urls import URLPattern, reverse

from events.models import Event, Place
from tests.browser.conftest import ARTIFACTS, tile_png
from tests.conftest import DEEP_950

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-Long-passphrase-42"
SITE_PAGES = ["index", "password_change", "password_change_done"]
NOT_PAGES = {"logout"}  # POST only; a GET is a 405 by design
RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation",
    (event) => window.cspViolations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sample}`));
"""


@pytest.fixture
def admin_objects(kinds, make_event, store_raw):
    """One object of every registered model, each with a history entry to open.

    The event's attributes are a legacy value the gate refuses, so its change page shows the marker.
    """
    import_module("events.migrations.0003_admin_editors_group").editors_group_create(apps, None)
    superuser = User.objects.create_superuser("boss", "boss@example.org", PASSWORD)
    event = make_event(geometry={"type": "LineString", "coordinates": [[24.0, 47.9], [25.0, 47.9]]})
    event.title = "US troops at Deveselu, renamed"
    event.save()  # a second version, so the history page lists two
    event.kind.save()  # loaded with loaddata, which records no history
    store_raw(event, "attributes", DEEP_950)
    place = Place.objects.create(name="Deveselu", latitude=44.07, longitude=24.38, source="curated")
    return {
        Event: event,
        type(event.citations.get().article): event.citations.get().article,
        type(event.kind): event.kind,
        Place: place,
        User: superuser,
        Group: Group.objects.get(name="Editors"),
    }


def admin_page_urls(objects):
    """(name, URL) of every admin page, from the registry and the URL patterns."""
    urls = [(name, reverse(f"admin:{name}")) for name in SITE_PAGES]
    urls += [(f"app_list {label}", reverse("admin:app_list", args=[label])) for label in {"auth", "events"}]
    for model, model_admin in admin.site._registry.items():
        obj = objects[model]
        history = getattr(model, "history", None)
        for pattern in model_admin.get_urls():
            if not isinstance(pattern, URLPattern) or pattern.name is None or pattern.name in NOT_PAGES:
                continue
            regex = pattern.pattern.regex
            if regex.groups == 2 and history is not None:  # simple_history: one historical version
                args = [obj.pk, history.filter(id=obj.pk).earliest("history_date").history_id]
            else:
                args = [obj.pk] * regex.groups
            urls.append((pattern.name, reverse(f"admin:{pattern.name}", args=args)))
    return urls


def test_every_admin_page_has_no_csp_violation_or_console_error(browser, live_server, admin_objects):
    client = Client()
    client.force_login(admin_objects[User])
    pages = []
    for name, url in admin_page_urls(admin_objects):
        response = client.get(url)
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            pages.append((name, url))
    names = {name for name, _ in pages}
    assert {"events_event_history", "events_event_simple_history", "events_event_delete"} <= names
    assert {"events_article_import", "events_place_add", "auth_user_password_change"} <= names

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tile = tile_png()
    context.route("**/tile.openstreetmap.org/**", lambda route: route.fulfill(body=tile, content_type="image/png"))
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "boss")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")

    problems, seen = {}, []
    page.on("console", lambda message: message.type == "error" and seen.append(message.text))
    page.on("pageerror", lambda error: seen.append(str(error)))
    for name, url in pages:
        seen.clear()
        page.goto(live_server.url + url)
        page.wait_for_load_state("load")
        found = [*seen, *page.evaluate("window.cspViolations")]
        if found:
            problems[f"{name} {url}"] = found
    ARTIFACTS.mkdir(exist_ok=True)
    page.goto(live_server.url + reverse("admin:events_event_history", args=[admin_objects[Event].pk]))
    page.screenshot(path=ARTIFACTS / "admin-event-history.png")
    page.goto(live_server.url + reverse("admin:events_event_change", args=[admin_objects[Event].pk]))
    marker = page.locator(".stored-value-unreadable")
    assert "nested 950 levels deep" in marker.inner_text()
    page.locator("fieldset:has(#id_attributes)").screenshot(path=ARTIFACTS / "admin-unreadable-value.png")
    context.close()
    assert problems == {}, problems
    assert len(pages) >= 30
