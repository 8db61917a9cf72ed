"""make setup creates the default kinds when missing and never resets what staff edited."""

import io
from pathlib import Path

from django.core.management import call_command

from events.models import EventKind


def run(*args):
    out = io.StringIO()
    call_command("load_default_kinds", *args, stdout=out)
    return out.getvalue()


def test_creates_the_default_kinds_on_an_empty_database(db):
    EventKind.objects.all().delete()
    assert "Created 5 default kind(s)" in run()
    assert EventKind.objects.get(slug="military-base").name == "Military base"


def test_a_staff_edited_kind_survives_setup_run_again(db):
    EventKind.objects.all().delete()
    run()
    EventKind.objects.filter(slug="military-base").update(name="Bases (NATO)", colour="#123456")
    EventKind.objects.filter(slug="other").delete()

    assert "Created 1 default kind(s): other" in run()

    edited = EventKind.objects.get(slug="military-base")
    assert (edited.name, edited.colour) == ("Bases (NATO)", "#123456")
    assert EventKind.objects.filter(slug="other").exists()


def test_dry_run_creates_nothing(db):
    EventKind.objects.all().delete()
    assert "Would create 5 default kind(s)" in run("--dry-run")
    assert not EventKind.objects.exists()


def test_setup_does_not_reload_the_kinds_fixture():
    """The Makefile's setup target calls the command, not loaddata (which overwrites edits)."""
    makefile = (Path(__file__).resolve().parents[2] / "Makefile").read_text()
    setup = makefile.split("\nsetup:", 1)[1].split("\n\n", 1)[0]
    assert "load_default_kinds" in setup and "loaddata" not in setup
