"""The admin door for files: upload, preview, confirm, progress, result (tasks run inline in tests).

These run the real service; only the geocoder is stubbed (``importer_ready``).
"""

import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from events.models import Article, Event, ImportJob
from tests.admin.conftest import user_create
from tests.conftest import ARTICLE_DATA

IMPORT_URL = "/admin/events/article/import/"
GOOD = json.loads((ARTICLE_DATA / "good.json").read_text())
BAD = json.loads((ARTICLE_DATA / "bad-latitude-200.json").read_text())
CSV = "id,Name,Latitude,Longitude,type\n1,Drone over Galați,45.4353,28.008,drone-sighting\n2,Nowhere,,,other\n"


def upload(name, content):
    if isinstance(content, dict):
        content = json.dumps(content)
    return SimpleUploadedFile(name, content.encode() if isinstance(content, str) else content)


def preview(client, *files, **fields):
    response = client.post(IMPORT_URL, {"files": list(files), "format": "auto", "status": "draft", **fields})
    assert response.status_code == 302, response.content.decode()[:2000]
    return client.get(response["Location"]), response["Location"]


def test_a_table_previews_with_its_mapping_kinds_rows_and_a_map_and_writes_nothing(editor_client, importer_ready):
    page, _ = preview(editor_client, upload("incidents.csv", CSV))
    html = page.content.decode()

    assert "Preview: nothing has been written yet" in html
    assert "title ← &#x27;Name&#x27;" in html and "latitude ← &#x27;Latitude&#x27;" in html
    assert "Would be: 2 created" in html and "(as drafts)" in html
    assert "needs review" in html and 'id="import-preview-config"' in html
    assert "Kinds used: Drone sighting, Other" in html
    assert 'name="_confirm"' in html
    assert not Event.objects.exists()


def test_confirm_imports_drafts_and_shows_the_result_with_a_link_to_review(editor_client, importer_ready):
    _, job_url = preview(editor_client, upload("incidents.csv", CSV))

    result = editor_client.post(job_url, {"_confirm": "1"}, follow=True).content.decode()

    assert "Imported: 2 created, 0 updated, 0 unchanged, 0 skipped, 0 rejected" in result  # jsonb sorts keys
    assert "Review the drafts" in result
    assert "?status__exact=draft&amp;source_dataset__exact=incidents" in result
    assert set(Event.objects.values_list("status", flat=True)) == {"draft"}
    assert Event.objects.get(source_id="2").geocode_status == "needs_review"
    job = ImportJob.objects.get()
    assert (job.status, job.rows_done, job.rows_total) == ("done", 2, 2)


def test_article_files_still_import_through_the_same_door(editor_client, importer_ready):
    page, job_url = preview(editor_client, upload("a.json", GOOD))
    assert "galati-drone" in page.content.decode() and not Article.objects.exists()

    editor_client.post(job_url, {"_confirm": "1"})

    assert Article.objects.get().title == "Drone seen over Galați"
    assert Event.objects.filter(key="galati-drone").exists()


def test_a_bad_file_lists_every_problem_and_cannot_be_confirmed(editor_client, importer_ready):
    page, job_url = preview(editor_client, upload("good.json", GOOD), upload("bad.json", BAD))
    html = page.content.decode()

    assert "Nothing was imported: 1 problem" in html and "<td>bad.json</td>" in html and "latitude" in html
    assert 'name="_confirm"' not in html
    editor_client.post(job_url, {"_confirm": "1"})
    assert not Article.objects.exists() and not Event.objects.exists()


def test_an_unknown_kind_is_listed_with_the_other_problems_at_once(editor_client, importer_ready):
    data = json.loads(json.dumps(GOOD))
    data["events"][0]["kind"] = "spaceship"
    data["events"][0]["latitude"] = 91
    data["events"][1]["kind"] = "tank"

    html = preview(editor_client, upload("mixed.json", data))[0].content.decode()

    assert "Nothing was imported: 4 problems" in html  # the latitude, its dependency and the two kinds
    assert "unknown event kind &#x27;spaceship&#x27;" in html and "unknown event kind &#x27;tank&#x27;" in html
    assert "91 is greater than the maximum of 90" in html


def test_partial_previews_the_rows_it_will_leave_out(editor_client, importer_ready):
    page, job_url = preview(editor_client, upload("t.csv", CSV + "3,Bad,95,28,other\n"), partial="on")
    assert "Rows that will be left out: 1 problem" in page.content.decode()

    editor_client.post(job_url, {"_confirm": "1"})
    assert Event.objects.count() == 2


@pytest.mark.parametrize(
    ("encoding", "bom"), [("utf-8", b"\xef\xbb\xbf"), ("utf-16-le", b"\xff\xfe")], ids=["utf-8-bom", "utf-16"]
)
def test_a_file_with_a_byte_order_mark_previews_as_on_the_command_line(editor_client, importer_ready, encoding, bom):
    content = bom + json.dumps(GOOD, ensure_ascii=False).encode(encoding)

    html = preview(editor_client, upload("bom.json", content))[0].content.decode()

    assert 'name="_confirm"' in html and "Drone seen over Galați" in html


def test_a_file_that_is_not_utf8_is_refused_naming_it(editor_client, importer_ready):
    html = preview(editor_client, upload("latin1.json", "é".encode("latin-1")))[0].content.decode()
    assert "latin1.json" in html and "not UTF-8 text" in html


def test_a_file_over_the_import_limit_is_refused_naming_it(editor_client, importer_ready, settings):
    settings.MAPPER_IMPORT_MAX_BYTES = 100

    html = editor_client.post(IMPORT_URL, {"files": [upload("big.json", GOOD)], "format": "auto", "status": "draft"})

    assert "big.json: " in html.content.decode() and "(MAPPER_IMPORT_MAX_BYTES)" in html.content.decode()
    assert not ImportJob.objects.exists()


def test_uploaded_text_is_shown_escaped(editor_client, importer_ready):
    hostile = CSV.replace("Drone over Galați", "</script><script>alert(1)</script>")
    html = preview(editor_client, upload("x.csv", hostile))[0].content.decode()
    assert "<script>alert(1)" not in html and "&lt;/script&gt;&lt;script&gt;alert(1)" in html
    config = re.search(r'id="import-preview-config" type="application/json">(.*?)</script>', html, re.S).group(1)
    assert "</script>" not in config


def test_another_editor_cannot_see_or_confirm_my_import(editor_client, importer_ready):
    _, job_url = preview(editor_client, upload("incidents.csv", CSV))
    other = Client()
    other.force_login(user_create_editor("other"))

    assert other.get(job_url).status_code == 404
    assert other.post(job_url, {"_confirm": "1"}).status_code == 404
    assert not Event.objects.exists()


def user_create_editor(name):
    from django.contrib.auth.models import Group, User

    user = User.objects.create_user(name, f"{name}@example.org", "pw", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def test_post_without_csrf_token_is_refused(db):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user_create("editor"))
    assert client.post(IMPORT_URL, {"files": [upload("a.json", GOOD)]}).status_code == 403
    assert not ImportJob.objects.exists()


def test_the_article_and_event_lists_link_to_the_import_page_for_editors(editor_client):
    assert f'href="{IMPORT_URL}"' in editor_client.get("/admin/events/article/").content.decode()
    assert f'href="{IMPORT_URL}"' in editor_client.get("/admin/events/event/").content.decode()


def test_uploaded_names_stay_inside_the_jobs_folder_and_do_not_overwrite_each_other(db, importer_ready):
    from django.contrib.auth.models import User

    from events.importers import jobs

    user = User.objects.create_user("someone")
    files = [upload("../../x.csv", CSV), upload("a.csv", CSV), upload("a.csv", CSV.replace("Nowhere", "Elsewhere"))]
    job = jobs.job_create(files, {"format": "csv"}, user)

    folder = jobs._job_dir(job)
    assert job.files == ["x.csv", "a.csv", "upload-3.csv"]
    assert sorted(path.name for path in folder.iterdir()) == ["a.csv", "upload-3.csv", "x.csv"]


def test_the_background_preview_speaks_the_uploaders_language_not_the_workers(db, importer_ready):
    from django.contrib.auth.models import User
    from django.utils import translation

    from events.importers import jobs

    user = User.objects.create_user("editor-uk")
    with translation.override("uk"):  # the upload request
        job = jobs.job_create([upload("bad.csv", "title,lat,lon\nA,95,28\nB,45,east\n")], {"format": "csv"}, user)
    jobs.job_preview(job.pk)  # a worker: no request, the default language active

    job.refresh_from_db()
    assert translation.get_language() == "en"
    messages = {where: message for _, where, message in job.problems}
    lon = messages["рядок 3, стовпець 'lon'"]  # the location words too
    assert "не є числом" in lon and "(значення 'east')" in lon
    assert "(значення '95')" in messages["рядок 2, стовпець 'lat'"]
