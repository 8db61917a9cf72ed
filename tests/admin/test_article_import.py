"""Importing article files from the admin: preview (dry run), per-record errors, confirm.

These run the real importer; only the geocoder is stubbed (``importer_ready``).
``import_calls`` records how the view called it.
"""

import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from events.models import Article, Event
from events.services import importing
from tests.admin.conftest import user_create
from tests.conftest import ARTICLE_DATA

IMPORT_URL = "/admin/events/article/import/"
GOOD = json.loads((ARTICLE_DATA / "good.json").read_text())
BAD = json.loads((ARTICLE_DATA / "bad-latitude-200.json").read_text())


@pytest.fixture
def import_calls(importer_ready, monkeypatch):
    calls = []
    real_import = importing.article_import

    def spy(sources, *, dry_run=False, overwrite=False, progress=False):
        calls.append({"files": [name for name, _ in sources], "dry_run": dry_run, "overwrite": overwrite})
        return real_import(sources, dry_run=dry_run, overwrite=overwrite, progress=progress)

    monkeypatch.setattr(importing, "article_import", spy)
    return calls


def upload(name, content):
    return SimpleUploadedFile(name, content if isinstance(content, bytes) else json.dumps(content).encode())


def test_preview_shows_what_would_change_and_writes_nothing(editor_client, import_calls):
    response = editor_client.post(IMPORT_URL, {"files": [upload("a.json", GOOD)]})
    html = response.content.decode()
    assert response.status_code == 200
    assert "created" in html and "galati-drone" in html and "Drone seen over Galați" in html
    assert 'name="_confirm"' in html
    assert import_calls == [{"files": ["a.json"], "dry_run": True, "overwrite": False}]
    assert not Article.objects.exists()


def test_confirm_runs_the_real_import_with_the_previewed_files(editor_client, import_calls):
    preview = editor_client.post(IMPORT_URL, {"files": [upload("a.json", GOOD)], "overwrite": "on"})
    payload = re.search(r'name="payload" value="([^"]+)"', preview.content.decode()).group(1)
    response = editor_client.post(IMPORT_URL, {"payload": payload, "_confirm": "1"}, follow=True)
    assert "Imported 1 file(s):" in response.content.decode()
    assert Article.objects.get().title == "Drone seen over Galați"
    assert Event.objects.filter(key="galati-drone").exists()
    assert import_calls[-1] == {"files": ["a.json"], "dry_run": False, "overwrite": True}


def test_a_bad_file_shows_errors_per_record_and_changes_nothing(editor_client, import_calls):
    response = editor_client.post(IMPORT_URL, {"files": [upload("good.json", GOOD), upload("bad.json", BAD)]})
    html = response.content.decode()
    assert "Nothing was imported: 1 problem" in html
    assert "<td>bad.json</td>" in html and "latitude" in html
    assert 'name="_confirm"' not in html
    assert not Article.objects.exists() and not Event.objects.exists()


def test_an_altered_payload_is_refused(editor_client, import_calls):
    response = editor_client.post(IMPORT_URL, {"payload": "tampered:abc", "_confirm": "1"}, follow=True)
    assert "expired or was altered" in response.content.decode()
    assert import_calls == [] and not Article.objects.exists()


def test_a_file_that_is_not_utf8_is_refused_before_import(editor_client, import_calls):
    response = editor_client.post(IMPORT_URL, {"files": [upload("latin1.json", "é".encode("latin-1"))]})
    assert "latin1.json: not UTF-8 text" in response.content.decode()
    assert import_calls == []


def test_too_large_an_upload_is_refused(editor_client, import_calls, monkeypatch):
    monkeypatch.setattr("events.admin.article_import_view.MAX_UPLOAD_BYTES", 10)
    response = editor_client.post(IMPORT_URL, {"files": [upload("a.json", GOOD)]})
    assert "import them in smaller batches" in response.content.decode()
    assert import_calls == []


def test_uploaded_text_is_shown_escaped(editor_client, import_calls):
    hostile = {**GOOD, "article": {**GOOD["article"], "title": "</script><script>alert(1)</script>"}}
    html = editor_client.post(IMPORT_URL, {"files": [upload("x.json", hostile)]}).content.decode()
    assert "<script>alert(1)" not in html and "&lt;/script&gt;&lt;script&gt;alert(1)" in html


def test_post_without_csrf_token_is_refused(db, import_calls):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user_create("editor"))
    assert client.post(IMPORT_URL, {"files": [upload("a.json", GOOD)]}).status_code == 403
    assert import_calls == []


def test_the_article_list_links_to_the_import_page_for_editors(editor_client):
    assert f'href="{IMPORT_URL}"' in editor_client.get("/admin/events/article/").content.decode()


@pytest.mark.parametrize(
    ("encoding", "bom"), [("utf-8", b"\xef\xbb\xbf"), ("utf-16-le", b"\xff\xfe")], ids=["utf-8-bom", "utf-16"]
)
def test_a_file_with_a_byte_order_mark_previews_as_on_the_command_line(editor_client, import_calls, encoding, bom):
    content = bom + json.dumps(GOOD, ensure_ascii=False).encode(encoding)

    html = editor_client.post(IMPORT_URL, {"files": [upload("bom.json", content)]}).content.decode()

    assert 'name="_confirm"' in html and "Drone seen over Galați" in html
    assert import_calls == [{"files": ["bom.json"], "dry_run": True, "overwrite": False}]


def test_a_file_over_the_import_limit_is_refused_naming_it(editor_client, import_calls, settings):
    settings.MAPPER_IMPORT_MAX_BYTES = 100

    html = editor_client.post(IMPORT_URL, {"files": [upload("big.json", GOOD)]}).content.decode()

    assert "big.json: " in html and "is more than the import limit of 100 bytes (MAPPER_IMPORT_MAX_BYTES)" in html
    assert import_calls == []
