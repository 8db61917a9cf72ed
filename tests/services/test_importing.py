"""The article importer: validate everything, locate outside the transaction, write once."""

import json
from datetime import date

import pytest
from django.db import IntegrityError

from events.models import Article, Citation, Event
from events.services.importing import ImportRefused, article_import, article_sources_from_paths
from tests.conftest import ARTICLE_DATA

SEED_FILE = ARTICLE_DATA.parents[2] / "fixtures" / "articles" / "romania-ukraine-drones.json"


def source(name):
    path = ARTICLE_DATA / name
    return (path.name, path.read_text(encoding="utf-8"))


def good_record():
    return json.loads((ARTICLE_DATA / "good.json").read_text(encoding="utf-8"))


def as_source(data, name="edited.json"):
    return (name, json.dumps(data))


def row_counts():
    return (Article.objects.count(), Event.objects.count(), Citation.objects.count())


def test_good_file_creates_the_article_its_events_and_their_citations(importer_ready):
    report = article_import([source("good.json")])

    assert report.counts == {"created": 7, "updated": 0, "unchanged": 0, "skipped": 0}
    assert report.file_counts["good.json"]["created"] == 7
    article = Article.objects.get(url="https://news.example.org/galati-drone")
    assert (article.slug, article.published_on) == ("drone-seen-over-galati", date(2024, 9, 8))
    galati, tulcea, border = (
        Event.objects.get(key=key) for key in ["galati-drone", "tulcea-port", "danube-border-patrols"]
    )
    assert (galati.geocode_status, galati.latitude, galati.status) == ("ok", 45.4353, "published")
    assert galati.published_at is not None
    assert (tulcea.geocode_status, tulcea.geocode_source, tulcea.latitude) == ("manual", "file", 45.1787)
    assert (tulcea.status, tulcea.date, tulcea.date_precision) == ("draft", date(2024, 9, 1), "month")
    assert (border.geocode_status, border.latitude) == ("not_applicable", None)
    assert border.geometry["type"] == "MultiLineString"
    assert (border.date, border.date_precision, border.attributes) == (
        date(2024, 1, 1),
        "year",
        {"patrols": "reinforced"},
    )
    assert galati.country_hint == "RO"  # inherited from the article
    assert galati.citations.get().quote.startswith("A drone was seen over Galați")


def test_geocoder_gets_the_articles_other_points_as_context(importer_ready):
    article_import([source("good.json")])

    assert importer_ready == [("Galați", ((45.1787, 28.805),))]


def test_second_import_changes_nothing_and_calls_no_geocoder(importer_ready):
    article_import([source("good.json")])
    stamps = list(Event.objects.values_list("updated_at", flat=True))
    importer_ready.clear()

    report = article_import([source("good.json")])

    assert report.counts == {"created": 0, "updated": 0, "unchanged": 7, "skipped": 0}
    assert importer_ready == []
    assert list(Event.objects.values_list("updated_at", flat=True)) == stamps
    assert row_counts() == (1, 3, 3)


def test_changed_record_updates_the_event_in_place(importer_ready):
    article_import([source("good.json")])
    pk = Event.objects.get(key="galati-drone").pk
    data = good_record()
    data["events"][0]["title"] = "Drone over Galați port"

    report = article_import([as_source(data)])

    assert report.counts == {"created": 0, "updated": 1, "unchanged": 6, "skipped": 0}
    assert ("updated", "events.Event", "galati-drone", "Drone over Galați port") in report.rows
    event = Event.objects.get(key="galati-drone")
    assert (event.pk, event.title, event.geocode_status) == (pk, "Drone over Galați port", "ok")
    assert row_counts() == (1, 3, 3)


def test_changed_quote_updates_only_the_citation(importer_ready):
    article_import([source("good.json")])
    data = good_record()
    data["events"][1]["quote"] = "Ships waited at the port of Tulcea"

    report = article_import([as_source(data)])

    assert [row[:3] for row in report.rows if row[0] != "unchanged"] == [
        ("updated", "events.Citation", "drone-seen-over-galati/tulcea-port")
    ]
    assert Citation.objects.get(event__key="tulcea-port").quote == "Ships waited at the port of Tulcea"


def test_staff_edited_event_is_skipped_with_a_warning_unless_overwrite(importer_ready):
    article_import([source("good.json")])
    Event.objects.filter(key="galati-drone").update(title="Checked by staff", staff_edited=True)
    data = good_record()
    data["events"][0]["description"] = "New detail from the file."

    report = article_import([as_source(data)])

    assert report.counts["skipped"] == 1
    assert "galati-drone" in report.warnings[0] and "--overwrite" in report.warnings[0]
    assert Event.objects.get(key="galati-drone").title == "Checked by staff"

    report = article_import([as_source(data)], overwrite=True)

    event = Event.objects.get(key="galati-drone")
    assert report.counts["updated"] == 1
    assert (event.title, event.description, event.staff_edited) == (
        "Drone over Galați",
        "New detail from the file.",
        False,
    )


def test_staff_edited_event_whose_record_did_not_change_is_left_alone(importer_ready):
    article_import([source("good.json")])
    Event.objects.filter(key="galati-drone").update(title="Checked by staff", staff_edited=True)

    report = article_import([source("good.json")])

    assert report.counts["unchanged"] == 7 and report.warnings == []
    assert Event.objects.get(key="galati-drone").title == "Checked by staff"


BAD_FILES = [
    ("bad-invalid-json.json", "line 24, column 7: invalid JSON: Expecting ',' delimiter"),
    ("bad-unknown-field.json", "events[1].colour: unknown field"),
    ("bad-existing-pk.json", "events[1].pk: unknown field"),
    ("bad-missing-kind.json", "events[1].kind: required field is missing"),
    ("bad-unknown-kind.json", "events[1].kind: unknown event kind 'spaceship'"),
    ("bad-latitude-200.json", "events[1].latitude: 200 is greater than the maximum of 90"),
    ("bad-nan-number.json", "events[1].latitude: NaN is not a finite number"),
    ("bad-infinite-number.json", "events[1].latitude: 1e400 is not a finite number"),
    ("bad-nan-string.json", "events[1].latitude: 'NaN' is not of type 'number'"),
    ("bad-javascript-url.json", "article.url: Enter a valid URL."),
    ("bad-long-title.json", "events[1].title: is 301 characters long; the limit is 300."),
    ("bad-impossible-date.json", "events[1].date: '2024-02-30' is not a real date"),
    ("bad-epoch-date.json", "events[1].date: 1709251200 is not of type 'string', 'null'"),
    ("bad-unknown-area.json", "events[2].area: cannot draw this area: Unknown country code 'XX'"),
]


@pytest.mark.parametrize(("name", "expected"), BAD_FILES)
def test_bad_file_is_rejected_naming_file_record_and_field_and_nothing_is_written(importer_ready, name, expected):
    article_import([source("second-report.json")])
    before = row_counts()

    with pytest.raises(ImportRefused) as caught:
        article_import([source(name)])

    assert f"{name}: {expected}" in str(caught.value)
    assert row_counts() == before


def test_every_problem_in_every_file_is_reported_at_once(importer_ready):
    data = good_record()
    data["events"][0]["latitude"] = 91
    data["events"][0]["longitude"] = 10
    data["events"][1]["date"] = "2023-02-29"

    with pytest.raises(ImportRefused) as caught:
        article_import([as_source(data, "first.json"), source("bad-javascript-url.json")])

    lines = str(caught.value).splitlines()
    assert any(line.startswith("first.json: events[0].latitude:") for line in lines)
    assert any(line.startswith("first.json: events[1].date:") for line in lines)
    assert any(line.startswith("bad-javascript-url.json: article.url:") for line in lines)
    assert importer_ready == []  # nothing is located before everything is valid


def test_unknown_kinds_are_reported_with_the_other_problems_in_one_round(importer_ready):
    data = good_record()
    data["source_note"] = "not a field of the format"  # an unknown top-level field
    data["events"][0]["kind"] = "spaceship"
    data["events"][0]["latitude"] = 91  # a structure problem in the same record
    data["events"][1]["kind"] = "tank"
    data["events"][2]["date"] = "2023-02-29"

    with pytest.raises(ImportRefused) as caught:
        article_import([as_source(data, "mixed.json")])

    lines = str(caught.value).splitlines()
    for where in ("source_note", "events[0].latitude", "events[0].kind", "events[1].kind", "events[2].date"):
        assert any(line.startswith(f"mixed.json: {where}:") for line in lines), (where, lines)
    assert "unknown event kind 'spaceship'" in str(caught.value)


def test_a_bad_second_file_keeps_the_good_first_file_out_too(importer_ready):
    with pytest.raises(ImportRefused):
        article_import([source("good.json"), source("bad-long-title.json")])

    assert row_counts() == (0, 0, 0)


@pytest.mark.django_db(transaction=True)
def test_crash_while_writing_leaves_no_rows_from_that_run(importer_ready, monkeypatch):
    saved = []
    real_save = Event.save

    def save_then_crash(self, *args, **kwargs):
        if len(saved) == 2:
            raise RuntimeError("disk full")
        saved.append(self.key)
        real_save(self, *args, **kwargs)

    monkeypatch.setattr(Event, "save", save_then_crash)

    with pytest.raises(RuntimeError, match="disk full"):
        article_import([source("good.json")])

    assert saved == ["galati-drone", "tulcea-port"]
    assert row_counts() == (0, 0, 0)


def test_dry_run_reports_what_would_change_but_writes_and_locates_nothing(importer_ready):
    report = article_import([source("good.json")], dry_run=True)

    assert report.dry_run and report.counts["created"] == 7
    assert row_counts() == (0, 0, 0)
    assert importer_ready == []


def test_event_reported_by_two_articles_is_one_event_with_two_citations(importer_ready):
    report = article_import([source("good.json"), source("second-report.json")])

    event = Event.objects.get(key="galati-drone")
    assert sorted(event.citations.values_list("article__slug", flat=True)) == [
        "drone-seen-over-galati",
        "galati-drone-what-we-know",
    ]
    assert report.file_counts["second-report.json"] == {"created": 2, "updated": 0, "unchanged": 0, "skipped": 0}


def test_two_files_disagreeing_about_one_event_are_rejected(importer_ready):
    data = json.loads((ARTICLE_DATA / "second-report.json").read_text(encoding="utf-8"))
    data["events"][0]["title"] = "Another title"

    with pytest.raises(ImportRefused, match=r"other\.json: events\[0\]: event 'galati-drone' is also in good\.json"):
        article_import([source("good.json"), as_source(data, "other.json")])


def test_same_key_twice_in_one_file_is_rejected(importer_ready):
    data = good_record()
    data["events"][1]["key"] = "galati-drone"

    with pytest.raises(ImportRefused, match=r"events\[1\]\.key: 'galati-drone' is already used by events\[0\]"):
        article_import([as_source(data)])


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"date": "2024-03", "date_precision": "day"}, "events[0].date: '2024-03' gives no day"),
        ({"date": "0000-01-01"}, "events[0].date: '0000-01-01' is not a real date"),
        ({"date": "2024-13"}, "events[0].date: '2024-13' is not a real date"),
        ({"date": "2024-03-01T10:00:00"}, "events[0].date: '2024-03-01T10:00:00' is not valid: When it happened"),
        ({"date": None, "date_precision": "year"}, "events[0].date_precision: given without a date"),
    ],
)
def test_dates_that_are_not_real_or_inconsistent_are_rejected(importer_ready, changes, expected):
    data = good_record()
    data["events"][0].update(changes)

    with pytest.raises(ImportRefused) as caught:
        article_import([as_source(data)])

    assert f"edited.json: {expected}" in str(caught.value)


def test_far_future_date_and_coarse_precision_are_accepted(importer_ready):
    data = good_record()
    data["events"][0].update(date="9999-12-31", date_precision="month")

    article_import([as_source(data)])

    event = Event.objects.get(key="galati-drone")
    assert (event.date, event.date_precision) == (date(9999, 12, 31), "month")


def test_located_point_is_never_more_precise_than_the_file_says(importer_ready):
    data = good_record()
    data["events"][0]["precision"] = "region"  # the geocoder answers at settlement level

    article_import([as_source(data)])

    assert Event.objects.get(key="galati-drone").precision == "region"


def test_duplicate_json_keys_are_rejected_not_silently_merged(importer_ready):
    text = (
        (ARTICLE_DATA / "good.json")
        .read_text(encoding="utf-8")
        .replace('"title": "Drone over Galați",', '"title": "Drone over Galați", "title": "Other",')
    )

    with pytest.raises(ImportRefused, match="the key 'title' appears twice"):
        article_import([("dup.json", text)])


def test_directory_stands_for_its_article_files_but_not_the_schema(tmp_path):
    (tmp_path / "b.json").write_text("{}", encoding="utf-8")
    (tmp_path / "a.json").write_text("{}", encoding="utf-8")
    (tmp_path / "article.schema.json").write_text("{}", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("", encoding="utf-8")

    names = [name for name, _ in article_sources_from_paths([tmp_path])]

    assert names == [str(tmp_path / "a.json"), str(tmp_path / "b.json")]


def test_missing_path_and_non_utf8_file_are_reported_together(tmp_path):
    (tmp_path / "latin1.json").write_bytes('{"title": "Bârsana"}'.encode("latin-1"))

    with pytest.raises(ImportRefused) as caught:
        article_sources_from_paths([tmp_path / "nope.json", tmp_path / "latin1.json"])

    assert [problem.message.split(" ")[0] for problem in caught.value.problems] == ["no", "not"]


def test_seed_article_imports_six_events_citing_its_own_sentences(importer_ready):
    report = article_import(article_sources_from_paths([SEED_FILE.parent]))

    article = Article.objects.get(slug="romania-ukraine-drones")
    assert report.counts["created"] == 13
    assert (article.url, article.publisher, article.published_on, article.country_hint) == (None, "", None, "RO")
    assert Event.objects.count() == 6
    for citation in Citation.objects.select_related("event"):
        assert citation.quote in article.text, citation.event.key
        assert citation.event.date is None
        assert citation.event.status == "published"
    campia = Event.objects.get(key="us-troops-campia-turzii")
    assert "Câmpia Turzii" in campia.title and "Cimbia Turzii" in campia.citations.get().quote
    border = Event.objects.get(kind__slug="drone-sighting")
    assert (border.latitude, border.precision, border.geocode_status) == (None, "region", "not_applicable")
    assert sum(event.attributes.get("us_troops", 0) for event in Event.objects.all()) == 1700
    assert sorted(name for name, _ in importer_ready) == [
        "Bârsana",
        "Câmpia Turzii",
        "Deveselu",
        "Mihail Kogălniceanu airbase",
    ]


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"title": None}, "events[0].title: None is not of type 'string'"),
        ({"title": "Drone\u0000"}, "events[0].title: contains a NUL character"),
        ({"attributes": {"note": "a\u0000b"}}, "events[0].attributes.note: contains a NUL character"),
        ({"attributes": {"range_km": float("nan")}}, "events[0].attributes.range_km: NaN is not a finite number"),
        ({"key": "Not a slug!"}, "events[0].key: Enter a valid “slug”"),
        ({"country_hint": "ro"}, "events[0].country_hint: 'ro' is not valid: ISO 3166-1 alpha-2"),
        ({"latitude": 45.0}, "events[0]: 'longitude' is a dependency of 'latitude'"),
        ({"status": "archived"}, "events[0].status: 'archived' is not one of ['published', 'draft']"),
    ],
)
def test_values_a_database_would_mangle_or_refuse_name_their_record_and_field(importer_ready, changes, expected):
    data = good_record()
    data["events"][0].update(changes)

    with pytest.raises(ImportRefused) as caught:
        article_import([as_source(data)])

    assert f"edited.json: {expected}" in str(caught.value)
    assert row_counts() == (0, 0, 0)


@pytest.mark.django_db(transaction=True)
def test_row_the_database_refuses_is_named_and_rolls_back_the_run(importer_ready, monkeypatch):
    real_save = Citation.save

    def refuse_tulcea(self, *args, **kwargs):
        if self.event.key == "tulcea-port":
            raise IntegrityError("CHECK constraint failed")
        real_save(self, *args, **kwargs)

    monkeypatch.setattr(Citation, "save", refuse_tulcea)

    with pytest.raises(ImportRefused, match=r"good\.json: events\[1\]: the database refused it"):
        article_import([source("good.json")])

    assert row_counts() == (0, 0, 0)


def test_reformatted_file_with_explicit_defaults_is_unchanged(importer_ready):
    article_import([source("good.json")])
    data = good_record()
    data["events"][0] = dict(reversed(list(data["events"][0].items())), status="published", country_hint="RO")

    report = article_import([("reformatted.json", json.dumps(data, indent=8, ensure_ascii=True))])

    assert report.counts["unchanged"] == 7


def test_article_found_by_slug_gains_its_url_in_place(importer_ready):
    data = good_record()
    data["article"].pop("url")
    article_import([as_source(data)])
    pk = Article.objects.get().pk

    report = article_import([source("good.json")])

    assert ("updated", "events.Article", "drone-seen-over-galati", "Drone seen over Galați") in report.rows
    assert Article.objects.get().pk == pk and Article.objects.get().url == "https://news.example.org/galati-drone"


def test_one_article_in_two_files_is_rejected(importer_ready):
    with pytest.raises(ImportRefused, match=r"copy\.json: article: the same article \(url https://news"):
        article_import([source("good.json"), as_source(good_record(), "copy.json")])
