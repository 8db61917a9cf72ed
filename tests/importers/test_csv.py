"""CSV and TSV through the import service: messy real files, identity, all-or-nothing and --partial."""

import codecs
import csv
import re
from datetime import date

import pytest
from django.utils import translation

from events.models import Event
from events.services import history
from events.services.import_files import ImportRefused
from tests.importers.conftest import events_by_title

GALATI = "Drone over Galați"


def test_loose_headers_decimal_commas_and_spaces_after_delimiters(run_import):
    plan, counts = run_import(
        "incidents.csv",
        "Name; Latitude (WGS84); geo_longitude; Event Date; type\n"
        f"{GALATI}; 45,4353; 28,0080; 12/03/2025; drone-sighting\n",
    )

    assert counts["created"] == 1
    assert plan.files[0].mapping == {
        "title": "Name",
        "kind": "type",
        "date": "Event Date",
        "latitude": "Latitude (WGS84)",
        "longitude": "geo_longitude",
    }
    event = Event.objects.get()
    assert (event.latitude, event.longitude, event.date) == (45.4353, 28.008, date(2025, 3, 12))
    assert (event.status, event.kind.slug, event.geocode_status) == ("draft", "drone-sighting", "manual")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025-03-12", (date(2025, 3, 12), "day")),
        ("2025-03", (date(2025, 3, 1), "month")),
        ("2025", (date(2025, 1, 1), "year")),
        ("12/03/2025", (date(2025, 3, 12), "day")),
        ("12.03.2025", (date(2025, 3, 12), "day")),
        ("12 March 2025", (date(2025, 3, 12), "day")),
        ("March 12, 2025", (date(2025, 3, 12), "day")),
        ("2025-03-12T10:00:00Z", (date(2025, 3, 12), "day")),
    ],
)
def test_date_forms(run_import, text, expected):
    run_import("d.csv", f'title,date,lat,lon\nA,"{text}",45,28\n')

    event = Event.objects.get()
    assert (event.date, event.date_precision) == expected


def test_one_date_past_the_twelfth_day_makes_the_whole_file_month_first(run_import):
    plan, _ = run_import("d.csv", "title,date,lat,lon\nA,03/04/2025,45,28\nB,03/13/2025,45,28\n")

    assert {e.title: e.date for e in Event.objects.all()} == {"A": date(2025, 3, 4), "B": date(2025, 3, 13)}
    assert "dates are month first (row 3: '03/13/2025' cannot be day first)" in str(plan.warnings)


def test_one_day_past_the_twelfth_makes_the_whole_file_day_first(run_import):
    plan, _ = run_import("d.csv", "title,date,lat,lon\nA,03/04/2025,45,28\nB,13.03.2025,45,28\n")

    assert {e.title: e.date for e in Event.objects.all()} == {"A": date(2025, 4, 3), "B": date(2025, 3, 13)}
    assert not plan.warnings


def test_a_file_whose_dates_all_read_both_ways_is_read_day_first_with_date_format_advice(run_import):
    plan, _ = run_import("d.csv", "title,date,lat,lon\nA,03/04/2025,45,28\nB,05/06/2025,45,28\n")

    assert Event.objects.get(title="A").date == date(2025, 4, 3)
    (warning,) = plan.warnings
    assert str(warning) == (
        f"{plan.files[0].name}: 2 date(s) such as '03/04/2025' (row 2) read both day first and month first: "
        "read as day first (dd/mm/yyyy); if the file is month first, import it again with --date-format %m/%d/%Y"
    )
    Event.objects.all().delete()
    run_import("d.csv", "title,date,lat,lon\nA,03/04/2025,45,28\n", date_format="%m/%d/%Y")
    assert Event.objects.get().date == date(2025, 3, 4)


@pytest.mark.parametrize("partial", [False, True])
def test_a_file_mixing_both_orders_is_refused_naming_a_row_of_each(run_import, partial):
    content = "title,date,lat,lon\nA,13/03/2025,45,28\nB,03/13/2025,45,28\nC,2025-03-01,45,28\n"
    expected = r"row 2 \('13/03/2025'\) but month first in row 3 \('03/13/2025'\)"
    if partial:
        plan, counts = run_import("d.csv", content, partial=True)
        assert re.search(expected, str(plan.problems)) and counts["created"] == 0
    else:
        with pytest.raises(ImportRefused, match=expected):
            run_import("d.csv", content)
    assert not Event.objects.exists()


def test_a_missing_mapped_column_with_partial_writes_nothing_from_that_file(run_import):
    plan, counts = run_import("d.csv", "title,lat,lon\nA,45,28\n", partial=True, columns={"date": "When"})
    assert "no column named 'When'" in str(plan.problems)
    assert counts["created"] == 0 and not Event.objects.exists()


@pytest.mark.parametrize(
    "encoded",
    [
        codecs.BOM_UTF8 + "title,lat,lon\nBârsana,47.81,24.06\n".encode(),
        codecs.BOM_UTF16_LE + "title,lat,lon\nBârsana,47.81,24.06\n".encode("utf-16-le"),
        "title,lat,lon\nBârsana,47.81,24.06\n".encode("cp1252"),
        "title;lat;lon\r\rBârsana;47,81;24,06\r".replace("\r\r", "\r").encode("latin-1"),
    ],
    ids=["utf-8-bom", "utf-16", "cp1252", "latin-1-old-mac-line-endings"],
)
def test_encodings_are_detected_and_titles_never_mojibake(run_import, encoded):
    run_import("enc.csv", encoded)

    assert Event.objects.get().title == "Bârsana"


def test_a_cp1252_line_in_a_utf8_file_is_repaired_and_reported(run_import):
    content = "title,lat,lon\nGalați,45.4,28.0\n".encode() + "Bârsana,47.81,24.06\n".encode("cp1252")

    plan, _ = run_import("mixed.csv", content)

    assert set(events_by_title()) == {"Galați", "Bârsana"}
    assert any("row 3" in str(w) and "repaired" in str(w) for w in plan.warnings)


def test_every_problem_of_every_row_in_one_round_and_nothing_written(run_import):
    with pytest.raises(ImportRefused) as caught:
        run_import(
            "bad.csv",
            "id,title,date,lat,lon\n1,Good,2025-01-01,45,28\n2,Bad lat,2025-02-30,91,28\n3,,,abc,\n1,Dup,,45,28\n",
        )

    lines = [str(problem) for problem in caught.value.problems]
    assert any("row 3, column 'date': '2025-02-30' is not a real date" in line for line in lines)
    assert any("row 3, column 'lat'" in line and "less than or equal to 90" in line for line in lines)
    assert any("row 4, column 'lat': 'abc' is not a number" in line for line in lines)
    assert any("row 5, column 'id': id '1' is also used by row 2" in line for line in lines)
    assert not Event.objects.exists()


def test_partial_imports_the_good_rows_and_writes_rejects_that_import_once_fixed(run_import, tmp_path):
    rejects = tmp_path / "rejects.csv"
    plan, counts = run_import(
        "half.csv", "id,title,lat,lon\n1,Good,45,28\n2,Bad,95,28\n", partial=True, rejects=str(rejects)
    )

    assert (counts["created"], counts["rejected"]) == (1, 1)
    rows = list(csv.reader(rejects.open(encoding="utf-8")))
    assert rows[0] == ["id", "title", "lat", "lon", "reason"]
    assert rows[1][:4] == ["2", "Bad", "95", "28"] and "row 3, column 'lat'" in rows[1][4]

    fixed = rejects.read_text(encoding="utf-8").replace(",95,", ",46,")
    run_import("half.csv", fixed)
    assert Event.objects.count() == 2


def test_reimport_changes_nothing_a_changed_row_updates_and_staff_edits_are_skipped(run_import):
    text = "id,title,lat,lon\n1,First,45,28\n2,Second,46,28\n"
    run_import("same.csv", text)
    pks = dict(Event.objects.values_list("source_id", "pk"))

    _, counts = run_import("same.csv", text)
    assert (counts["created"], counts["unchanged"]) == (0, 2)

    Event.objects.filter(source_id="2").update(title="Staff title", staff_edited=True)
    plan, counts = run_import("same.csv", "id,title,lat,lon\n1,First moved,45.5,28\n2,Second again,46,28\n")

    assert (counts["updated"], counts["skipped"]) == (1, 1)
    assert dict(Event.objects.values_list("source_id", "pk")) == pks
    assert set(events_by_title()) == {"First moved", "Staff title"}
    assert any("edited by staff" in str(w) for w in plan.warnings)


def test_a_place_name_far_from_the_coordinates_is_flagged_for_review(run_import):
    run_import("far.csv", "title,place,country,lat,lon\nGalați drone,Galați,RO,-33.9,18.4\nOk,Galați,RO,45.43,28.0\n")

    flagged, fine = Event.objects.get(title="Galați drone"), Event.objects.get(title="Ok")
    assert flagged.geocode_status == "needs_review" and "km from “Galați”" in flagged.geocode_reason
    assert fine.geocode_status == "manual"


def test_a_place_name_column_is_geocoded_once_per_distinct_name(run_import, importer_ready):
    run_import("names.csv", "title,place,country\nA,Galați,RO\nB,Galați,RO\nC,Galați,RO\n")

    assert importer_ready == [("Galați", ())]
    assert set(Event.objects.values_list("geocode_status", flat=True)) == {"ok"}


def test_wkt_and_geojson_columns(run_import):
    run_import(
        "shapes.tsv",
        "title\twkt\nLine\tLINESTRING (24 45, 25 46)\nPoint\tPOINT (28.0 45.4)\n",
    )

    shapes = events_by_title()
    assert shapes["Line"].geometry["type"] == "LineString" and shapes["Line"].latitude is None
    assert (shapes["Point"].longitude, shapes["Point"].latitude) == (28.0, 45.4)


def test_columns_and_kinds_options_map_what_the_guess_cannot(run_import):
    plan, _ = run_import(
        "odd.csv",
        "Was,Wo_N,Wo_E,Art\nA,45,28,Drohne\n",
        columns={"title": "Was", "latitude": "Wo_N", "longitude": "Wo_E", "kind": "Art"},
        kinds={"Drohne": "drone-sighting"},
    )

    event = Event.objects.get()
    assert (event.title, event.latitude, event.kind.slug) == ("A", 45.0, "drone-sighting")
    assert plan.kinds_created == []


def test_a_crash_while_writing_leaves_nothing(run_import, monkeypatch):
    def crash(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(history, "objects_insert", crash)  # the events' insert (events.bulk_load)
    with pytest.raises(RuntimeError):
        run_import("c.csv", "title,lat,lon,kind\nA,45,28,brand-new-kind\n")

    assert not Event.objects.exists()
    assert not Event.objects.model.kind.field.related_model.objects.filter(slug="brand-new-kind").exists()


def test_a_link_column_becomes_the_events_source_and_a_javascript_link_is_refused(run_import):
    text = "id,title,lat,lon,url,notes\n1,A,45,28,https://news.example.org/a,Seen at night\n"
    run_import("linked.csv", text)
    run_import("linked.csv", text)

    citation = Event.objects.get().citations.select_related("article").get()
    assert (citation.article.url, citation.article.title) == ("https://news.example.org/a", "news.example.org/a")
    with pytest.raises(ImportRefused, match=r"row 2, column 'url': 'javascript:alert\(1\)' is not an http\(s\) link"):
        run_import("bad-link.csv", "id,title,lat,lon,url\n1,B,45,28,javascript:alert(1)\n")


def test_an_end_date_and_a_region_are_kept_and_a_precision_finer_than_the_date_is_not_claimed(run_import):
    run_import(
        "spans.csv",
        "title,date,date_end,date_precision,region,lat,lon\nA,2025-03,2025-04,day,Galați,45,28\n",
    )

    event = Event.objects.get()
    assert (event.date_precision, event.attributes) == ("month", {"date_end": "2025-04", "region": "Galați"})


def test_a_bad_longitude_is_reported_on_its_own_column(run_import):
    with pytest.raises(ImportRefused, match=r"row 2, column 'lon': 'east' is not a number"):
        run_import("bad-lon.csv", "title,lat,lon\nA,45,east\n")


def test_coordinates_in_another_country_than_the_row_names_are_flagged_in_preview_and_import(run_import):
    content = "id,title,country,lat,lon\n1,Debris at Plauru,RO,45.3333,95.5\n2,Drone over Galați,RO,45.4353,28.008\n"
    plan, _ = run_import("c.csv", content, dry_run=True, preview=True)  # the admin's preview
    assert [row["needs_review"] for row in plan.preview] == [True, False]
    assert "coordinates are in MN, but the row's country is RO" in plan.preview[0]["reason"]

    run_import("c.csv", content)
    flagged = Event.objects.get(source_id="1")
    assert flagged.geocode_status == "needs_review" and flagged.has_point  # kept where the file says, for review
    assert Event.objects.get(source_id="2").geocode_status == "manual"


def test_a_point_on_the_dnipro_estuary_keeps_its_country_and_is_not_flagged(run_import):
    # Kherson's own coordinates lie 0.2 km outside Ukraine's generalised coastline.
    run_import("kherson.csv", "id,title,country,lat,lon\n1,Shelling in Kherson,UA,46.63695,32.61458\n")
    event = Event.objects.get(source_id="1")
    assert event.country_code == "UA"
    assert event.geocode_status == "manual" and event.border_country


@pytest.mark.parametrize(
    ("language", "row", "column", "not_a_number", "value", "both"),
    [
        (
            "ro",
            "rândul",
            "coloana",
            "'east' nu este un număr",
            "(valoarea 'east')",
            "dați atât latitudinea, cât și longitudinea",
        ),
        ("uk", "рядок", "стовпець", "'east' не є числом", "(значення 'east')", "укажіть і широту, і довготу"),
    ],
)
def test_row_problems_read_in_the_users_language_and_keep_row_column_and_value(
    run_import, language, row, column, not_a_number, value, both
):
    with translation.override(language), pytest.raises(ImportRefused) as refused:
        run_import("bad.csv", "title,lat,lon\nA,45,east\nB,45,\n")
    lines = [str(problem) for problem in refused.value.problems]
    second, third = f"{row} 2, {column} 'lon'", f"{row} 3, {column} 'lon'"
    assert any(second in line and not_a_number in line and value in line for line in lines), lines
    assert any(third in line and both in line for line in lines), lines
    assert not Event.objects.exists()
