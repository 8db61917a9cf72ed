"""Configuration is checked at start: every MAPPER_* setting, LEAFLET_CONFIG, the CSP's tile origin and the
static files the templates load. A bad value is a system-check error naming the setting."""

import re

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from events import settings_checks
from mapper.tiles import tile_origin


def test_every_mapper_setting_is_checked():
    declared = {name for name in dir(settings) if name.startswith("MAPPER_")}
    assert declared == set(settings_checks.CHECKED_SETTINGS) | settings_checks.GEOCODER_SETTINGS


def test_the_defaults_pass_every_check():
    call_command("check", fail_level="ERROR")  # raises SystemCheckError on any error


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("MAPPER_HTTP_MAX_AGE", -1, "must be at least 0"),
        ("MAPPER_IMPORT_MAX_BYTES", 0, "must be at least 1"),
        ("MAPPER_NOMINATIM_MIN_DELAY", "1", "must be a number"),
        ("MAPPER_RATE_LIMITS", {"api": "300 per minute"}, "a rate is count/period"),
        ("MAPPER_TILES_URL", "https://tiles.example.org/{z}/{x}.png", "{z}, {x} and {y}"),
        ("MAPPER_TILES_URL", "ftp://tiles.example.org/{z}/{x}/{y}.png", "http://, https:// or /"),
        ("MAPPER_EMBED_ORIGINS", ["newsroom.example.org"], "not an origin"),
        ("MAPPER_EMBED_ORIGINS", ["*", "https://newsroom.example.org"], "mixes '*' with origins"),
        ("MAPPER_GEOPARSE_OTHER_KIND", "Other Things", "slug"),
    ],
)
def test_a_bad_value_stops_the_start_with_its_name(settings, name, value, message):
    setattr(settings, name, value)
    with pytest.raises(SystemCheckError) as raised:
        call_command("check")
    assert f"(mapper.E030) {name} " in str(raised.value) and message in str(raised.value)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"DEFAULT_CENTER": (46.0, 250.0)}, "DEFAULT_CENTER"),
        ({"DEFAULT_ZOOM": 19}, "MIN_ZOOM <= DEFAULT_ZOOM <= MAX_ZOOM"),
        ({"TILES": []}, "at least one"),
        ({"TILES": [("OSM", "https://tile.example.org/{z}/{y}.png", {})]}, "TILES 'OSM'"),
        ({"NO_GLOBALS": False}, "map:init"),
    ],
)
def test_a_bad_leaflet_config_is_named(change, message):
    problems = settings_checks.leaflet_config_problems(settings.LEAFLET_CONFIG | change)
    assert any(message in problem for problem in problems), problems
    assert settings_checks.leaflet_config_problems(settings.LEAFLET_CONFIG) == []


@pytest.mark.parametrize(
    ("url", "origin"),
    [
        ("https://tile.openstreetmap.org/{z}/{x}/{y}.png", "https://tile.openstreetmap.org"),
        ("https://{s}.basemaps.example.com/light/{z}/{x}/{y}@2x.png", "https://*.basemaps.example.com"),
        ("http://127.0.0.1:8081/tiles/{z}/{x}/{y}.png", "http://127.0.0.1:8081"),
        ("/static/tiles/{z}/{x}/{y}.png", ""),  # served by Mapper: 'self' covers it
    ],
)
def test_the_csp_tile_origin_comes_from_the_tile_url(url, origin):
    assert tile_origin(url) == origin


def test_the_pages_csp_allows_the_configured_tiles(client, db):
    policy = client.get("/").headers["Content-Security-Policy"]
    img_src = next(part for part in policy.split(";") if part.strip().startswith("img-src"))
    assert tile_origin(settings.MAPPER_TILES_URL) in img_src.split()


def test_a_template_loading_a_missing_static_file_is_an_error(tmp_path):
    (tmp_path / "page.html").write_text(
        "{% load static %}<script src=\"{% static 'events/js/main.js' %}\"></script>"
        "<script type=module src=\"{% static 'events/js/gone.js' %}\"></script>"
    )
    assert settings_checks.missing_static_files([tmp_path]) == [(tmp_path / "page.html", "events/js/gone.js")]
    assert settings_checks.static_files_check(None) == []  # the project's own templates load files that exist


def test_every_environment_variable_is_in_the_readme():
    names = set(
        re.findall(r'env(?:\.\w+)?\(\s*"([A-Z_]+)"', (settings.BASE_DIR / "mapper" / "settings.py").read_text())
    )
    readme = (settings.BASE_DIR / "README.md").read_text(encoding="utf-8")
    assert names and {name for name in names if f"`{name}`" not in readme} == set()
