"""An editor uploads a spreadsheet in the admin: preview on a map, confirm, progress, drafts to review."""

from importlib import import_module
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, User
from playwright.sync_api import expect

from events.importers import jobs
from events.models import Event
from tests.browser.conftest import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CSV = (
    "id;Name;Latitude;Longitude;Date;type\n"
    "1;Drone over Galați;45,4353;28,0080;12/03/2025;drone-sighting\n"
    "2;Ships at Tulcea;45,1787;28,8050;13.03.2025;other\n"
    "3;Somewhere unnamed;;;2025-03;other\n"
)


@pytest.fixture
def editor():
    import_module("events.migrations.0003_admin_editors_group").editors_group_create(apps, None)
    user = User.objects.create_user("editor", "editor@example.org", "a-Long-passphrase-42", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def worker(monkeypatch):
    """The background worker, run by the test at the moment it chooses (so the progress page is seen)."""
    queued = []
    fake = SimpleNamespace(
        import_job_preview=SimpleNamespace(enqueue=lambda job_id: queued.append((jobs.job_preview, job_id))),
        import_job_run=SimpleNamespace(enqueue=lambda job_id: queued.append((jobs.job_run, job_id))),
    )
    monkeypatch.setattr("events.admin.import_view.tasks", fake)

    def run_next():
        function, job_id = queued.pop(0)
        function(job_id)

    return run_next


def test_upload_preview_on_a_map_confirm_progress_and_drafts_in_the_review_list(
    page, live_server, editor, kinds, worker, tmp_path
):
    path = tmp_path / "incidents.csv"
    path.write_text(CSV, encoding="utf-8")
    page.goto(f"{live_server.url}/admin/login/?next=/admin/events/event/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "a-Long-passphrase-42")
    page.click("input[type=submit]")

    page.click("text=Import files")
    page.set_input_files("#id_files", str(path))
    page.click("input[name=_preview]")
    expect(page.locator("[data-import-progress]")).to_contain_text("Checking the files")

    worker()  # the preview task
    expect(page.locator("[data-import-status=preview]")).to_be_visible(timeout=10_000)
    page.wait_for_selector("body[data-preview-loaded=true]")
    assert page.locator("#import-preview-map").get_attribute("data-rows-drawn") == "2"
    expect(page.locator("[data-import-mapping]")).to_contain_text("latitude ← 'Latitude'")
    expect(page.locator("[data-import-preview]")).to_contain_text("needs review")
    page.screenshot(path=str(ARTIFACTS / "admin-import-preview.png"), full_page=True)
    assert not Event.objects.exists()

    page.click("input[name=_confirm]")
    expect(page.locator("[data-import-progress]")).to_contain_text("Waiting to import")
    worker()  # the import task
    expect(page.locator("[data-import-result]")).to_contain_text("3 created", timeout=10_000)
    page.screenshot(path=str(ARTIFACTS / "admin-import-result.png"), full_page=True)

    page.click("[data-import-review]")
    expect(page.locator("#result_list")).to_contain_text("Drone over Galați")
    expect(page.locator("#result_list")).to_contain_text("Somewhere unnamed")
    assert set(Event.objects.values_list("status", flat=True)) == {"draft"}
