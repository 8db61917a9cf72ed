"""Logging goes to stderr, at the level LOG_LEVEL gives: imports, geocoder failures, tasks."""

import logging
import os
import subprocess
import sys

import pytest
from django.conf import settings

from events import tasks
from events.services import geocoding
from events.services.importing import article_import
from tests.conftest import ARTICLE_DATA

SAY = (
    "import logging; logging.getLogger('events.services.importing').info('imported');"
    " logging.getLogger('events.x').warning('careful')"
)


@pytest.mark.parametrize(("level", "shown"), [("INFO", ["imported", "careful"]), ("warning", ["careful"])])
def test_log_level_from_the_environment_sets_what_reaches_stderr(level, shown):
    env = os.environ | {"LOG_LEVEL": level, "DJANGO_SETTINGS_MODULE": "tests.settings"}
    done = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", SAY],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    assert [word for word in ("imported", "careful") if word in done.stderr] == shown
    assert "WARNING events.x: careful" in done.stderr and "careful" not in done.stdout


def test_an_import_is_logged_with_its_counts(importer_ready, caplog):
    path = ARTICLE_DATA / "good.json"
    with caplog.at_level(logging.INFO, logger="events"):
        article_import([(path.name, path.read_text(encoding="utf-8"))])
    assert "Article import of 1 file(s): {'created':" in caplog.text


def test_a_failing_provider_and_the_task_that_met_it_are_logged(pending_event, monkeypatch, caplog):
    def search(query, limit, context):
        raise geocoding.ProviderTemporaryError("nominatim: GeocoderTimedOut after 3 attempt(s)")

    monkeypatch.setattr(geocoding._GAZETTEER, "search", search)
    event = pending_event("Bârsana")
    with caplog.at_level(logging.INFO, logger="events"):
        tasks.events_relocate_task.call([event.pk])
    assert "nominatim: GeocoderTimedOut after 3 attempt(s); the event will be retried." in caplog.text
    assert "Re-geocoded 1 event(s): {'failed, will retry': 1}" in caplog.text
