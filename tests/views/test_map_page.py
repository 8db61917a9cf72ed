"""The map page: its configuration goes out once through json_script, nothing inline breaks the CSP."""

import json
import re

import pytest
from django.test import override_settings
from django.urls import reverse

from events.models import EventKind

pytestmark = pytest.mark.django_db


def page_config(response):
    match = re.search(r'<script id="map-config" type="application/json">(.*?)</script>', response.content.decode())
    return json.loads(match.group(1))


def test_map_page_sends_kinds_and_urls_once_as_json(client, kinds):
    response = client.get(reverse("events:map"))

    assert response.status_code == 200
    config = page_config(response)
    assert [kind["slug"] for kind in config["kinds"]][:2] == ["military-base", "drone-sighting"]
    military = {"slug": "military-base", "name": "Military base", "colour": "#0072B2", "icon": "square"}
    assert config["kinds"][0] == military
    assert config["urls"] == {
        "events": "/api/events/",
        "list": "/api/events/list/",
        "border_choices": "/api/events/border-choices/",
        "histogram": "/api/events/histogram/",
        "countries": "/api/countries/",
        "labels": "/api/labels/",
        "borders": "/api/borders/",
        "feed": "/feeds/events/",
    }
    assert config["base_layer_name"] == "OpenStreetMap"


def test_a_hostile_kind_name_cannot_close_the_config_script(client, kinds):
    EventKind.objects.create(slug="hostile", name="</script><script>alert(1)</script>")

    html = client.get(reverse("events:map")).content.decode()

    assert "</script><script>alert(1)" not in html
    assert "\\u003C/script\\u003E\\u003Cscript\\u003Ealert(1)" in html


def test_no_inline_styles_and_only_nonced_inline_scripts(client, kinds):
    response = client.get(reverse("events:map"))
    html = response.content.decode()
    nonce = re.search(r"'nonce-([^']+)'", response.headers["Content-Security-Policy"]).group(1)

    assert "style=" not in html and "<style" not in html
    inline_scripts = re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)([^>]*)>", html)
    assert inline_scripts and all(f'nonce="{nonce}"' in attributes for attributes in inline_scripts)
    assert 'type="module" src="/static/events/js/main.js"' in html
    assert "markercluster" not in html  # the server clusters: no clustering plugin is loaded


def test_normal_page_cannot_be_framed_but_shows_its_chrome(client, kinds):
    response = client.get(reverse("events:map"))

    assert response.headers["X-Frame-Options"] == "DENY"
    for chrome in ('class="site-header"', 'id="event-list"', 'id="timeline"', 'id="filters"'):
        assert chrome in response.content.decode()


def frame_ancestors(response):
    directives = dict(d.strip().split(" ", 1) for d in response.headers["Content-Security-Policy"].split(";"))
    return directives["frame-ancestors"]


def test_embed_mode_is_only_the_map_and_any_site_may_frame_it_by_default(client, kinds):
    response = client.get(reverse("events:map"), {"embed": "1"})
    html = response.content.decode()

    assert "X-Frame-Options" not in response.headers
    assert frame_ancestors(response) == "*"
    for chrome in ('class="site-header"', 'id="event-list"', 'id="timeline"', 'id="filters"'):
        assert chrome not in html
    assert 'id="map"' in html
    assert page_config(response)["view"] == "embed"


@override_settings(MAPPER_EMBED_ORIGINS=["https://newsroom.example.org"])
def test_operators_can_restrict_the_embed_to_listed_origins(client, kinds):
    response = client.get(reverse("events:map"), {"embed": "1"})

    assert "X-Frame-Options" not in response.headers
    assert frame_ancestors(response) == "'self' https://newsroom.example.org"


def test_only_the_embed_view_may_be_framed(client, kinds):
    for query in ({}, {"print": "1"}, {"embed": "yes"}):
        response = client.get(reverse("events:map"), query)
        assert response.headers["X-Frame-Options"] == "DENY"
        assert frame_ancestors(response) == "'none'"


def test_embed_code_can_leave_controls_out(client, kinds):
    html = client.get(reverse("events:map"), {"embed": "1", "controls": "legend,zoom,bogus"}).content.decode()

    assert "map-page--no-layers" in html and "map-page--no-total" in html
    assert "map-page--no-legend" not in html and "map-page--no-zoom" not in html
    assert "bogus" not in html
    every = client.get(reverse("events:map"), {"embed": "1"}).content.decode()
    assert "map-page--no-" not in every


def test_print_view_is_the_map_and_its_legend_with_a_print_button(client, kinds):
    response = client.get(reverse("events:map"), {"print": "1"})
    html = response.content.decode()

    assert page_config(response)["view"] == "print"
    assert 'id="print-button"' in html and "Back to the map" in html
    for chrome in ('id="event-list"', 'id="timeline"', 'id="filters"'):
        assert chrome not in html
