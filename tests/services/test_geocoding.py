"""The geocoder on the names news writes: spellings, scripts, qualifiers, ambiguity, failures."""

import numpy as np
import pytest

from events.models import Event, Place, PlaceName
from events.services.distances import nearest_km
from events.services.gazetteer import name_normalize
from events.services.gazetteer_search import distance_km, gazetteer_cache_clear, query_parse
from events.services.geocoding import (
    GazetteerGeocoder,
    event_geocode,
    place_reverse,
    place_search,
    point_suspicion,
)
from events.services.locating import event_locate
from events.services.place_names import spelling_variants

BARSANA = (47.81667, 24.06667)  # GeoNames 684770
MK_AIR_BASE = (44.3622, 28.4883)  # airportsdata LRCK
CAMPIA_TURZII_AIR_BASE = (46.5023, 23.8859)  # airportsdata LRCT
DEVESELU_BASE = (44.078667, 24.413417)

pytestmark = pytest.mark.usefixtures("gazetteer")


def km_from(candidate, truth):
    return distance_km(candidate.latitude, candidate.longitude, *truth)


@pytest.mark.parametrize(
    ("name", "truth"),
    [
        ("Bârsana", BARSANA),
        ("Barsana", BARSANA),
        ("Bîrsana", BARSANA),
        ("BÂRSANA", BARSANA),
        ("the village of Bârsana", BARSANA),
        ("Cimbia Turzii", CAMPIA_TURZII_AIR_BASE),
        ("Cimbia Turzii bases", CAMPIA_TURZII_AIR_BASE),
        ("Mihail Kogalniceanu airbase", MK_AIR_BASE),
        ("Mihail Kogălniceanu air base", MK_AIR_BASE),
        ("Deveselu", DEVESELU_BASE),
        ("Deveselu base", DEVESELU_BASE),
    ],
)
def test_seed_article_places_resolve_within_10_km(name, truth, settings):
    best = place_search(name, "RO")[0]
    assert km_from(best, truth) < 10
    assert best.confidence >= settings.MAPPER_GEOCODE_MIN_CONFIDENCE


def test_misspelling_is_matched_fuzzily_and_said_so():
    best = place_search("Cimbia Turzii", "RO")[0]
    assert (best.name, best.match) == ("Câmpia Turzii", "fuzzy")
    assert best.confidence < place_search("Câmpia Turzii", "RO")[0].confidence


def test_a_misspelling_with_a_cue_word_finds_the_place_of_the_type_the_cue_asks_for():
    # Without the cue the misspelling is the town (a settlement, more people); "Cimbia Turzii bases" is the base.
    assert place_search("Cimbia Turzii")[0].feature_code != "AIRB"
    best = place_search("Cimbia Turzii", wanted=("AIRB", "MILB"))[0]
    assert (best.name, best.match) == ("Câmpia Turzii Air Base", "fuzzy")


@pytest.mark.parametrize("cutoff", [85, 90])
def test_the_fuzzy_pool_leaves_out_only_lengths_that_cannot_reach_the_cutoff(cutoff):
    from rapidfuzz import fuzz

    from events.services.gazetteer_search import _lengths_within_reach

    for length in range(5, 40):
        reach = _lengths_within_reach(length, cutoff)
        for other in range(1, 80):
            best_ratio = fuzz.ratio("a" * length, "a" * other)  # all of the shorter name matched
            assert (best_ratio >= cutoff) <= (other in reach), (length, other)


def test_airbase_resolves_to_the_base_not_a_village_of_that_name():
    best = place_search("Mihail Kogălniceanu airbase", "RO")[0]
    assert best.feature_code == "AIRB"
    assert best.name == "Mihail Kogălniceanu Air Base"
    assert best.precision == "near"


def test_cyrillic_spelling_finds_the_city():
    best = place_search("Київ")[0]
    assert (best.name, best.country_code) == ("Kyiv", "UA")


def test_cedilla_and_comma_below_spellings_are_one_name():
    assert name_normalize("Timişoara") == name_normalize("Timișoara") == "timisoara"
    assert name_normalize("Constanţa") == name_normalize("Constanța") == "constanta"
    assert place_search("Constanţa", "RO")[0].name == place_search("Constanța", "RO")[0].name


def test_an_abbreviated_generic_word_finds_the_name_written_out_and_the_other_way():
    for name in ("Saint Varo", "Mt Tessa"):
        place = Place.objects.create(name=name, ascii_name=name, latitude=45.5, longitude=25.5, country_code="RO")
        PlaceName.objects.create(place=place, normalized=name_normalize(name), is_primary=True)
    gazetteer_cache_clear()
    assert [place_search(written)[0].name for written in ("St. Varo", "Mount Tessa")] == ["Saint Varo", "Mt Tessa"]
    assert place_search("Varo St") == []  # a final "St" is a street's, not a saint's


def test_the_nearest_of_many_points_is_measured_as_one_point_is():
    # the geoparser's coherence: Bucharest against Constanța, Cluj-Napoca and Chișinău at once
    lats, lons = np.array([44.18, 46.77, 47.01]), np.array([28.65, 23.60, 28.86])
    nearest = nearest_km(44.43, 26.10, lats, lons)
    assert nearest == pytest.approx(
        min(distance_km(44.43, 26.10, a, b) for a, b in zip(lats, lons, strict=True)), rel=1e-9
    )
    assert 200 < nearest < 230  # Constanța, about 205 km


def test_a_crafted_name_of_many_saints_asks_for_a_few_spellings_not_millions():
    # each abbreviated word doubles the spellings: twenty would ask the database for a million of them
    assert len(spelling_variants("st " * 20 + "varo")) <= 4
    assert sorted(spelling_variants("st marys mt pleasant")) == [
        "saint marys mount pleasant", "saint marys mt pleasant", "st marys mount pleasant", "st marys mt pleasant",
    ]  # fmt: skip
    assert place_search("St. " * 60 + "Varo") == []


@pytest.mark.parametrize(
    ("name", "feature_code", "precision", "country_code"),
    [
        ("Romania", "PCLI", "country", "RO"),
        ("Tulcea County", "ADM1", "region", "RO"),
        ("Maramureș", "ADM1", "region", "RO"),
        ("Odesa region", "ADM1", "region", "UA"),
        ("Ukraine's Odesa region", "ADM1", "region", "UA"),
    ],
)
def test_countries_and_provinces_resolve_to_areas(name, feature_code, precision, country_code):
    best = place_search(name)[0]
    assert (best.feature_code, best.precision, best.country_code) == (feature_code, precision, country_code)


def test_a_bare_name_means_the_town_rather_than_its_county():
    best = place_search("Tulcea", "RO")[0]
    assert best.feature_code == "PPL"


@pytest.mark.parametrize("name", ["Blorptown", "Qwxzv", "Zzyzzyxx", "", "   "])
def test_nonsense_names_are_declined(name):
    assert place_search(name, "RO") == []


def test_candidates_are_ranked_with_runners_up_and_confidence():
    candidates = place_search("Mihail Kogălniceanu", "RO", limit=10)
    assert len(candidates) >= 5
    assert [c.confidence for c in candidates] == sorted((c.confidence for c in candidates), reverse=True)
    assert all(0 <= c.confidence <= 1 for c in candidates)


def test_context_of_the_articles_other_places_favours_the_nearby_namesake():
    tulcea_county_village = (45.03333, 28.73333)
    best = place_search("Mihail Kogălniceanu", "RO", context=[(45.05, 28.7)])[0]
    assert km_from(best, tulcea_county_village) < 1


def test_country_hint_prefers_the_country_named():
    assert place_search("Odessa", "UA")[0].country_code == "UA"


def test_reverse_gives_the_nearest_place_and_its_distance():
    nearest = place_reverse(47.81, 24.07)
    assert nearest.name == "Bârsana"
    assert nearest.distance_km < 2
    assert nearest.match == "reverse"


def test_reverse_in_the_open_sea_finds_nothing():
    assert place_reverse(43.4, 32.0, max_km=20) is None


def test_gazetteer_is_a_geopy_geocoder_returning_locations():
    location = GazetteerGeocoder().geocode("Bârsana", country_codes="RO")
    assert (round(location.latitude, 3), round(location.longitude, 3)) == (47.817, 24.067)
    assert location.raw["source"] == "gazetteer"
    assert GazetteerGeocoder().geocode("Blorptown") is None


def test_query_words_are_understood():
    query = query_parse("near the border with Ukraine", "RO")
    assert (query.core, query.border, query.near) == ("ukraine", True, True)
    assert query_parse("Mihail Kogălniceanu airbase").wanted >= {"AIRB"}
    assert query_parse("Tulcea County").wanted == {"ADM1"}


# --- event_geocode ------------------------------------------------------------------


def test_event_geocoded_with_point_precision_source_and_confidence(pending_event):
    event = pending_event("Bârsana")
    event_geocode(event)
    assert event.geocode_status == Event.GeocodeStatus.OK
    assert km_from(event, BARSANA) < 1
    assert event.precision == "settlement"
    assert event.geocode_source == "gazetteer"
    assert event.geocode_confidence >= 0.6
    assert event.geocoded_at is not None
    assert event.geocode_attempts == 1
    event.full_clean()


def test_ambiguous_name_needs_review_with_candidates_and_no_pin(pending_event):
    event = pending_event("Mihail Kogălniceanu")
    event_geocode(event)
    assert event.geocode_status == Event.GeocodeStatus.NEEDS_REVIEW
    assert not event.has_point
    assert len(event.geocode_candidates) >= 5
    assert {c["name"] for c in event.geocode_candidates} >= {"Mihail Kogălniceanu"}
    assert "confidence" in event.geocode_reason


def test_unknown_name_is_not_found_with_a_reason(pending_event):
    event = pending_event("Blorptown")
    event_geocode(event)
    assert event.geocode_status == Event.GeocodeStatus.NOT_FOUND
    assert "Blorptown" in event.geocode_reason
    assert not event.has_point


def test_border_area_is_never_pinned(pending_event):
    event = pending_event("near the border with Ukraine")
    event_geocode(event)
    assert event.geocode_status == Event.GeocodeStatus.NOT_APPLICABLE
    assert not event.has_point
    assert event.precision == "region"


def test_article_country_hint_is_used_when_the_event_has_none(pending_event):
    event = pending_event("Barsana", country_hint="")  # the citing article's hint is RO
    event_geocode(event)
    assert event.geocode_status == Event.GeocodeStatus.OK
    assert km_from(event, BARSANA) < 1


def test_a_second_attempt_counts(pending_event):
    event = pending_event("Blorptown")
    event_geocode(event)
    event_geocode(event)
    assert event.geocode_attempts == 2


@pytest.mark.parametrize(
    "name", ["Bâr\x00sana", "<script>alert(1)</script>", "x" * 5000, "'; DROP TABLE events_place; --"]
)
def test_hostile_names_are_just_names(name):
    for candidate in place_search(name, "RO"):
        assert candidate.confidence <= 1
    assert place_search("Bârsana", "RO")  # the tables are still there


def test_an_answer_outside_the_hinted_country_is_never_pinned(pending_event):
    event = pending_event("Kyiv", country_hint="RO")
    event_geocode(event)
    assert event.geocode_status == Event.GeocodeStatus.NEEDS_REVIEW
    assert not event.has_point
    assert "outside the hinted country RO" in event.geocode_reason
    assert event.geocode_candidates[0]["country_code"] == "UA"


def test_tudora_with_a_moldovan_hint_is_not_pinned_in_romania(pending_event):
    """The only Tudora in the gazetteer is in Romania; an article about Moldova must not get it silently."""
    event = pending_event("Tudora", country_hint="MD")
    event_geocode(event)
    assert (event.geocode_status, event.has_point) == (Event.GeocodeStatus.NEEDS_REVIEW, False)
    assert "Tudora (RO), is outside the hinted country MD; no candidate is in MD" in event.geocode_reason


def test_the_hint_outranks_population_abroad():
    # Cremenciug, a Moldovan village of 1,094, against Kremenchuk, a Ukrainian city of 225,000.
    best, runner_up = place_search("Kremenchug", "MD")[:2]
    assert (best.country_code, runner_up.country_code) == ("MD", "UA")
    assert best.confidence > runner_up.confidence


def test_a_country_named_outright_is_pinned_whatever_the_hint(pending_event):
    event = pending_event("Ukraine", country_hint="RO")
    event_geocode(event)
    assert event.geocode_status == Event.GeocodeStatus.OK
    assert event.precision == "country"


@pytest.mark.parametrize(
    ("latitude", "longitude", "words"),
    [(0.0, 0.0, "Null Island"), (0.004, -0.003, "Null Island"), (38.0, -97.0, "MaxMind"), (45.5, 0.0, "exactly 0")],
)
def test_bad_geocode_defaults_are_suspect(latitude, longitude, words):
    assert words in point_suspicion(latitude, longitude)


def test_real_places_are_not_suspect():
    assert point_suspicion(*BARSANA) == ""
    assert point_suspicion(None, None) == ""


def test_a_null_island_point_from_any_door_needs_review(make_event):
    event = make_event(latitude=0.0, longitude=0.0, geocode_status="manual")
    event_locate(event)
    assert event.geocode_status == Event.GeocodeStatus.NEEDS_REVIEW
    assert "Null Island" in event.geocode_reason
    assert event.has_point  # kept for the reviewer to see, not silently dropped


def test_a_point_set_by_hand_abroad_keeps_its_status_and_says_where_it_is(make_event):
    event = make_event(latitude=47.17, longitude=27.6, country_hint="MD", geocode_status="manual")  # Iași, RO
    event_locate(event)
    assert event.geocode_status == Event.GeocodeStatus.MANUAL
    assert event.geocode_reason == "Set by hand in Romania (RO), outside the hinted country MD."
