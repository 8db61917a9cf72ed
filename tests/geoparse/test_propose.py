"""Proposal rules, and the seed article's six events (the issue's criterion)."""

import json
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings

from events.geoparse.propose import article_proposals
from events.models import Event, EventKind
from events.services.gazetteer_search import distance_km
from events.services.importing import article_import

SEED_FILE = Path(settings.BASE_DIR) / "fixtures" / "articles" / "romania-ukraine-drones.json"


@pytest.fixture
def seed_text():
    return json.loads(SEED_FILE.read_text(encoding="utf-8"))["article"]["text"]


def propose(text, **options):
    options.setdefault("title", "Test article")
    return article_proposals(text, **options).as_article_file()["events"]


def test_the_seed_article_gives_its_six_events(gazetteer, kinds, seed_text):
    events = propose(seed_text, country_hint="RO")
    by_kind = sorted((e["kind"], e["place_name"]) for e in events)
    assert len(events) == 6, by_kind
    bases = {e["place_name"]: e for e in events if e["kind"] == "military-base"}
    expected = {
        "Mihail Kogălniceanu": (44.3622, 28.4883),
        "Deveselu": (44.0787, 24.4134),
        "Câmpia Turzii": (46.5023, 23.8859),
    }
    for name, (latitude, longitude) in expected.items():
        [event] = [e for base_name, e in bases.items() if name in base_name]
        assert distance_km(latitude, longitude, event["latitude"], event["longitude"]) < 10
    [village] = [e for e in events if e["kind"] == "border-village"]
    assert village["place_name"] == "Bârsana" and village["precision"] == "settlement"
    assert village["quote"].startswith('"We’ve always known this area was a flashpoint," said a farmer')
    [drone] = [e for e in events if e["kind"] == "drone-sighting"]
    assert drone["area"] == {"border": ["RO", "UA"]} and "latitude" not in drone
    assert drone["quote"].endswith("a drone was spotted near the border with Ukraine.")
    [production] = [e for e in events if e["kind"] == "production-site"]
    assert production["area"] == {"country": "RO"} and production["precision"] == "country"
    assert production["quote"].startswith("Romania is set to embark")
    assert all("date" not in e for e in events)  # the article gives no date: none is invented
    assert not any("Lungesku" in e["place_name"] or "Lungesku" in e["title"] for e in events)
    assert all(e["status"] == "draft" for e in events)


def test_figures_become_attributes(gazetteer, kinds, seed_text):
    events = propose(seed_text, country_hint="RO")
    with_figures = [e for e in events if "us_troops" in e.get("attributes", {})]
    assert [e["attributes"]["us_troops"] for e in with_figures] == [1700]


def test_figures_with_an_adjective_and_a_nationality(gazetteer, kinds):
    [event] = propose("The United States will station 1,000 additional U.S. soldiers at a base near Galați.")
    assert event["attributes"]["us_troops"] == 1000


def test_the_proposals_import_as_drafts_with_the_existing_importer(gazetteer, kinds, seed_text):
    data = article_proposals(seed_text, title="Romania and Ukraine", country_hint="RO").as_article_file()
    report = article_import([("proposals.json", json.dumps(data, ensure_ascii=False))])
    assert report.counts["created"] == 1 + 6 + 6  # the article, six events, six citations
    assert Event.objects.filter(status=Event.Status.DRAFT).count() == 6
    assert not Event.objects.published().exists()


def test_kind_comes_from_cue_words_staff_can_change(gazetteer, kinds):
    text = "A balloon was spotted over Galați."
    assert propose(text)[0]["kind"] == "other"
    kind = EventKind.objects.get(slug="drone-sighting")
    kind.cue_words = "drone, balloon\nspotted"
    kind.save()
    assert propose(text)[0]["kind"] == "drone-sighting"


def test_drone_sightings_are_drone_sightings(gazetteer, kinds):
    assert propose("Drone sightings over Galați worried residents.")[0]["kind"] == "drone-sighting"


def test_near_x_is_near_precision(gazetteer, kinds):
    [event] = propose("A drone was spotted near Galați.")
    assert event["precision"] == "near" and "latitude" in event


def test_a_country_is_its_area_never_a_pin(gazetteer, kinds):
    [event] = propose("A drone was shot down over Moldova.")
    assert event["area"] == {"country": "MD"} and "latitude" not in event


def test_a_demonym_places_the_event_only_when_nothing_else_does(gazetteer, kinds):
    [event] = propose("A Ukrainian drone was spotted near Galați.")
    assert event["place_name"] in ("Galați", "Galaţi") and "latitude" in event
    [alone] = propose("A Ukrainian drone was shot down, officials said.")
    assert alone["area"] == {"country": "UA"}


def test_a_partner_is_not_where_it_happens(gazetteer, kinds):
    [event] = propose("Romania signed a production deal with Ukraine.")
    assert event["area"] == {"country": "RO"}


def test_a_country_the_event_happens_in_comes_before_the_subject(gazetteer, kinds):
    [event] = propose("Moldova will deploy more troops to Romania.")
    assert event["area"] == {"country": "RO"}


def test_a_border_named_by_a_demonym_is_the_border_line(gazetteer, kinds):
    [event] = propose("Border villages lie a few kilometres from the Ukrainian border.", country_hint="RO")
    assert event["area"] == {"border": ["RO", "UA"]} and "latitude" not in event


def test_a_capital_that_speaks_is_its_government_not_a_place(gazetteer, kinds):
    assert propose("Bucharest initially denied that a drone had crashed.") == []
    [event] = propose("A drone crashed near Bucharest.")
    assert event["place_name"] == "Bucharest"


def test_sentences_without_a_kind_and_only_countries_propose_nothing(gazetteer, kinds):
    assert propose("Romania and Ukraine share values. Moldova agreed.") == []


def test_same_place_and_kind_merge_and_keep_the_first_quote(gazetteer, kinds):
    events = propose(
        "A drone was spotted near Galați. Another drone was seen near Galați on Sunday.", published_on=date(2026, 3, 16)
    )
    [event] = events
    assert event["quote"] == "A drone was spotted near Galați."
    assert event["date"] == "2026-03-15"  # the second sentence's date is kept
    assert "2 sentences" in event["description"]


def test_the_date_is_relative_to_the_articles(gazetteer, kinds):
    [event] = propose("A drone fell near Galați on Sunday.", published_on=date(2026, 3, 16))
    assert (event["date"], event["date_precision"]) == ("2026-03-15", "day")
    [undated] = propose("A drone fell near Galați on Sunday.")
    assert "date" not in undated


def test_a_dateline_is_where_the_story_was_filed_not_where_it_happened(gazetteer, kinds):
    [event] = propose("CHIȘINĂU — A drone was spotted near Galați on Sunday.")
    assert event["place_name"] in ("Galați", "Galaţi")


def test_a_division_beside_its_town_is_not_a_second_event(gazetteer, kinds):
    events = propose("A drone was spotted near Tulcea, in Tulcea County.")
    assert [e["precision"] for e in events] == ["near"]


def test_a_state_beside_its_county_is_not_a_second_event(kinds, make_place):
    make_place("Quell County", feature_class="A", feature_code="ADM2", country_code="US", admin1_code="IL",
               population=200_000)  # fmt: skip
    make_place("Brasklandia", feature_class="A", feature_code="ADM1", country_code="US", admin1_code="IL",
               population=12_000_000)  # fmt: skip
    events = propose("A battery factory planned for Quell County will bring jobs to central Brasklandia.")
    assert [e["place_name"] for e in events] == ["Quell County"]


def test_a_place_the_gazetteer_lacks_is_proposed_by_name_without_a_pin(gazetteer, kinds):
    [event] = propose("In March, a drone fell near the village of Zzyxtown, killing two farmers.")
    assert event["place_name"] == "Zzyxtown" and event["precision"] == "unknown"
    assert "latitude" not in event and "area" not in event


def test_a_building_guessed_from_the_story_s_town_is_proposed_by_name_without_a_pin(kinds, make_place):
    make_place("Quellin", population=300_000)
    [event] = propose("QUELLIN — A drone was seen over City Hall on Sunday, police said.")
    assert (event["kind"], event["place_name"], event["precision"]) == ("drone-sighting", "City Hall", "unknown")
    assert "latitude" not in event


def test_a_village_the_gazetteer_lacks_is_never_pinned_on_the_story_s_town(kinds, make_place):
    make_place("Quellin", population=300_000)
    text = "A drone was seen over the village of Przewodów. Farmers from Quellin reported it to Quellin police."
    [event] = [e for e in propose(text) if e["kind"] == "drone-sighting"]
    assert event["place_name"] == "Przewodów" and event["precision"] == "unknown"
    assert "latitude" not in event


def test_where_people_come_from_is_not_where_it_happens(kinds, make_place):
    make_place("Quellin", population=300_000, latitude=45.0)
    make_place("Brask", population=90_000, latitude=45.2)
    events = propose("A drone was spotted over Quellin. Officers from Brask searched the fields.")
    assert [(e["kind"], e["place_name"]) for e in events] == [("drone-sighting", "Quellin")]
    [event] = propose("A drone was spotted by farmers from Brask.")  # nothing else locates it
    assert event["place_name"] == "Brask"
