"""The geocode, geocode_events and load_gazetteer commands as a user runs them."""

import json

import pytest
from django.core.management import CommandError, call_command

from events.models import Event, Place

pytestmark = pytest.mark.usefixtures("gazetteer")


def run(*args):
    from io import StringIO

    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_geocode_prints_ranked_candidates_with_coordinates_country_and_population():
    place = Place.objects.get(name="Bârsana", country_code="RO", feature_code="PPL")  # GeoNames' figures, not ours
    output = run("geocode", "Bârsana", "--country", "RO")
    assert f"1. Bârsana (RO, PPL) {place.latitude}, {place.longitude}  population {place.population:,}" in output


def test_geocode_json_per_name():
    lines = run("geocode", "--json", "Deveselu base", "Blorptown").splitlines()
    base, nonsense = (json.loads(line) for line in lines)
    assert base["result"]["name"] == "Deveselu Military Base"
    assert nonsense == {"query": "Blorptown", "country_hint": "", "result": None, "candidates": []}


def test_geocode_batch_gives_one_object_per_line_in_order(tmp_path):
    batch = tmp_path / "names.tsv"
    batch.write_text(
        "# name\tcountry hint\nKyiv\tUA\t50.45\t30.52\nQwxzv\t\nMihail Kogălniceanu\tRO\nBârsana\tRO\n",
        encoding="utf-8",
    )
    answers = [json.loads(line) for line in run("geocode", "--batch", str(batch), "--json").splitlines()]
    assert [a["query"] for a in answers] == ["Kyiv", "Qwxzv", "Mihail Kogălniceanu", "Bârsana"]
    kyiv, nonsense, ambiguous, barsana = answers
    assert set(kyiv) == {"query", "country_hint", "result", "candidates"}
    assert {"name", "latitude", "longitude", "country", "confidence", "match", "source"} <= set(kyiv["result"])
    assert (kyiv["country_hint"], kyiv["result"]["country"], kyiv["result"]["match"]) == ("UA", "UA", "exact")
    assert nonsense["result"] is None
    assert ambiguous["result"] is None and len(ambiguous["candidates"]) == 5  # declines, shows the candidates
    assert barsana["result"]["latitude"] == pytest.approx(47.81667)


def test_geocode_without_names_explains():
    with pytest.raises(CommandError, match="NAME"):
        run("geocode")


@pytest.fixture
def events(make_event):
    def pending(key, place_name, **fields):
        values = {"latitude": None, "longitude": None, "geocode_status": "pending", "country_hint": "RO"}
        return make_event(key=key, place_name=place_name, **(values | fields))

    return {
        "barsana": pending("barsana", "Bârsana"),
        "mk": pending("mk", "Mihail Kogălniceanu"),
        "unknown": pending("unknown", "Blorptown"),
        "earlier_miss": pending("earlier-miss", "Cimbia Turzii bases", geocode_status="not_found"),
        "manual": make_event(key="manual", place_name="Deveselu", geocode_status="manual"),
    }


def test_geocode_events_locates_pending_events_and_summarises(events):
    output = run("geocode_events")
    assert "1 needs_review, 1 not_found, 1 ok" in output
    states = dict(Event.objects.values_list("key", "geocode_status"))
    assert states == {
        "barsana": "ok",
        "mk": "needs_review",
        "unknown": "not_found",
        "earlier-miss": "not_found",
        "manual": "manual",
    }
    assert Event.objects.get(key="barsana").has_point
    assert not Event.objects.get(key="mk").has_point


def test_geocode_events_retry_failed_includes_earlier_misses(events):
    run("geocode_events", "--retry-failed", "--only-missing")
    assert Event.objects.get(key="earlier-miss").geocode_status == "ok"


def test_geocode_events_dry_run_saves_nothing(events):
    output = run("geocode_events", "--dry-run")
    assert "Dry run" in output
    assert set(Event.objects.values_list("geocode_status", flat=True)) == {"pending", "not_found", "manual"}


def test_geocode_says_a_border_area_is_not_pinned():
    assert "never pinned" in run("geocode", "near the border with Ukraine", "--country", "RO")
    answer = json.loads(run("geocode", "--json", "near the border with Ukraine"))
    assert answer["result"] is None


def test_geocode_declines_what_an_event_would_not_pin():
    """The command answers by the same rule as event_geocode: a candidate abroad is no result."""
    [tudora] = (json.loads(line) for line in run("geocode", "--json", "Tudora", "--country", "MD").splitlines())
    assert tudora["result"] is None
    assert tudora["candidates"][0]["country_code"] == "RO"
    assert "not pinned: The best candidate, Tudora (RO), is outside the hinted country MD" in run(
        "geocode", "Tudora", "--country", "MD"
    )
