"""System checks for Mapper's own settings: a bad value stops ``runserver``, ``migrate`` and the workers at start
with a message naming the setting and its environment variable, instead of failing later in a request.

``CHECKED_SETTINGS`` lists every ``MAPPER_*`` setting (a test keeps it complete); the geocoder's settings are
checked in ``events.checks``. ``LEAFLET_CONFIG`` is checked as the maps read it, and every static file a
project template loads must exist.
"""

import os
import re
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.checks import Error, register

RATE = re.compile(r"^\d+/\d*[smhd]$")
SLUG = re.compile(r"^[-a-z0-9_]+$")
TEMPLATE_STATIC = re.compile(r"""\{%\s*static\s+['"]([^'"]+)['"]""")


def _number(minimum, *, above=False):
    def check(value):
        if isinstance(value, bool) or not isinstance(value, int | float):
            return "must be a number"
        if value < minimum or above and value == minimum:
            return f"must be {'above' if above else 'at least'} {minimum}"
        return ""

    return check


def tiles_url_problem(url) -> str:
    if not isinstance(url, str) or not all(part in url for part in ("{z}", "{x}", "{y}")):
        return "must be a tile URL template with {z}, {x} and {y}"
    if not (url.startswith("/") or urlsplit(url).scheme in ("http", "https") and urlsplit(url).netloc):
        return "must start with http://, https:// or / (tiles served by Mapper)"
    return ""


def _embed_origins(value):
    """``["*"]`` (any site may frame the embed, the default) or a list of origins."""
    if list(value) == ["*"]:
        return ""
    if "*" in value:
        return "mixes '*' with origins: '*' alone lets any site frame the embed"
    return _origins(value)


def _origins(value):
    for origin in value:
        parts = urlsplit(origin)
        if parts.scheme not in ("http", "https") or not parts.netloc or parts.path not in ("", "/") or parts.query:
            return f"has {origin!r}, which is not an origin like https://newsroom.example.org"
    return ""


def _rates(value):
    bad = [f"{name}={rate!r}" for name, rate in value.items() if not isinstance(rate, str) or not RATE.match(rate)]
    return f"has {', '.join(bad)}: a rate is count/period, e.g. 300/m (s, m, h, d)" if bad else ""


def _text(value):
    return "" if isinstance(value, str) else "must be text"


def _path(value):
    return "" if isinstance(value, str | os.PathLike) and str(value).strip() else "must be a path"


def _slug(value):
    return "" if isinstance(value, str) and SLUG.match(value) else "must be an event kind's slug, e.g. other"


def _host(value):
    return "" if isinstance(value, str) and value and "/" not in value else "must be a host name, e.g. nominatim.org"


# Setting -> a function returning "" or what is wrong. Geocoder settings: events.checks.geocoder_settings_check.
CHECKED_SETTINGS = {
    "MAPPER_ANSWER_CACHE_SECONDS": _number(0),
    "MAPPER_ANSWER_CACHE_MAX_ENTRIES": _number(1),
    "MAPPER_ANSWER_CACHE_MAX_BYTES": _number(1),
    "MAPPER_ANSWER_LOCAL_BYTES": _number(0),  # 0: no copies per worker
    "MAPPER_MATCHES_LOCAL_BYTES": _number(0),  # 0: every view of a search reads its matches
    "MAPPER_HTTP_MAX_AGE": _number(0),
    "MAPPER_RATE_LIMITS": _rates,
    "MAPPER_TILES_URL": tiles_url_problem,
    "MAPPER_TILES_ATTRIBUTION": _text,
    "MAPPER_EMBED_ORIGINS": _embed_origins,
    "MAPPER_NOMINATIM_DOMAIN": _host,
    "MAPPER_NOMINATIM_MIN_DELAY": _number(0),
    "MAPPER_GEOCODER_BACKOFF_SECONDS": _number(0),
    "MAPPER_IMPORT_MAX_BYTES": _number(1),
    "MAPPER_IMPORT_DIR": _path,
    "MAPPER_SHARED_DIR": _path,
    "MAPPER_GEOPARSE_OTHER_KIND": _slug,
}
GEOCODER_SETTINGS = {  # checked by events.checks
    "MAPPER_GEOCODERS",
    "MAPPER_GEOCODER_USER_AGENT",
    "MAPPER_NOMINATIM_SCHEME",
    "MAPPER_GEOCODER_TIMEOUT",
    "MAPPER_GEOCODE_MIN_CONFIDENCE",
}


@register()
def mapper_settings_check(app_configs, **kwargs):
    problems = []
    for name, problem_of in CHECKED_SETTINGS.items():
        if not hasattr(settings, name):
            problems.append(Error(f"{name} is not set.", hint="Declare it in mapper/settings.py.", id="mapper.E030"))
        elif problem := problem_of(getattr(settings, name)):
            problems.append(
                Error(
                    f"{name} {problem} (it is {getattr(settings, name)!r}).",
                    hint='Set it in the environment or .env; README "Configuration" lists every setting.',
                    id="mapper.E030",
                )
            )
    return problems


def leaflet_config_problems(config) -> list[str]:
    """What is wrong with ``LEAFLET_CONFIG`` as Mapper's maps read it (centre, zooms, the base layer)."""
    problems = []
    try:
        latitude, longitude = config["DEFAULT_CENTER"]
        if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
            problems.append(f"DEFAULT_CENTER {config['DEFAULT_CENTER']} is not (latitude, longitude) in range")
    except (KeyError, TypeError, ValueError):
        problems.append("DEFAULT_CENTER must be (latitude, longitude) (MAPPER_MAP_LAT, MAPPER_MAP_LON)")
    zooms = [config.get(key) for key in ("MIN_ZOOM", "DEFAULT_ZOOM", "MAX_ZOOM")]
    if not all(isinstance(z, int) for z in zooms) or not 0 <= zooms[0] <= zooms[1] <= zooms[2] <= 24:
        problems.append(f"MIN_ZOOM <= DEFAULT_ZOOM <= MAX_ZOOM must be whole numbers from 0 to 24, not {zooms}")
    tiles = config.get("TILES")
    if not isinstance(tiles, list | tuple) or not tiles:
        problems.append("TILES must list at least one (name, url, options) base layer")
    else:
        for layer in tiles:
            if not (isinstance(layer, list | tuple) and len(layer) == 3 and isinstance(layer[2], dict)):
                problems.append(f"TILES has {layer!r}, not (name, url, options)")
            elif problem := tiles_url_problem(layer[1]):
                problems.append(f"TILES {layer[0]!r}: the URL {problem}")
    if config.get("NO_GLOBALS") is not True:
        problems.append("NO_GLOBALS must be True: the maps hook django-leaflet's map:init event")
    return problems


@register()
def leaflet_config_check(app_configs, **kwargs):
    return [
        Error(f"LEAFLET_CONFIG: {problem}.", hint="LEAFLET_CONFIG is built in mapper/settings.py.", id="mapper.E031")
        for problem in leaflet_config_problems(settings.LEAFLET_CONFIG)
    ]


def template_dirs() -> list[Path]:
    from django.apps import apps

    engines: list[dict] = settings.TEMPLATES
    dirs = [Path(d) for engine in engines for d in engine.get("DIRS", [])]
    return [*dirs, Path(apps.get_app_config("events").path) / "templates"]


def missing_static_files(dirs) -> list[tuple[Path, str]]:
    """(template, static path) for every ``{% static '…' %}`` in ``dirs`` that no static directory holds."""
    missing = []
    for folder in dirs:
        for template in sorted(Path(folder).rglob("*.html")):
            for path in TEMPLATE_STATIC.findall(template.read_text(encoding="utf-8")):
                if not finders.find(path):
                    missing.append((template, path))
    return missing


@register()
def static_files_check(app_configs, **kwargs):
    return [
        Error(
            f"{template.name} loads {path}, which no static directory holds.",
            hint="Restore the file (git status) or fix the template: the page would lose that script or style.",
            id="mapper.E032",
        )
        for template, path in missing_static_files(template_dirs())
    ]
