"""`manage.py import_articles`: what an operator sees and what ends up in the database."""

import json
import os
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from events.management.commands.import_articles import Command
from events.models import Article, Citation, Event
from tests.conftest import ARTICLE_DATA

GOOD = str(ARTICLE_DATA / "good.json")
SEED_DIR = str(ARTICLE_DATA.parents[2] / "fixtures" / "articles")


def run(*args, **options):
    out, err = StringIO(), StringIO()
    call_command("import_articles", *args, stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def row_counts():
    return (Article.objects.count(), Event.objects.count(), Citation.objects.count())


def test_import_reports_counts_per_file_and_in_total_then_nothing_changes_on_rerun(importer_ready):
    out, _ = run(GOOD)

    assert f"{GOOD}: 7 created, 0 updated, 0 unchanged, 0 skipped" in out
    assert "Imported 1 file(s): 7 created, 0 updated, 0 unchanged, 0 skipped" in out

    importer_ready.clear()
    out, _ = run(GOOD)

    assert "Imported 1 file(s): 0 created, 0 updated, 7 unchanged, 0 skipped" in out
    assert importer_ready == []
    assert row_counts() == (1, 3, 3)


def test_seed_directory_imports_the_six_seed_events_and_skips_the_schema(importer_ready):
    out, _ = run(SEED_DIR)

    assert "romania-ukraine-drones.json: 13 created" in out
    assert "schema" not in out
    assert Event.objects.count() == 6


def test_bad_file_lists_every_problem_exits_non_zero_and_writes_nothing(importer_ready):
    run(str(ARTICLE_DATA / "second-report.json"))
    before = row_counts()
    out, err = StringIO(), StringIO()

    with pytest.raises(CommandError, match=r"2 problem\(s\) found; nothing was imported") as caught:
        call_command(
            "import_articles",
            GOOD,
            str(ARTICLE_DATA / "bad-latitude-200.json"),
            str(ARTICLE_DATA / "bad-javascript-url.json"),
            stdout=out,
            stderr=err,
        )

    assert caught.value.returncode == 1
    assert "bad-latitude-200.json: events[1].latitude: 200 is greater than the maximum of 90" in err.getvalue()
    assert "bad-javascript-url.json: article.url: Enter a valid URL." in err.getvalue()
    assert out.getvalue() == ""
    assert row_counts() == before


def test_dry_run_shows_what_would_change_and_writes_nothing(importer_ready):
    out, _ = run(GOOD, dry_run=True)

    assert "created   event    galati-drone: Drone over Galați" in out
    assert "Dry run, nothing was written. Would be: 7 created" in out
    assert row_counts() == (0, 0, 0)
    assert importer_ready == []


def test_staff_edits_survive_unless_overwrite_is_given(importer_ready, tmp_path):
    run(GOOD)
    Event.objects.filter(key="tulcea-port").update(title="Fixed by staff", staff_edited=True)
    data = json.loads((ARTICLE_DATA / "good.json").read_text(encoding="utf-8"))
    data["events"][1]["description"] = "Changed in the file."
    changed = tmp_path / "good.json"
    changed.write_text(json.dumps(data), encoding="utf-8")

    out, err = run(str(changed))

    assert "events[1]: event 'tulcea-port' was edited by staff" in err
    assert "1 skipped" in out
    assert Event.objects.get(key="tulcea-port").title == "Fixed by staff"

    out, err = run(str(changed), overwrite=True)

    assert err == "" and "1 updated" in out
    assert Event.objects.get(key="tulcea-port").title == "Ships waiting at Tulcea"


def test_verbosity_zero_prints_nothing_and_two_lists_every_row(importer_ready):
    out, _ = run(GOOD, verbosity=0)
    assert out == ""

    out, _ = run(GOOD, verbosity=2)
    assert "unchanged citation drone-seen-over-galati/galati-drone: Drone over Galați" in out


def test_missing_path_is_an_error():
    with pytest.raises(CommandError):
        run(str(ARTICLE_DATA / "does-not-exist.json"))


def test_help_explains_the_options():
    text = " ".join(Command().create_parser("manage.py", "import_articles").format_help().split())

    assert "--dry-run" in text and "--overwrite" in text and "nothing is written" in text


def test_a_utf8_file_with_a_byte_order_mark_imports_as_in_the_admin(importer_ready, tmp_path):
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + (ARTICLE_DATA / "good.json").read_bytes())

    out, _ = run(str(path))

    assert "7 created" in out and Article.objects.get().title == "Drone seen over Galați"


def test_a_fifo_in_the_folder_is_refused_by_name_and_nothing_is_imported(importer_ready, tmp_path):
    (tmp_path / "a.json").write_bytes((ARTICLE_DATA / "good.json").read_bytes())
    os.mkfifo(tmp_path / "b.json")
    err = StringIO()

    with pytest.raises(CommandError, match=r"1 problem\(s\) found; nothing was imported"):
        call_command("import_articles", str(tmp_path), stdout=StringIO(), stderr=err)

    assert f"{tmp_path / 'b.json'}: is a named pipe (FIFO), not a regular file" in err.getvalue()
    assert row_counts() == (0, 0, 0)


@pytest.mark.parametrize("depth", [980, 5000])
def test_values_nested_too_deeply_are_one_problem_line_not_a_traceback(importer_ready, tmp_path, depth):
    text = json.dumps(json.loads((ARTICLE_DATA / "good.json").read_text(encoding="utf-8")))
    path = tmp_path / "deep.json"
    path.write_text(text.replace('{"patrols": "reinforced"}', '{"x": ' + "[" * depth + "]" * depth + "}"), "utf-8")
    assert "[[[[" in path.read_text(encoding="utf-8")
    err = StringIO()

    with pytest.raises(CommandError, match=r"1 problem\(s\) found"):
        call_command("import_articles", str(path), stdout=StringIO(), stderr=err)

    # Either the stored-value gate refuses it (more than 32 levels) or, deeper than Python's parser
    # goes, the reader does: one line naming the file either way.
    (line,) = err.getvalue().splitlines()
    assert line.startswith(f"{path}: ") and "nested" in line
