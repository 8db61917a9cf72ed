"""Importing article files from the admin: preview (dry run), per-record errors, confirm.

``article_import`` is stubbed at our service boundary (events.services.importing)
until the importer lands: the stub validates a minimal format and writes an Article
unless ``dry_run``. Swap ``fake_importer`` for the real importer and the seed file
once merged.
"""

import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from events.models import Article
from events.services import importing
from tests.admin.conftest import user_create

IMPORT_URL = "/admin/events/article/import/"
GOOD = {"article": {"title": "Drones over Maramureș", "slug": "drones-maramures"}}
BAD = {"article": {"slug": "no-title"}}


@pytest.fixture
def fake_importer(monkeypatch):
    calls = []

    def article_import(sources, *, dry_run=False, overwrite=False, progress=False):
        calls.append({"files": [name for name, _ in sources], "dry_run": dry_run, "overwrite": overwrite})
        problems, articles = [], []
        for name, text in sources:
            data = json.loads(text)["article"]
            if "title" not in data:
                problems.append({"file": name, "record": "article", "field": "title", "message": "Required."})
            articles.append(data)
        if problems:
            raise importing.ArticleImportError(problems)
        report = importing.ImportReport()
        report.counts["created"] = len(articles)
        report.rows = [("created", "events.Article", a["slug"], a["title"]) for a in articles]
        if not dry_run:
            for data in articles:
                Article.objects.create(**data)
        return report

    monkeypatch.setattr(importing, "article_import", article_import)
    return calls


def upload(name, content):
    return SimpleUploadedFile(name, content if isinstance(content, bytes) else json.dumps(content).encode())


def test_preview_shows_what_would_change_and_writes_nothing(editor_client, fake_importer):
    response = editor_client.post(IMPORT_URL, {"files": [upload("a.json", GOOD)]})
    html = response.content.decode()
    assert response.status_code == 200
    assert "1 created" in html and "drones-maramures" in html and "Drones over Maramureș" in html
    assert 'name="_confirm"' in html
    assert fake_importer == [{"files": ["a.json"], "dry_run": True, "overwrite": False}]
    assert not Article.objects.exists()


def test_confirm_runs_the_real_import_with_the_previewed_files(editor_client, fake_importer):
    preview = editor_client.post(IMPORT_URL, {"files": [upload("a.json", GOOD)], "overwrite": "on"})
    payload = re.search(r'name="payload" value="([^"]+)"', preview.content.decode()).group(1)
    response = editor_client.post(IMPORT_URL, {"payload": payload, "_confirm": "1"}, follow=True)
    assert "Imported 1 file(s): 1 created" in response.content.decode()
    assert Article.objects.get().title == "Drones over Maramureș"
    assert fake_importer[-1] == {"files": ["a.json"], "dry_run": False, "overwrite": True}


def test_a_bad_file_shows_errors_per_record_and_changes_nothing(editor_client, fake_importer):
    response = editor_client.post(IMPORT_URL, {"files": [upload("good.json", GOOD), upload("bad.json", BAD)]})
    html = response.content.decode()
    assert "Nothing was imported: 1 problem" in html
    assert "<td>bad.json</td><td>article</td><td>title</td><td>Required.</td>" in html
    assert 'name="_confirm"' not in html
    assert not Article.objects.exists()


def test_an_altered_payload_is_refused(editor_client, fake_importer):
    response = editor_client.post(IMPORT_URL, {"payload": "tampered:abc", "_confirm": "1"}, follow=True)
    assert "expired or was altered" in response.content.decode()
    assert fake_importer == [] and not Article.objects.exists()


def test_a_file_that_is_not_utf8_is_refused_before_import(editor_client, fake_importer):
    response = editor_client.post(IMPORT_URL, {"files": [upload("latin1.json", "é".encode("latin-1"))]})
    assert "latin1.json is not UTF-8 text." in response.content.decode()
    assert fake_importer == []


def test_too_large_an_upload_is_refused(editor_client, fake_importer, monkeypatch):
    monkeypatch.setattr("events.admin.article_import_view.MAX_UPLOAD_BYTES", 10)
    response = editor_client.post(IMPORT_URL, {"files": [upload("a.json", GOOD)]})
    assert "import them in smaller batches" in response.content.decode()
    assert fake_importer == []


def test_uploaded_text_is_shown_escaped(editor_client, fake_importer):
    hostile = {"article": {"title": "</script><script>alert(1)</script>", "slug": "x"}}
    html = editor_client.post(IMPORT_URL, {"files": [upload("x.json", hostile)]}).content.decode()
    assert "<script>alert(1)" not in html and "&lt;/script&gt;&lt;script&gt;alert(1)" in html


def test_post_without_csrf_token_is_refused(db, fake_importer):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user_create("editor"))
    assert client.post(IMPORT_URL, {"files": [upload("a.json", GOOD)]}).status_code == 403
    assert fake_importer == []


def test_the_article_list_links_to_the_import_page_for_editors(editor_client):
    assert f'href="{IMPORT_URL}"' in editor_client.get("/admin/events/article/").content.decode()
