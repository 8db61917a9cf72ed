"""Each resolution signal decides a case on its own, on invented places."""

import re

import pytest

from events.geoparse.recognise import mentions_for_spans, recognise
from events.geoparse.resolve import resolve


def best(text, hint="", phrase=None):
    """The resolution of the first mention of ``phrase`` (default: the first mention)."""
    resolutions = resolve(recognise(text), hint)
    found = [r for r in resolutions if phrase is None or r.mention.phrase == phrase]
    return found[0]


def test_population_decides_between_namesakes(make_place):
    make_place("Zorvia", country_code="XA", population=500_000, latitude=10)
    make_place("Zorvia", country_code="XB", population=2_000, latitude=20)
    resolution = best("They met in Zorvia.")
    assert resolution.best.row.country_code == "XA"
    assert resolution.best.evidence["population"] > resolution.runners_up[0].evidence["population"]


def test_a_country_outranks_a_bigger_town_of_its_name(make_place):
    make_place("Georgiana", feature_class="A", feature_code="PCLI", country_code="GG", population=3_700_000)
    make_place(
        "Georgiana", feature_class="A", feature_code="ADM1", country_code="US", admin1_code="GA", population=10_000_000
    )
    assert best("Troops left Georgiana.").best.row.feature_code == "PCLI"


def test_the_country_hint_is_focus(make_place):
    make_place("Brask", country_code="XA", population=40_000, latitude=10)
    make_place("Brask", country_code="XB", population=60_000, latitude=20)
    resolution = best("Fighting near Brask.", hint="XA")
    assert resolution.best.row.country_code == "XA"
    assert resolution.best.evidence["focus"] > 0


def test_the_articles_confident_places_are_focus_without_a_hint(make_place):
    make_place("Xandria", feature_class="A", feature_code="PCLI", country_code="XA", population=9_000_000)
    make_place("Brask", country_code="XA", population=40_000, latitude=10)
    make_place("Brask", country_code="XB", population=60_000, latitude=20)
    assert best("Xandria’s army shelled Brask. In Brask, people fled.", phrase="Brask").best.row.country_code == "XA"


def test_city_comma_state_is_containment(make_place):
    make_place("Alexandria", country_code="US", admin1_code="VA", population=150_000, latitude=38.8, longitude=-77)
    make_place("Alexandria", country_code="US", admin1_code="LA", population=45_000, latitude=31.3, longitude=-92.4)
    make_place("Louisiana", feature_class="A", feature_code="ADM1", country_code="US", admin1_code="LA",
               population=4_000_000, latitude=31, longitude=-92)  # fmt: skip
    resolution = best("A plant in Alexandria, Louisiana, closed.", phrase="Alexandria")
    assert resolution.best.row.admin1_code == "LA"
    assert resolution.best.evidence["container"] > 0


def test_a_division_the_article_names_holds_its_towns(make_place):
    make_place("Alexandria", country_code="US", admin1_code="VA", population=150_000, latitude=38.8, longitude=-77)
    make_place("Alexandria", country_code="US", admin1_code="LA", population=45_000, latitude=31.3, longitude=-92.4)
    make_place("Rapides Parish", feature_class="A", feature_code="ADM2", country_code="US", admin1_code="LA",
               population=130_000, latitude=31.2, longitude=-92.5)  # fmt: skip
    text = "Rapides Parish officials met. The mayor of Alexandria spoke."
    assert best(text, phrase="Alexandria").best.row.admin1_code == "LA"


def test_the_feature_type_a_cue_asks_for(make_place):
    make_place("Brask", population=80_000)
    make_place("Brask Air Base", alternates=["Brask"], feature_class="S", feature_code="AIRB", population=0)
    resolution = best("Jets left the Brask airbase.")
    assert resolution.best.row.feature_code == "AIRB"
    assert resolution.best.evidence["cue"] > 0


def test_coherence_with_the_articles_other_places(make_place):
    make_place("Quellin", population=900_000, latitude=45, longitude=25)
    make_place("Tovan", population=30_000, latitude=45.1, longitude=25.1)
    make_place("Tovan", population=50_000, latitude=-30, longitude=140)
    resolution = best("From Quellin the road goes to Tovan.", phrase="Tovan")
    assert resolution.best.row.latitude == 45.1
    assert resolution.best.evidence["coherence"] > 0


def test_a_big_city_named_like_its_division_is_the_city(make_place):
    make_place(
        "Yorkton", feature_class="A", feature_code="ADM1", country_code="US", admin1_code="NY", population=19_000_000
    )
    make_place("Yorkton", country_code="US", admin1_code="NY", population=8_800_000)
    assert best("Rents rose in Yorkton.").best.row.feature_code == "PPL"


def test_a_place_s_own_name_outweighs_another_place_s_alternate(make_place):
    make_place("Harrow Major", alternates=["Salisbrook"], population=1_500_000, latitude=-17)
    make_place(
        "Salisbrook", alternates=["Sarum"], population=150_000, latitude=51
    )  # as many names: only "name" differs
    assert best("The cathedral in Salisbrook.").best.row.name == "Salisbrook"


def test_a_widely_known_place_outranks_a_namesake_of_its_size(make_place):
    make_place("Vendra", alternates=["Vendrig", "Wendra", "Vendrë", "Venderburg", "Vendrino"], population=50_000)
    make_place("Vendra", country_code="XB", population=60_000, latitude=20)
    resolution = best("Tourists crowd Vendra.")
    assert resolution.best.row.country_code == "XA"
    assert resolution.best.evidence["known"] > resolution.runners_up[0].evidence["known"]


def test_only_the_capital_itself_gets_the_capital_s_weight(make_place, monkeypatch):
    monkeypatch.setattr("events.geoparse.resolve._capitals", lambda: frozenset({("XA", "brask")}))
    make_place("Brask", population=700_000, latitude=10)
    make_place("Brask", population=20_000, latitude=30)
    make_place("Brask", country_code="XB", population=90_000, latitude=50)
    resolution = best("A crowd gathered in Brask.")
    assert resolution.best.row.latitude == 10
    by_latitude = {choice.row.latitude: choice for choice in [resolution.best, *resolution.runners_up]}
    assert by_latitude[30].evidence["type"] == 0.0 < by_latitude[10].evidence["type"]


def test_demonyms_and_abbreviations_resolve_to_the_country_point(make_place):
    make_place("Ukraine", feature_class="A", feature_code="PCLI", country_code="UA", population=40_000_000, latitude=49)
    make_place("United States", feature_class="A", feature_code="PCLI", country_code="US", population=330_000_000)
    text = "Ukrainian and U.S. officials met."
    [ukrainian, us] = resolve(recognise(text))
    assert (ukrainian.best.row.name, ukrainian.best.row.latitude) == ("Ukraine", 49)
    assert us.best.row.name == "United States"


def test_always_the_best_candidate_with_a_confidence_and_runners_up(make_place):
    for country in ("XA", "XB", "XC"):
        make_place("Brask", country_code=country, population=10_000)
    resolution = best("They fled to Brask.")
    assert resolution.best is not None  # low confidence is the caller's business, not a decline
    assert 0 < resolution.confidence < 0.5
    assert len(resolution.runners_up) == 2
    shares = [resolution.confidence] + [c.confidence for c in resolution.runners_up]
    assert sum(shares) == pytest.approx(1.0)


def test_one_name_is_one_place_throughout_an_article(make_place):
    make_place("Brask", country_code="XA", population=10_000, latitude=10)
    make_place("Brask", country_code="XB", population=10_000, latitude=20)
    make_place(
        "Brask Air Base", alternates=["Brask"], feature_class="S", feature_code="AIRB", country_code="XB", latitude=20
    )
    first, second = resolve(recognise("Jets hit the Brask airbase. Residents fled from Brask."))
    assert first.best.row.id == second.best.row.id


def test_a_misspelling_before_a_cue_word_is_matched_fuzzily_and_says_so(gazetteer):
    [resolution] = resolve(mentions_for_spans("The Cimbia Turzii bases.", [{"start": 4, "end": 17}]), "RO")
    assert "Turzii" in resolution.best.row.name
    assert resolution.fuzzy and resolution.best.evidence["fuzzy"] < 1


def test_nothing_matches_gives_no_best(db):
    [resolution] = resolve(mentions_for_spans("Qqqzzz.", [{"start": 0, "end": 6}]))
    assert resolution.best is None and resolution.runners_up == []


def test_a_name_the_gazetteer_lacks_is_answered_by_the_place_it_is_named_after(make_place):
    make_place("Quellin", feature_class="A", feature_code="ADM1", country_code="XA", population=4_000_000)
    text = "She studied at the University of Quellin."
    [resolution] = resolve(mentions_for_spans(text, [{"start": 19, "end": 40}]))
    assert resolution.best.row.name == "Quellin"
    assert resolution.fuzzy and resolution.confidence < 1  # the reviewer sees it is not the university itself


def test_of_two_equally_long_parts_a_name_is_named_after_the_first(make_place):
    for name in ("Quellin", "Ostrelo"):
        make_place(name, feature_class="A", feature_code="ADM1", country_code="XA", population=4_000_000)
    for text, named_after in (("Quellin Ostrelo Institute", "Quellin"), ("Ostrelo Quellin Institute", "Ostrelo")):
        [resolution] = resolve(mentions_for_spans(text, [{"start": 0, "end": len(text)}]))
        assert resolution.best.row.name == named_after, text


def test_the_articles_region_is_focus_for_a_local_paper(make_place):
    make_place("Decaton", country_code="US", admin1_code="IL", population=70_000, latitude=39.8, longitude=-89.0)
    make_place("Decaton", country_code="US", admin1_code="AL", population=55_000, latitude=34.6, longitude=-87.0)
    make_place("Springvale", country_code="US", admin1_code="IL", population=116_000, latitude=39.8, longitude=-89.6)
    make_place("Springvale", country_code="US", admin1_code="MO", population=167_000, latitude=37.2, longitude=-93.3)
    first, second = resolve(recognise("The Decaton school board met in Springvale."))
    assert (first.best.row.admin1_code, second.best.row.admin1_code) == ("IL", "IL")
    assert second.best.evidence["region"] > 0


def test_a_demonym_is_weak_focus(make_place):
    make_place("United States", feature_class="A", feature_code="PCLI", country_code="US", population=330_000_000)
    make_place("Genevra", country_code="CH", population=180_000, latitude=46.2, longitude=6.1)
    make_place("Genevra", country_code="US", population=13_000, latitude=42.9, longitude=-77.0)
    resolution = best("American officials met in Genevra.", phrase="Genevra")
    assert resolution.best.row.country_code == "CH"


def test_a_street_the_gazetteer_lacks_is_answered_by_the_story_s_town_at_low_confidence(make_place):
    make_place("Quellin", population=300_000, latitude=45, longitude=25)
    text = "Police in Quellin closed Tovar Street. Shops in Quellin stayed open."
    spans = [{"start": text.index("Tovar Street"), "end": text.index("Tovar Street") + 12}]
    spans += [{"start": m, "end": m + 7} for m in (text.index("Quellin"), text.rindex("Quellin"))]
    street, *_ = resolve(mentions_for_spans(text, spans))
    assert street.fallback and street.best.row.name == "Quellin"
    assert street.best.confidence < 0.5 and "fallback" in street.best.evidence


def test_no_town_stands_for_an_ocean(make_place):
    make_place("Quellin", population=300_000)
    text = "Ships left Quellin for the Varian Ocean."
    spans = [{"start": 11, "end": 18}, {"start": text.index("Varian"), "end": len(text) - 1}]
    _, ocean = resolve(mentions_for_spans(text, spans))
    assert ocean.best is None and not ocean.fallback


def test_an_institution_named_after_another_division_is_in_that_division(make_place):
    make_place("Quellin", population=300_000, latitude=45, longitude=25, admin1_code="01")
    make_place("Varnia", feature_class="A", feature_code="ADM1", admin1_code="02", population=4_000_000, latitude=40)
    make_place("Ostrel", feature_class="A", feature_code="ADM1", admin1_code="01", population=2_000_000, latitude=44)
    text = "In Quellin, Varnia State University and Ostrel State University met. Quellin cheered."
    spans = [{"start": m.start(), "end": m.end()} for m in re.finditer(r"Quellin|\w+ State University", text)]
    _, varnia, ostrel, _ = resolve(mentions_for_spans(text, spans))
    assert varnia.best.row.name == "Varnia" and not varnia.fallback  # the story's town is not in Varnia
    assert ostrel.best.row.name == "Quellin" and ostrel.fallback  # the town is in Ostrel: it says more


def test_a_village_of_the_division_s_name_does_not_hide_it(make_place):
    make_place("Quellin", population=300_000, latitude=45, longitude=25, admin1_code="01")
    make_place("Varnia", feature_class="A", feature_code="ADM1", admin1_code="02", population=4_000_000, latitude=40)
    make_place("Varnia", country_code="XB", population=3_000, latitude=-20)  # a village abroad
    text = "In Quellin, Varnia State University met. Quellin cheered."
    spans = [{"start": m.start(), "end": m.end()} for m in re.finditer(r"Quellin|Varnia State University", text)]
    _, university, _ = resolve(mentions_for_spans(text, spans))
    assert university.best.row.feature_code == "ADM1" and not university.fallback


def test_a_township_is_not_in_the_division_it_shares_a_name_with(make_place):
    make_place("Quellin", population=300_000, latitude=45, longitude=25, admin1_code="01")
    make_place("Varnia", feature_class="A", feature_code="ADM1", admin1_code="02", population=4_000_000, latitude=40)
    text = "In Quellin, Varnia Township voted. Quellin cheered."
    spans = [{"start": m.start(), "end": m.end()} for m in re.finditer(r"Quellin|Varnia Township", text)]
    _, township, _ = resolve(mentions_for_spans(text, spans))
    assert township.best.row.name == "Quellin" and township.fallback  # a guess: the story's town


def test_a_building_named_after_a_far_village_is_placed_in_the_story_s_town(make_place):
    make_place("Quellin", population=300_000, latitude=45, longitude=25)
    make_place("Royal", population=2_000, latitude=-30, longitude=140)  # a village far away
    text = "In Quellin, the Royal Theatre reopened. Quellin cheered."
    spans = [{"start": 3, "end": 10}, {"start": text.index("Royal"), "end": text.index("Royal") + 13}]
    _, theatre = resolve(mentions_for_spans(text, spans))
    assert theatre.best.row.name == "Quellin" and theatre.fallback


@pytest.mark.parametrize("join", [", ", " in "])
def test_a_venue_the_gazetteer_lacks_is_in_the_place_written_after_it(make_place, join):
    make_place("Quellin", population=300_000, latitude=45, longitude=25)
    make_place("Tovan", population=20_000, latitude=47, longitude=28)
    text = f"Quellin hosts it. Quellin fans cheered. The final is at Marrow Park{join}Tovan. The river Nesk, Tovan."
    spans = [{"start": m.start(), "end": m.end()} for m in re.finditer(r"Quellin|Marrow Park|Tovan|river Nesk", text)]
    resolutions = {r.mention.phrase: r for r in resolve(mentions_for_spans(text, spans))}
    park = resolutions["Marrow Park"]
    assert park.best.row.name == "Tovan" and park.fallback  # not the story's most cited town, Quellin
    assert park.best.confidence < 0.5 and "beside" in park.best.evidence
    assert "beside" not in resolutions["river Nesk"].best.evidence  # a river is not at a point of the place


@pytest.mark.parametrize(("admin1", "kept"), [("02", False), ("01", True)])
def test_a_name_written_in_a_town_is_no_far_namesake_of_another_division(make_place, admin1, kept):
    # "from August in New Orleans": the restaurant, not the town of August, California; but "Bakhmut in
    # Donetsk" is the town in the oblast named after its city, however far from the city's point.
    make_place("Tovan", population=400_000, latitude=47, longitude=28, admin1_code="01")
    make_place("Marrow", population=20_000, latitude=49, longitude=31, admin1_code=admin1)
    text = "Tovan fans cheered. She cooked at Marrow in Tovan for years."
    spans = [{"start": m.start(), "end": m.end()} for m in re.finditer(r"Marrow|Tovan", text)]
    venue = next(r for r in resolve(mentions_for_spans(text, spans)) if r.mention.phrase == "Marrow")
    if kept:
        assert venue.best.row.name == "Marrow" and not venue.fallback
    else:
        assert venue.best.row.name == "Tovan" and venue.fallback and venue.best.confidence < 0.5
        assert [choice.row.name for choice in venue.runners_up][:1] == ["Marrow"]  # the namesake to switch to


def test_names_a_plural_street_word_follows_are_streets_of_the_story_s_town(make_place):
    # "the corner of State and Hubbard streets": streets of the story's town, not Hubbard, Ohio.
    make_place("Quellin", population=300_000, latitude=45, longitude=25)
    make_place("Marrow", population=8_000, latitude=30, longitude=-90)
    text = "Quellin police said. Quellin mourns. He fell at the corner of Vale and Marrow streets."
    spans = [{"start": m.start(), "end": m.end()} for m in re.finditer(r"Quellin|Vale|Marrow", text)]
    street = next(r for r in resolve(mentions_for_spans(text, spans)) if r.mention.phrase == "Marrow")
    assert street.best.row.name == "Quellin" and street.fallback and street.best.confidence < 0.5
    town = next(r for r in resolve(mentions_for_spans("Quellin fans met in Marrow.", [{"start": 20, "end": 26}])))
    assert town.best.row.name == "Marrow"  # without the street word, the town


def test_the_next_name_of_a_list_does_not_hold_a_venue(make_place):
    make_place("Quellin", population=300_000, latitude=45, longitude=25)
    make_place("Tovan", population=20_000, latitude=47, longitude=28)
    text = "Quellin hosts it. Quellin fans cheered. Tours visit Marrow Park, Tovan and Quellin."
    spans = [{"start": m.start(), "end": m.end()} for m in re.finditer(r"Quellin|Marrow Park|Tovan", text)]
    park = next(r for r in resolve(mentions_for_spans(text, spans)) if r.mention.phrase == "Marrow Park")
    assert "beside" not in park.best.evidence and park.best.row.name == "Quellin"


def test_a_world_region_outranks_a_hamlet_of_its_name(make_place):
    make_place("Middle Varia", feature_class="L", feature_code="RGN", country_code="", population=50_000_000)
    make_place("Middle Varia", country_code="US", population=120_000, latitude=40)  # a bigger town: still the region
    assert best("Trade grew across Middle Varia.").best.row.feature_code == "RGN"


def test_another_letter_for_an_accented_one_is_another_place_s_name(make_place):
    # An alternate that writes "i" for the "ü" of its place's own name is a respelling: the town that
    # bears the name as its own wins, and the big namesake, when it wins, is not trusted blindly.
    make_place("Münsterburg", alternates=["Minsterburg"], population=300_000, country_code="XA")
    own = make_place("Minsterburg", population=20_000, country_code="XB", latitude=40.0)
    assert best("The parade in Minsterburg drew crowds.").best.row.id == own.id
    own.delete()
    choice = best("The parade in Minsterburg drew crowds.").best
    assert choice.row.name == "Münsterburg" and choice.confidence <= 0.5 and choice.evidence["spelling"] < 0


def test_one_letter_changed_in_a_country_s_name_is_the_town_that_owns_the_name(make_place):
    # GeoNames keeps "Columbia" as an alternate of Colombia: in a story about South Carolina it is the city.
    make_place("Colombara", alternates=["Columbara"], feature_class="A", feature_code="PCLI", country_code="XC",
               population=50_000_000, latitude=4.0, longitude=-72.0)  # fmt: skip
    make_place("Porto Lume", population=300_000, latitude=34.0, longitude=-81.0)
    town = make_place("Columbara", population=140_000, latitude=34.1, longitude=-81.1)
    assert best("Porto Lume police met. Traffic to Columbara was slow.", phrase="Columbara").best.row.id == town.id
    choice = best("He moved to Columbara last year.").best
    assert choice.row.feature_code == "PCLI" and choice.confidence <= 0.5 and choice.evidence["spelling"] < 0
    # a transliteration a letter away from a hamlet's own name is no respelling ("Jenin": Janīn, not a Polish village)
    make_place("Janinka", alternates=["Jeninka"], population=35_000, country_code="XD", latitude=32.0)
    make_place("Jeninka", population=1_100, country_code="XE", latitude=52.0)
    choice = best("Troops raided Jeninka.").best
    assert choice.row.name == "Janinka" and "spelling" not in choice.evidence


def test_a_transliteration_or_an_exonym_keeps_its_confidence(make_place):
    make_place("Mühlstadt", alternates=["Muehlstadt"], population=50_000)
    make_place("Kyivka", alternates=["Kievka"], population=50_000, latitude=50.0)
    assert best("Officials in Muehlstadt said.").best.confidence == pytest.approx(1.0)
    assert best("Officials in Kievka said.").best.confidence == pytest.approx(1.0)


def test_a_former_name_with_the_same_generic_word_costs_confidence(make_place):
    make_place("Camp Ridge", alternates=["Camp Lincolnton"], population=11_000)
    choice = best("Soldiers trained at Camp Lincolnton last week.").best
    assert choice.row.name == "Camp Ridge" and choice.confidence <= 0.5
    make_place("United Lands", alternates=["United Lands of Arcadia"], country_code="XC", feature_code="PCLI")
    envoys = best("Envoys of the United Lands of Arcadia arrived.", phrase="United Lands of Arcadia")
    assert envoys.best.confidence == pytest.approx(1.0)


def test_a_region_s_demonym_is_made_from_its_name(make_place):
    make_place("Latin America", feature_class="L", feature_code="RGN", country_code="", population=600_000_000)
    make_place("Latin", population=900, latitude=10.0)  # a hamlet the words alone would find
    make_place("South Africa", feature_class="A", feature_code="PCLI", country_code="ZA", population=60_000_000)
    [latin, south] = resolve(recognise("Latin American and South African envoys met."))
    assert (latin.mention.kind, latin.best.row.name) == ("demonym", "Latin America")
    assert south.best.row.name == "South Africa"  # a country's demonym stays the country's, not Southern Africa's


def test_an_upper_case_code_names_the_divisions_whose_iso_code_it_is(make_place):
    # "WA" is Western Australia (AU-WA) or Washington (US-WA) as well as the town of Wa; the article decides.
    make_place("Western Australia", feature_class="A", feature_code="ADM1", country_code="AU", admin1_code="08",
               population=2_700_000, latitude=-25.0)  # fmt: skip
    make_place("Washington", feature_class="A", feature_code="ADM1", country_code="US", admin1_code="WA",
               population=7_700_000, latitude=47.0)  # fmt: skip
    make_place("Wa", country_code="GH", population=100_000, latitude=10.0)
    text = "Bushfires spread across WA on Sunday."
    start = text.index("WA")
    [wa] = resolve(mentions_for_spans(text, [{"start": start, "end": start + 2, "phrase": "WA"}]), "AU")
    assert wa.best.row.name == "Western Australia"
    assert {c.row.name for c in wa.runners_up} == {"Washington", "Wa"}
    [word] = resolve(mentions_for_spans("Wa is a town.", [{"start": 0, "end": 2, "phrase": "Wa"}]))
    assert word.best.row.name == "Wa"  # a capitalised word is a name, not a code


def test_a_country_s_national_institution_is_placed_in_its_capital_as_a_guess(make_place, monkeypatch):
    from events.geoparse import institutions

    monkeypatch.setattr(institutions, "_capital_names", lambda: {"XA": "velgrad"})
    make_place("Xandria", feature_class="A", feature_code="PCLI", country_code="XA", population=5_000_000)
    make_place("Velgrad", country_code="XA", population=900_000, latitude=44.0)
    make_place("Porto Lume", country_code="XB", population=300_000, latitude=38.0)
    monkeypatch.setitem(institutions.lexicon.demonyms(), "xandrian", "XA")
    text = "In Porto Lume, the Xandrian Foreign Ministry and the Bank of Xandria said the Xandrian Embassy was shut."
    names = ("Porto Lume", "Xandrian Foreign Ministry", "Bank of Xandria", "Xandrian Embassy")
    spans = [{"start": text.index(n), "end": text.index(n) + len(n), "phrase": n} for n in names]
    resolutions = {r.mention.phrase: r for r in resolve(mentions_for_spans(text, spans))}
    for name in names[1:3]:
        assert resolutions[name].best.row.name == "Velgrad" and resolutions[name].fallback
        assert resolutions[name].best.confidence < 0.5
    assert resolutions["Xandrian Embassy"].best.row.name == "Porto Lume"  # an embassy is abroad
    assert institutions.institution_capital("bank of xandria") is not None
    make_place("Arcadia", feature_class="A", feature_code="PCLI", country_code="XA", population=1, alternates=["Xan"])
    assert institutions.institution_capital("bank of xan") is None  # a short form: a company, not the state's


def test_an_institution_written_without_its_country_is_the_story_s_country_s(make_place, monkeypatch):
    # "testify before Congress" in a story from an American town: in Washington, not Congress, Arizona.
    from events.geoparse import institutions

    monkeypatch.setattr(institutions, "_capital_names", lambda: {"XA": "velgrad", "XB": "porto lume"})
    make_place("Velgrad", country_code="XA", population=900_000, latitude=44.0)
    make_place("Porto Lume", country_code="XB", population=300_000, latitude=38.0)
    make_place("Brenna", country_code="XB", population=60_000, latitude=39.0)
    make_place("Congress", country_code="XA", population=2_000, latitude=44.5)
    text = "Brenna's mayor, in Brenna, will testify before Congress."
    spans = [{"start": m.start(), "end": m.end()} for m in re.finditer(r"Brenna|Congress", text)]
    congress = resolve(mentions_for_spans(text, spans))[-1]
    assert congress.best.row.name == "Porto Lume" and congress.fallback and congress.best.confidence < 0.5


def test_a_far_hamlet_in_a_country_the_story_is_not_about_gives_way_to_the_story_s_town(make_place):
    make_place("Porto Lume", country_code="XB", population=300_000, latitude=38.0, longitude=25.0)
    make_place("Heathmoor", country_code="XC", population=600, latitude=10.0, longitude=-80.0)  # far away
    make_place("Brenna", country_code="XB", population=600, latitude=30.0, longitude=25.0)  # far, same country
    text = "Flights left Porto Lume for Heathmoor and Brenna; Porto Lume police said."
    names = re.finditer(r"[A-Z]\w+(?: Lume)?", text)
    spans = [{"start": m.start(), "end": m.end(), "phrase": m.group()} for m in names]
    resolutions = {r.mention.phrase: r for r in resolve(mentions_for_spans(text, spans))}
    heathmoor = resolutions["Heathmoor"]
    assert heathmoor.fallback and heathmoor.best.row.name == "Porto Lume" and heathmoor.best.confidence < 0.5
    assert heathmoor.runners_up[0].row.name == "Heathmoor"
    assert resolutions["Brenna"].best.row.name == "Brenna" and not resolutions["Brenna"].fallback


def test_a_far_tiny_division_in_a_country_the_story_is_not_about_gives_way_to_the_story_s_town(make_place):
    # "St Patrick's" (the church) in an Irish story: not the parish of Saint Patrick, Dominica
    make_place("Porto Lume", country_code="XB", population=300_000, latitude=38.0, longitude=25.0)
    make_place(
        "Saint Orel",
        feature_class="A",
        feature_code="ADM1",
        country_code="XC",
        population=3_900,
        latitude=15.0,
        longitude=-61.0,
    )
    text = "Porto Lume police met. A band plays in Saint Orel tonight."
    spans = [{"start": m.start(), "end": m.end()} for m in re.finditer(r"Porto Lume|Saint Orel", text)]
    parish = resolve(mentions_for_spans(text, spans))[-1]
    assert parish.fallback and parish.best.row.name == "Porto Lume"
    assert parish.runners_up[0].row.name == "Saint Orel"


def test_a_far_hamlet_in_a_country_the_story_barely_points_to_gives_way_to_the_story_s_town(make_place):
    # "British officers searched a plane at Heathrow airport" in a London story that also cites Washington
    make_place("Porto Lume", country_code="XB", population=300_000, latitude=38.0, longitude=25.0)
    make_place("Velgrad", country_code="XC", population=900_000, latitude=12.0, longitude=-78.0)
    make_place("Heathmoor", country_code="XC", population=600, latitude=10.0, longitude=-80.0)
    text = "Porto Lume police met. Porto Lume mourns. Porto Lume and Velgrad talked. Planes left Heathmoor."
    spans = [{"start": m.start(), "end": m.end()} for m in re.finditer(r"Porto Lume|Velgrad|Heathmoor", text)]
    heathmoor = resolve(mentions_for_spans(text, spans))[-1]
    assert heathmoor.fallback and heathmoor.best.row.name == "Porto Lume"
    assert heathmoor.runners_up[0].row.name == "Heathmoor"


def test_a_name_the_gazetteer_lacks_is_guessed_from_the_towns_cited_near_it(make_place):
    make_place("Porto Lume", country_code="XB", population=300_000, latitude=38.0)
    make_place("Velgrad", country_code="XB", population=200_000, latitude=44.0)
    filler = " The talks went on for hours and nothing was agreed by anyone there." * 60
    text = (
        "Officials in Porto Lume met. Porto Lume police said so. Porto Lume stayed calm."
        + filler
        + " In Velgrad, protesters gathered on Marrow Street."
    )
    names = ("Porto Lume", "Velgrad", "Marrow Street")
    spans = [{"start": m.start(), "end": m.end(), "phrase": m.group()} for m in re.finditer("|".join(names), text)]
    street = [r for r in resolve(mentions_for_spans(text, spans)) if r.mention.phrase == "Marrow Street"][0]
    assert street.fallback and street.best.row.name == "Velgrad"  # not the more cited, far-off Porto Lume


def test_the_initials_of_a_two_word_country_name_are_the_country(make_place):
    make_place("Trinidad & Tobago", feature_class="A", feature_code="PCLI", country_code="TT", population=1_400_000)
    make_place("Tet", population=5_000)  # a village whose letters a fuzzy match could take
    text = "T&T beat the visitors at home."
    [tt] = resolve(mentions_for_spans(text, [{"start": 0, "end": 3, "phrase": "T&T"}]))
    assert (tt.mention.kind, tt.best.row.name) == ("abbreviation", "Trinidad & Tobago")


def test_an_upper_case_code_counts_for_the_division_it_is_the_code_of(make_place):
    make_place("Pennsylvania", feature_class="A", feature_code="ADM1", country_code="US", admin1_code="PA",
               population=13_000_000, latitude=41.0)  # fmt: skip
    make_place("Chonggrad", alternates=["Pa"], country_code="XC", population=8_000_000)  # an old spelling
    text = "Voters in PA went to the polls."
    start = text.index("PA")
    [pa] = resolve(mentions_for_spans(text, [{"start": start, "end": start + 2, "phrase": "PA"}]))
    assert pa.best.row.name == "Pennsylvania" and pa.best.evidence["code"] > 0


@pytest.mark.parametrize(("town", "country", "admin1", "meant"), [
    ("Durban", "ZA", "02", "South Africa"), ("Adelaide", "AU", "05", "South Australia"),
])  # fmt: skip
def test_an_upper_case_code_spelling_a_country_s_initials_is_that_country_where_the_story_is(
    make_place, town, country, admin1, meant
):
    # "SA" is South Africa in a story from Durban and South Australia (AU-SA) in one from Adelaide.
    make_place("South Africa", feature_class="A", feature_code="PCLI", country_code="ZA", population=59_000_000)
    make_place("Saudi Arabia", feature_class="A", feature_code="PCLI", country_code="SA", population=35_000_000)
    make_place("South Australia", feature_class="A", feature_code="ADM1", country_code="AU", admin1_code="05",
               population=1_700_000, latitude=-30.0)  # fmt: skip
    make_place(town, country_code=country, admin1_code=admin1, population=500_000)
    text = f"Miners met in {town}. Nowhere in SA are the reserves larger."
    [_, sa] = resolve(mentions_for_spans(text, spans_of(text, town, "SA")))
    assert sa.best.row.name == meant


def spans_of(text, *phrases):
    """Given spans for the first occurrence of each phrase."""
    return [{"start": text.index(p), "end": text.index(p) + len(p), "phrase": p} for p in phrases]


@pytest.fixture
def washingtons(make_place):
    """The capital (the country's most populous Washington, so the capital's weight) and the state."""
    make_place("Washington", country_code="US", admin1_code="DC", population=700_000, latitude=38.9, longitude=-77)
    make_place("Washington", feature_class="A", feature_code="ADM1", country_code="US", admin1_code="WA",
               population=7_000_000, latitude=47.5, longitude=-120.5)  # fmt: skip


def test_a_bare_ocean_or_world_region_is_no_village_of_its_name(make_place):
    make_place("Atlantic", country_code="US", population=7_000)
    make_place("Middle East", country_code="US", population=2_000)
    text = "Tankers crossed the Atlantic with oil from the Middle East."
    atlantic, middle_east = resolve(mentions_for_spans(text, spans_of(text, "Atlantic", "Middle East")))
    assert atlantic.best is None and not atlantic.fallback
    assert middle_east.best is None and not middle_east.fallback


def test_an_ocean_s_name_with_a_state_after_it_is_the_town(make_place):
    make_place("Pacific", country_code="US", admin1_code="MO", population=7_000, latitude=38.5, longitude=-90.7)
    make_place("Missouri", feature_class="A", feature_code="ADM1", country_code="US", admin1_code="MO",
               population=6_000_000, latitude=38.3, longitude=-92.4)  # fmt: skip
    assert best("A flood hit Pacific, Mo., on Sunday.", phrase="Pacific").best.row.name == "Pacific"


def test_the_name_after_city_comma_is_the_area_that_holds_the_city(make_place, washingtons):
    make_place("Tacoma", country_code="US", admin1_code="WA", population=200_000, latitude=47.25, longitude=-122.4)
    washington = best("A baker from Tacoma, Washington, shares her tips.", phrase="Washington")
    assert washington.best.row.feature_code == "ADM1" and washington.best.evidence["holds"] > 0
    # on its own, the same name is the capital
    assert best("A baker from Washington shares her tips.").best.row.feature_code == "PPL"


def test_a_list_of_towns_names_no_division_that_holds_a_village_of_a_towns_name(make_place):
    make_place("Kyvar", country_code="XA", admin1_code="01", population=2_900_000, latitude=50.4)
    make_place("Kyvar", country_code="XA", admin1_code="17", population=300, latitude=46.5)  # a village in Odrel
    make_place("Odrel", country_code="XA", admin1_code="17", population=1_000_000, latitude=46.4)
    make_place("Odrel", feature_class="A", feature_code="ADM1", country_code="XA", admin1_code="17",
               population=2_400_000, latitude=46.7)  # fmt: skip
    text = "Drones hit Kyvar, Odrel and Harkov overnight."
    _, odrel, _ = resolve(mentions_for_spans(text, spans_of(text, "Kyvar", "Odrel", "Harkov")))
    assert odrel.best.row.feature_code == "PPL" and "holds" not in odrel.best.evidence


def test_a_compass_adjective_before_a_name_asks_for_an_area(make_place, washingtons):
    washington = best("Crews drove to central Washington overnight.")
    assert washington.best.row.feature_code == "ADM1" and washington.best.evidence["compass"] > 0


def test_a_compass_adjective_leaves_a_big_city_named_like_its_division_the_city(make_place):
    make_place("Halab", country_code="XS", admin1_code="09", population=1_600_000, latitude=36.2)
    make_place("Halab", feature_class="A", feature_code="ADM1", country_code="XS", admin1_code="09",
               population=4_800_000, latitude=36.0)  # fmt: skip
    assert best("Shelling resumed in eastern Halab.").best.row.feature_code == "PPL"


def test_the_names_of_a_list_are_of_one_level(make_place):
    make_place("Georgiana", feature_class="A", feature_code="PCLI", country_code="GG", population=3_700_000)
    make_place("Georgiana", feature_class="A", feature_code="ADM1", country_code="US", admin1_code="GA",
               population=3_000_000, latitude=33)  # fmt: skip
    for name, code in (("Ostrel", "TX"), ("Varnia", "FL")):
        make_place(name, feature_class="A", feature_code="ADM1", country_code="US", admin1_code=code,
                   population=20_000_000, latitude=30)  # fmt: skip
    listed = best("Storms swept Ostrel, Georgiana and Varnia.", phrase="Georgiana")
    assert listed.best.row.feature_code == "ADM1" and listed.best.evidence["list"] > 0
    # named apart from the list, with the same states in the story, it is the country
    apart = best("Storms swept Ostrel and Varnia. Georgiana sent help.", phrase="Georgiana")
    assert apart.best.row.feature_code == "PCLI"


def test_a_state_s_abbreviation_and_the_capital_s_are_two_places_in_one_article(make_place, washingtons):
    text = "CAMP MURRAY, Wash. - The team flew to Washington, D.C., on Monday."
    wash, dc = resolve(mentions_for_spans(text, spans_of(text, "Wash.", "D.C.")))
    assert (wash.best.row.feature_code, dc.best.row.feature_code) == ("ADM1", "PPL")


def test_a_state_s_abbreviation_after_city_comma_is_the_state_without_its_point(make_place, washingtons):
    text = "CAMP MURRAY, Wash - The team flew home."
    _, wash = resolve(mentions_for_spans(text, spans_of(text, "CAMP MURRAY", "Wash")))
    assert wash.best.row.feature_code == "ADM1"


def test_a_seat_of_power_is_in_its_capital_not_where_a_translated_alternate_puts_it(make_place):
    make_place("Washington", country_code="US", admin1_code="DC", population=700_000, latitude=38.9, longitude=-77)
    make_place("Dar Beida", alternates=["White House"], country_code="MA", population=3_000_000, latitude=33.6)
    make_place("White House", country_code="US", admin1_code="TN", population=10_000, latitude=36.5, longitude=-86.7)
    assert best("A White House spokesman declined to comment.").best.row.name == "Washington"
    # the town of that name, with its state after it, is the town
    make_place("Tennessee", feature_class="A", feature_code="ADM1", country_code="US", admin1_code="TN",
               population=6_900_000, latitude=35.8, longitude=-86.4)  # fmt: skip
    town = best("She lives in White House, Tenn., with her family.", phrase="White House")
    assert (town.best.row.name, town.best.row.admin1_code) == ("White House", "TN")


def test_a_plural_cue_word_after_a_list_asks_for_its_type_for_every_name(make_place):
    for name, code in (("Lvora", "15"), ("Ternova", "22"), ("Rivka", "19")):
        make_place(name, country_code="XU", admin1_code=code, population=700_000, latitude=49)
        make_place(f"{name}ska Oblast", alternates=[name], feature_class="A", feature_code="ADM1",
                   country_code="XU", admin1_code=code, population=2_500_000, latitude=49.5)  # fmt: skip
    resolutions = resolve(recognise("Lvora, Ternova and Rivka oblasts were calm."))
    assert [r.best.row.feature_code for r in resolutions] == ["ADM1", "ADM1", "ADM1"]
    two = resolve(recognise("Shelling hit the Lvora and Ternova regions."))
    assert [r.best.row.feature_code for r in two] == ["ADM1", "ADM1"]
    assert best("Shelling hit Lvora.").best.row.feature_code == "PPL"  # without the cue, the city
