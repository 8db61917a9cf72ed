"""A file the importer refuses is refused in the uploader's language, the parser's own words kept;
the history rows of an import name its files in that language too."""

import html

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from events.importers.service import ImportOptions, import_plan, import_write
from events.models import Event

IMPORT_URL = "/admin/events/article/import/"

pytestmark = pytest.mark.django_db

REFUSED = [
    # (file name, content, what the Ukrainian page says, what the English page says)
    ("bad.geojson", "[1, 2]", "Корінь документа GeoJSON має бути об'єктом.", "The root of a GeoJSON"),
    ("broken.geojson", '{"type": "Feature",', "недійсний JSON: Expecting", "invalid JSON"),
    (
        "nested.geojson",
        '{"type": "GeometryCollection", "geometries": [{"type": "Point", "coordinates": 5}]}',
        "позиція має бути масивом, а є number",
        "position should be an array",
    ),
    (
        "bad.kml",
        "<kml><Document><Placemark><name>A</name></Document></kml>",
        "KML (XML) сформовано неправильно: ",
        "not well-formed KML",
    ),
    (
        "letters.kml",
        "<kml><Placemark><name>A</name><Point><coordinates>no,no</coordinates></Point></Placemark></kml>",
        "Point: координати 'no,no' не є числами",
        "are not numbers",
    ),
]


def refusal_page(client, name, content, language):
    upload = SimpleUploadedFile(name, content.encode())
    response = client.post(
        IMPORT_URL, {"files": [upload], "format": "auto", "status": "draft"}, HTTP_ACCEPT_LANGUAGE=language
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return html.unescape(client.get(response["Location"], HTTP_ACCEPT_LANGUAGE=language).content.decode())


@pytest.mark.parametrize(("name", "content", "ukrainian", "english"), REFUSED, ids=[row[0] for row in REFUSED])
def test_a_bad_geojson_or_kml_file_is_refused_in_ukrainian(
    admin_client, importer_ready, name, content, ukrainian, english
):
    page = refusal_page(admin_client, name, content, "uk")

    assert name in page and ukrainian in page
    assert english not in page
    assert 'name="_confirm"' not in page


def test_the_same_file_is_refused_in_english_for_an_english_uploader(admin_client, importer_ready):
    name, content, ukrainian, english = REFUSED[0]
    page = refusal_page(admin_client, name, content, "en")

    assert english in page and ukrainian not in page


def test_an_import_by_a_ukrainian_uploader_records_its_history_reason_in_ukrainian(tmp_path, importer_ready):
    path = tmp_path / "incidents.csv"
    path.write_text("id,title,latitude,longitude\na1,Drone over Galați,45.43,28.05\n", encoding="utf-8")
    with translation.override("uk"):
        import_write(import_plan([path], ImportOptions()))

    event = Event.objects.get(source_id="a1")
    assert event.history.get().history_change_reason == "Імпортовано з incidents.csv"
