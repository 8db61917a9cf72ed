"""Production static files: hashed names all the way down the module graph."""

import re

from django.core.management import call_command
from django.test import override_settings

PRODUCTION_STORAGES = {  # as mapper/settings.py has them, whatever DEBUG is
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "mapper.storage.StaticFilesStorage"},
}


def test_collectstatic_rewrites_module_imports_to_hashed_files(tmp_path):
    with override_settings(STATIC_ROOT=tmp_path, STORAGES=PRODUCTION_STORAGES):
        call_command("collectstatic", "--noinput", verbosity=0)
    hashed_main = next((tmp_path / "events" / "js").glob("main.*.js"))
    imports = re.findall(r'from "(\./[^"]+)"', hashed_main.read_text())
    assert imports, "main.js imports its sibling modules"
    for name in imports:
        assert re.fullmatch(r"\./\w+\.[0-9a-f]{12}\.js", name), name
        assert (hashed_main.parent / name).exists()


def test_files_collected_by_make_setup_serve_the_map_with_debug_off(tmp_path, client, db):
    """`make setup` collects with DEBUG on (the default); `make serve` then runs with DEBUG=false."""
    from mapper import settings as mapper_settings  # read with this environment's DEBUG (on, by default)

    assert mapper_settings.STORAGES["staticfiles"] == PRODUCTION_STORAGES["staticfiles"]
    with override_settings(STATIC_ROOT=tmp_path, STORAGES=PRODUCTION_STORAGES):  # mapper.settings' storages
        with override_settings(DEBUG=True):
            call_command("collectstatic", "--noinput", verbosity=0)
        with override_settings(DEBUG=False):
            response = client.get("/")
    assert response.status_code == 200
    assert re.search(r'src="/static/events/js/main\.[0-9a-f]{12}\.js"', response.content.decode())
