"""Production static files: hashed names all the way down the module graph."""

import re

from django.core.management import call_command
from django.test import override_settings


def test_collectstatic_rewrites_module_imports_to_hashed_files(tmp_path):
    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "mapper.storage.StaticFilesStorage"},
    }
    with override_settings(STATIC_ROOT=tmp_path, STORAGES=storages):
        call_command("collectstatic", "--noinput", verbosity=0)
    hashed_main = next((tmp_path / "events" / "js").glob("main.*.js"))
    imports = re.findall(r'from "(\./[^"]+)"', hashed_main.read_text())
    assert imports, "main.js imports its sibling modules"
    for name in imports:
        assert re.fullmatch(r"\./\w+\.[0-9a-f]{12}\.js", name), name
        assert (hashed_main.parent / name).exists()
