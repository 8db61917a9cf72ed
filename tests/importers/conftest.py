"""Helpers for the table importers: write a small file, run the service, read the events back."""

import pytest

from events.importers.service import ImportOptions, import_plan, import_write
from events.models import Event


@pytest.fixture
def run_import(importer_ready, tmp_path):
    """``run_import("a.csv", text_or_bytes, **options)`` -> (plan, counts)."""

    def run(name, content, **options):
        path = tmp_path / name
        if isinstance(content, str):
            content = content.encode("utf-8")
        path.write_bytes(content)
        plan = import_plan([path], ImportOptions(**options))
        return plan, import_write(plan)

    return run


def events_by_title():
    return {event.title: event for event in Event.objects.select_related("kind")}
