"""A file the importer refuses is refused in the uploader's language, the parser's own words kept;
the history rows of an import name its files in that language too."""

import html

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from events.importers.service import ImportOptions, import_plan, import_write
from events.models import Event
from events.services.import_files import ImportRefused

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


ARTICLE_REFUSED = [
    # (file name, content, what the Ukrainian page says, what the English page would say)
    ("truncated.json", '{"article": {"title": "Drones",', "рядок 1, стовпець 32", "line 1, column"),
    (
        "undated.json",
        '{"article": {"title": "Drones", "text": "Two drones."}, "events": [{"key": "d1", "title": "Drone",'
        ' "kind": "drone-sighting", "quote": "Two drones.", "date_precision": "day"}]}',
        "вказано без дати",
        "given without a date",
    ),
    (
        "undated.json",
        '{"article": {"title": "Drones", "text": "Two drones."}, "events": [{"key": "d1", "title": "Drone",'
        ' "kind": "drone-sighting", "quote": "Two drones.", "colour": "red"}]}',
        "невідоме поле (дозволені: ",
        "unknown field",
    ),
    (
        "deep.json",  # the one gate every stored value passes (events.services.stored_values)
        '{"article": {"title": "Drones", "text": "Two drones."}, "events": [{"key": "d1", "title": "Drone",'
        ' "kind": "drone-sighting", "quote": "Two drones.", "attributes": {"a": ' + "[" * 40 + "]" * 40 + "}}]}",
        "Це значення має понад 32 рівнів вкладеності; обмеження — 32",
        "levels deep",
    ),
]


@pytest.mark.parametrize(
    ("name", "content", "ukrainian", "english"),
    ARTICLE_REFUSED,
    ids=["invalid-json", "no-date", "unknown-field", "too-deep"],
)
def test_a_bad_article_file_is_refused_in_ukrainian(admin_client, importer_ready, name, content, ukrainian, english):
    page = refusal_page(admin_client, name, content, "uk")

    assert name in page and ukrainian in page
    assert "недійсний JSON" in page if name == "truncated.json" else "events[0]." in page  # paths stay paths
    assert english not in page
    assert 'name="_confirm"' not in page
    assert Event.objects.count() == 0


CSV_REFUSED = [
    ("no-header.csv", ",,\nDrone,45.43,28.05\n", "немає рядка заголовків", "no header row"),
    ("twice.csv", "title,title\nDrone,Drone\n", "назви стовпців, використані двічі: title", "used twice"),
]


@pytest.mark.parametrize(("name", "content", "ukrainian", "english"), CSV_REFUSED, ids=["no-header", "twice"])
def test_a_csv_without_a_usable_header_is_refused_in_ukrainian_row_word_included(
    admin_client, importer_ready, name, content, ukrainian, english
):
    page = refusal_page(admin_client, name, content, "uk")

    assert name in page and ukrainian in page
    assert "рядок 1" in page and "Відхилено: знайдено проблеми" in page  # the job's status too
    assert english not in page and "row 1" not in page and "Refused: problems found" not in page


def test_a_cell_problem_names_its_row_and_column_in_ukrainian(tmp_path, importer_ready):
    path = tmp_path / "incidents.csv"
    path.write_text("id,title,latitude,longitude\na1,Drone,north,28.05\n", encoding="utf-8")
    with translation.override("uk"), pytest.raises(ImportRefused) as refused:
        import_plan([path], ImportOptions())

    assert [problem.where for problem in refused.value.problems] == ["рядок 2, стовпець 'latitude'"]


def test_an_untitled_event_keeps_its_english_title_whoever_imports_the_file(tmp_path, importer_ready):
    path = tmp_path / "places.csv"
    path.write_text("id,latitude,longitude\na1,45.43,28.05\n", encoding="utf-8")
    with translation.override("uk"):
        import_write(import_plan([path], ImportOptions()))
    with translation.override("ro"):
        again = import_plan([path], ImportOptions())
        import_write(again)

    event = Event.objects.get(source_id="a1")
    assert event.title == "Untitled (row 2)"
    assert event.history.count() == 1  # the second import, in Romanian, changed nothing
