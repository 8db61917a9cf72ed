"""Recognition rules, one test each, on texts the tests write themselves."""

import pytest

from events.geoparse.recognise import mentions_for_spans, recognise


def phrases(text):
    return [m.phrase for m in recognise(text)]


@pytest.fixture
def towns(make_place):
    make_place("Zorvia", population=250_000)
    make_place("Lake Quellin", population=5_000)
    make_place("Brask", population=3_000)
    make_place("Tovan", population=150)
    make_place("Xandria", feature_class="A", feature_code="PCLI", country_code="XA", population=5_000_000)


def test_gazetteer_names_are_found_with_their_offsets(towns):
    text = "Shelling was reported in Zorvia on Tuesday."
    [mention] = recognise(text)
    assert (mention.phrase, text[mention.start : mention.end]) == ("Zorvia", "Zorvia")


def test_multi_word_names_win_over_their_parts(towns, make_place):
    make_place("Quellin", population=90_000)
    assert phrases("Fishermen at Lake Quellin saw it.") == ["Lake Quellin"]


def test_a_possessive_is_left_out_of_the_span(towns):
    assert phrases("Xandria’s army and Zorvia's mayor met.") == ["Xandria", "Zorvia"]


def test_names_with_an_elided_article_are_one_name(make_place):
    make_place("Coeur d'Arvel", population=49_000)
    make_place("Land O' Brooks", population=32_000)
    text = "Officials in Coeur d'Arvel and Land O’ Brooks said so."
    assert phrases(text) == ["Coeur d'Arvel", "Land O’ Brooks"]


def test_hyphenated_words_give_the_place(towns):
    assert phrases("A Zorvia-based charity helped.") == ["Zorvia"]


def test_city_comma_country_links_the_container(towns):
    first, second = recognise("Talks opened in Brask, Xandria, on Monday.")
    assert (first.phrase, second.phrase) == ("Brask", "Xandria")
    assert first.container is second


def test_city_comma_us_state_abbreviation_is_recognised_as_the_state(towns, make_place):
    make_place("Alexandria", population=45_000, country_code="US", admin1_code="LA")
    city, state = recognise("The plant in Alexandria, La., closed.")
    assert (city.phrase, state.phrase, state.key, state.country) == ("Alexandria", "La.", "louisiana", "US")
    assert city.container is state


def test_small_places_need_a_reason(towns):
    assert phrases("Their dog Brask barked.") == []
    assert phrases("They fled to Brask.") == ["Brask"]
    assert phrases("They fled to Tovan.") == []  # a hamlet of 150 needs more than "to"


def test_cue_words_ask_for_a_feature_type(towns):
    [mention] = recognise("Jets left the Brask airbase at dawn.")
    assert mention.wanted == ("AIRB", "MILB")
    [village] = recognise("A farmer from the village of Tovan spoke.")
    assert village.wanted == ("PPL",)


def test_border_and_near_qualifiers(towns):
    border, near = recognise("A drone was seen near the border with Xandria and near Zorvia.")
    assert (border.phrase, border.qualifier) == ("Xandria", "border")
    assert (near.phrase, near.qualifier) == ("Zorvia", "near")


def test_unknown_name_before_a_cue_word_is_still_a_mention(towns):
    mentions = recognise("Troops are at the Brask and Cimbia Turzii bases.")
    assert [(m.phrase, m.rows == []) for m in mentions] == [("Brask", False), ("Cimbia Turzii", True)]
    assert all(m.wanted == ("AIRB", "MILB") for m in mentions)


def test_abbreviations_are_countries_not_villages(towns, make_place):
    make_place("Us", population=800, country_code="FR")
    make_place("Eu", population=7_000, country_code="FR")
    mentions = recognise("The U.S. and the UK asked the EU. US officials agreed.")
    assert [(m.phrase, m.kind, m.country or m.key) for m in mentions] == [
        ("U.S.", "abbreviation", "US"),
        ("UK", "abbreviation", "GB"),
        ("EU", "abbreviation", "europe"),
        ("US", "abbreviation", "US"),
    ]


def test_a_demonym_is_context_for_its_country(towns):
    [mention] = recognise("Ukrainian officials declined to comment.")
    assert (mention.kind, mention.country) == ("demonym", "UA")
    assert recognise("Ukrainians queued at the border.") == []  # people, not a place


def test_months_weekdays_compass_words_and_i_are_not_places(make_place):
    for name in ("May", "Sunday", "North", "I"):
        make_place(name, population=500_000)
    assert phrases("In May I drove North on Sunday.") == []


def test_acronyms_are_not_places_unless_the_table_says_so(make_place):
    make_place("Nato", population=200_000)
    assert phrases("NATO said little.") == []


def test_person_names_after_a_title_or_with_a_speech_verb_are_not_places(make_place):
    make_place("Lungesku", population=300_000)
    make_place("Hogg", population=300_000)
    text = "Foreign Minister Oana Lungesku confirmed it. Hogg said no. “Yes,” said Lungesku. Later Lungesku left."
    assert phrases(text) == []


def test_a_name_after_a_locative_word_is_a_place_even_before_a_speech_verb(towns):
    assert phrases("Police in Zorvia said a drone was seen. Farmers near Brask said so too.") == ["Zorvia", "Brask"]


def test_a_noun_and_of_that_ask_for_a_place_make_a_small_town_one(towns, make_place):
    make_place("Orlec", population=4_000)
    text = "Residents of Brask met. The mayor of Tovan and farmers north of Orlec came; the Bank of Brask shut."
    assert phrases(text) == ["Brask", "Orlec"]  # Tovan's 150 people are too few even so; a bank is no place


def test_a_small_town_only_under_another_place_s_spelling_is_not_that_place(make_place):
    make_place("Orlecton", alternates=["Orlec"], population=4_600)  # a village Orlec the gazetteer lacks
    make_place("Kyivka", alternates=["Kievka"], population=50_000)
    assert phrases("Residents of Orlec met in Kievka.") == ["Kievka"]


def test_a_small_town_s_man_or_woman_makes_it_a_place(towns, make_place):
    make_place("Whiteford", alternates=["White"], population=3_000)  # "White" only as another place's alternate
    text = "A Brask woman and a Tovan man met a White woman."
    assert phrases(text) == ["Brask"]  # Tovan's 150 people are too few


def test_a_town_opening_a_sentence_before_its_police_or_officials_is_a_place(make_place):
    make_place("Velgrad", population=60_000)
    assert phrases("Velgrad police said the road was shut. Velgrad was quiet.") == ["Velgrad"]


def test_a_title_does_not_hide_the_place_before_it(towns, make_place):
    make_place("Trump", population=300_000)
    assert phrases("Xandria President Donald Trump spoke.") == ["Xandria"]


def test_a_town_before_a_title_that_opens_a_person_s_name_is_a_place(towns, make_place):
    make_place("Belmonte", population=300_000)
    text = "Later, Zorvia Mayor Joy Belmonte and Zorvia Archbishop Luis Tagle spoke."
    assert phrases(text) == ["Zorvia", "Zorvia"]


def test_climate_patterns_are_not_the_places_named_alike(make_place):
    make_place("El Niño", population=2_000)
    make_place("Niña", population=40_000)
    assert phrases("A strong El Niño or La Niña shifts the rains. What about El Niño/La Niña?") == []


def test_a_title_ending_a_sentence_or_before_a_comma_names_no_person_after_it(towns):
    text = "He wrote to the Ministry of Justice. Xandria has denied it. According to the minister, Xandria agreed."
    assert phrases(text) == ["Xandria", "Xandria"]
    assert phrases("Gov. Zorvia and Sen. Brask spoke.") == []  # an abbreviated title keeps its point


def test_a_town_naming_an_institution_is_a_place_up_to_the_next_connector(towns, make_place):
    make_place("Orlec", population=60_000)
    text = "Heads for Orlec Public Schools and Daviess Public Schools met at the Zorvia Chamber of Commerce."
    assert phrases(text) == ["Orlec", "Zorvia"]


def test_a_big_town_opening_a_name_whose_last_word_is_an_institution_s_is_a_place(towns):
    assert phrases("The Zorvia Fire Paramedic Service was busy; the Zorvia Lutz Trio sang.") == ["Zorvia"]


def test_two_big_towns_joined_by_a_hyphen_are_two_places(towns, make_place):
    make_place("Velgrad", population=700_000)
    make_place("Benzel", population=600)
    assert phrases("The Zorvia-Velgrad leg was cut; a Velgrad-Benzel car too.") == ["Zorvia", "Velgrad"]


def test_function_words_and_common_adjectives_are_no_towns(make_place):
    for name in ("Since", "Free", "Human"):
        make_place(name, population=60_000)
    assert phrases("We met them. Since March, Free trade grew, the Department of Human Services said.") == []


def test_federal_is_an_adjective_not_a_federal_district(make_place):
    make_place("Distrito Federal", alternates=["Federal"], feature_class="A", feature_code="ADM1", population=9_000_000)
    assert phrases("He lied to the Federal Bureau of Investigation.") == []


def test_a_sentence_initial_common_word_is_not_a_place(make_place):
    make_place("Hope", population=50_000)
    assert phrases("Hope fades. They lost hope.") == []


def test_a_countrys_name_inside_a_persons_run_is_kept_after_a_connector(towns):
    assert phrases("The talks with Foreign Minister Ivan Petrov of Xandria ended.") == ["Xandria"]


def test_given_spans_get_the_tables_and_the_cues(towns):
    text = "The U.S. base at Brask airbase and Calif. officials."
    spans = [{"start": 4, "end": 8}, {"start": 17, "end": 22}, {"start": 35, "end": 41}]
    us, brask, calif = mentions_for_spans(text, spans)
    assert (us.kind, us.country) == ("abbreviation", "US")
    assert brask.wanted == ("AIRB", "MILB")
    assert (calif.kind, calif.key) == ("abbreviation", "california")


def test_a_list_of_towns_is_a_list_of_places(make_place):
    for name in ("Peorville", "Bloomvale", "Champton"):
        make_place(name, population=80_000)
    assert phrases("Officials from Peorville, Bloomvale and Champton met.") == ["Peorville", "Bloomvale", "Champton"]


def test_a_lone_word_after_the_that_only_towns_bear_is_a_common_noun(towns, make_place):
    make_place("Alliance", population=22_000, country_code="US")
    make_place("The Hague", alternates=["Hague"], population=500_000, country_code="NL")
    assert phrases("The decision could come at the Alliance's summit in Zorvia.") == ["Zorvia"]
    assert phrases("Officials of the Alliance met.") == ["Alliance"]  # not after "the": the town
    assert phrases("Diplomats met in the Hague.") == ["Hague"]
    assert phrases("They fled the Zorvia area.") == ["Zorvia"]  # a town's name as an adjective


def test_more_speech_verbs_make_a_person(towns, make_place):
    make_place("Karaman", population=150_000)
    assert phrases("At the meeting Karaman stressed that he would build in Zorvia.") == ["Zorvia"]
    assert phrases("At the opening Karaman emphasised the jobs.") == []


def test_a_cue_before_a_list_names_each_part(towns):
    mentions = recognise("Debris fell near the villages of Nufarov and Plaurel in Xandria.")
    assert [(m.phrase, m.qualifier, m.wanted) for m in mentions[:2]] == [
        ("Nufarov", "near", ("PPL",)),
        ("Plaurel", "near", ("PPL",)),
    ]


def test_a_demonym_before_border_is_the_border(towns, make_place):
    make_place("Ukraine", feature_class="A", feature_code="PCLI", country_code="UA", population=40_000_000)
    [mention] = [m for m in recognise("The villages lie 15 km from the Ukrainian border.") if m.kind == "demonym"]
    assert (mention.country, mention.qualifier) == ("UA", "border")


def test_a_dateline_in_capitals_is_where_the_story_was_filed(towns, make_place):
    make_place("Rena", population=260_000)
    assert phrases("RENA — The council met on Tuesday.") == ["RENA"]
    assert phrases("By Ann Lee\nBRASK (Reuters) - Two roads closed.") == ["BRASK"]  # a small town too
    # capitals inside a sentence are still an acronym
    assert phrases("Officials said RENA would pay.") == []


def test_a_county_s_name_before_the_words_of_its_institutions_is_a_place(make_place):
    make_place("Lamar County", feature_class="A", feature_code="ADM2", country_code="US", population=50_000)
    assert phrases("The Lamar County Commissioners Court met Tuesday.") == ["Lamar County"]


def test_a_locative_word_opens_a_list_of_small_towns(towns, make_place):
    make_place("Blossvale", population=1_500)
    assert phrases("Schools in Zorvia, Brask and Blossvale closed.") == ["Zorvia", "Brask", "Blossvale"]
    # outside such a list a small town still needs a reason
    assert phrases("Zorvia, Brask and Blossvale are small.") == ["Zorvia"]


def test_a_natural_feature_the_gazetteer_lacks_is_one_mention_not_the_place_inside_it(towns, make_place):
    make_place("Delta", feature_class="A", feature_code="ADM1", country_code="XN", population=4_000_000)
    text = "Storms hit the Xandria River, the Zorvia Delta and the Gulf of Brask. Korean Peninsula talks resumed."
    assert phrases(text) == ["Xandria River", "Zorvia Delta", "Gulf of Brask", "Korean Peninsula"]
    # a team named after a bay, and a person whose name ends in a hill, are neither
    assert phrases("The Zorvia Bay Rangers lost. Jonah Hill starred in Zorvia.") == ["Zorvia"]


def test_a_town_s_name_that_is_a_person_s_surname_is_no_place_when_used_alone_later(towns, make_place):
    make_place("Brasken", population=40_000)
    text = "Officials charged Walter Brasken on Monday. A lawyer for Brasken appealed in Zorvia."
    assert phrases(text) == ["Zorvia"]
    # a big town's own name stays a place after someone bearing it ("Jack London")
    assert phrases("Readers love Jack Zorvia. Zorvia hosts a festival.") == ["Zorvia"]


def test_a_country_in_a_speaker_s_name_stays_a_country_later(towns):
    text = "It is a first, she told Daily Xandria. Reserves in Xandria are large."
    assert phrases(text) == ["Xandria"]


def test_a_common_word_an_alias_makes_an_area_is_no_place_inside_a_longer_name(towns, make_place):
    make_place("Free State", alternates=["Free"], feature_class="A", feature_code="ADM1", population=2_900_000)
    text = "Talks on the Zorvia Free Trade Agreement resumed; tariff-free quotas were agreed."
    assert phrases(text) == []
    # its own name is a place anywhere
    assert phrases("Farmers of the Free State Agricultural Union met.") == ["Free State"]


def test_a_saint_s_or_a_general_s_name_that_is_a_big_town_s_is_the_town(towns, make_place):
    make_place("St. Lorin", population=300_000)
    make_place("General Tavas", population=600_000)
    make_place("Prince Orrin", population=70_000)  # a smaller town: the words are a prince's first
    text = "St. Lorin Police flew to General Tavas. Prince Orrin waved."
    assert phrases(text) == ["St. Lorin", "General Tavas"]


def test_an_ocean_or_a_world_region_is_a_mention_though_only_villages_bear_its_name(make_place):
    make_place("Atlantic", country_code="US", population=700)
    assert phrases("Tankers crossed the Atlantic last week.") == ["Atlantic"]


def test_a_councillor_s_or_an_economist_s_name_is_a_person_s(towns, make_place):
    make_place("Nelsor", feature_class="A", feature_code="ADM1", population=50_000)
    text = "“It works,” explains town councillor Dewly Nelsor. Later Nelsor left for Zorvia."
    assert phrases(text) == ["Zorvia"]


def test_a_common_given_name_opens_a_person_s_name_not_a_small_area_s(towns, make_place):
    # Paul is a small division of Cape Verde, but "Paul Francis Floyd" is a man, and so is "Chris Paul".
    make_place("Paul", feature_class="A", feature_code="ADM1", country_code="CV", population=3_900)
    text = "Police in Zorvia arrested Paul Francis Floyd. Chris Paul hit a layup. Paul scored 27 points."
    assert phrases(text) == ["Zorvia"]
    # a country's or a big area's name before a word is an institution's, still a place
    make_place("Virginia", feature_class="A", feature_code="ADM1", country_code="US", population=5_700_000)
    make_place("Jordan", feature_class="A", feature_code="PCLI", country_code="JO", population=10_000_000)
    assert phrases("Virginia Tech hosted the Jordan Armed Forces band.") == ["Virginia", "Jordan"]
    # a name joined by a hyphen, or ending a place's name, is no person's
    make_place("Nelson", feature_class="A", feature_code="ADM1", country_code="NZ", population=50_000)
    make_place("St. Louis", country_code="US", population=300_000)
    text = "Farmers in Nelson-Creston met in Zorvia. Thieves hit the St. Louis Hills area."
    assert phrases(text) == ["Nelson", "Zorvia", "St. Louis"]


def test_a_given_name_that_is_only_another_place_s_alternate_is_a_person_s(towns, make_place):
    make_place("Plovgrad", alternates=["Julia"], population=300_000)  # an old name of the town
    make_place("Florence", population=360_000)  # the town's own name, and a given name too
    assert phrases("His wife, Julia, was born in Zorvia.") == ["Zorvia"]
    assert phrases("She flew to Florence, then Plovgrad.") == ["Florence", "Plovgrad"]


def test_a_name_after_the_before_a_speech_verb_is_an_institution_s_place_not_a_person(towns):
    # "The New York Police Department says", "The U.S. said": people take no article
    assert phrases("The Zorvia Police Department says officers responded. Hogg said so.") == ["Zorvia"]


def test_a_street_the_gazetteer_lacks_is_one_mention_not_the_village_in_its_name(towns, make_place):
    make_place("Royal", population=3_000)
    text = "Police closed Royal Street and North Vale Avenue in Zorvia."
    assert phrases(text) == ["Royal Street", "North Vale Avenue", "Zorvia"]
    [street] = [m for m in recognise(text) if m.phrase == "Royal Street"]
    assert street.rows == [] and street.evidence == ["street"]  # the resolver answers it by the story's town
    # a town's possessive is not part of its street's name: the town and the street are two mentions
    assert phrases("In Zorvia, Zorvia's Third Street was renamed.") == ["Zorvia", "Zorvia", "Third Street"]


def test_an_abbreviated_generic_word_finds_the_name_written_out_and_the_other_way(make_place):
    make_place("Saint Varo County", feature_class="A", feature_code="ADM2", population=80_000)
    make_place("Mount Tessa", population=30_000)
    make_place("St Ilda", population=200_000)
    text = "Deputies in St. Varo County and Mt. Tessa searched; Saint Ilda stayed calm."
    assert [(m.phrase, [r.name for r in m.rows]) for m in recognise(text)] == [
        ("St. Varo County", ["Saint Varo County"]),
        ("Mt. Tessa", ["Mount Tessa"]),
        ("Saint Ilda", ["St Ilda"]),
    ]


def test_a_saint_s_name_in_the_possessive_is_the_place_written_so_or_a_building(towns, make_place):
    make_place("Saint Oren", population=9_000)  # a village the possessive must not fall back to
    make_place("St. Oren's", population=100_000)
    text = "The ferry left St. Oren's for Zorvia, where St Oren's Chapel and St. Oren's Hospital stand."
    mentions = recognise(text)
    assert [(m.phrase, m.evidence) for m in mentions] == [
        ("St. Oren's", ["saint's name"]),
        ("Zorvia", ["strong name"]),
        ("St Oren's Chapel", ["building"]),
        ("St. Oren's Hospital", ["building"]),
    ]
    assert [r.name for r in mentions[0].rows] == ["St. Oren's"] and mentions[2].rows == []


def test_a_building_the_gazetteer_lacks_is_one_mention_not_the_town_in_its_name(towns, make_place):
    make_place("Hall", population=30_000)
    text = "Protesters left City Hall for Zorvia State University and the Brask Community Centre."
    mentions = recognise(text)
    assert [(m.phrase, m.evidence, m.rows) for m in mentions] == [
        ("City Hall", ["building"], []),
        ("Zorvia State University", ["building"], []),
        ("Brask Community Centre", ["building"], []),
    ]


def test_a_township_or_a_quarter_the_gazetteer_lacks_is_one_mention_not_the_place_it_is_named_after(towns):
    mentions = recognise("He lived in Zorvia Township, not in Zorvia, and worked in the French Quarter.")
    assert [(m.phrase, m.evidence, m.rows) for m in mentions if m.phrase != "Zorvia"] == [
        ("Zorvia Township", ["district"], []),
        ("French Quarter", ["district"], []),  # not France
    ]


def test_a_country_s_abbreviation_before_a_number_is_a_highway(towns):
    assert phrases("A crash on U.S. 65 near Brask shut the road. The U.S. sent 3 ships.") == ["Brask", "U.S."]


def test_english_is_a_language_in_running_text_and_england_before_a_cue(towns, make_place):
    make_place("English", country_code="US", population=5_000)  # a town in Indiana
    make_place("Salisbury", country_code="GB", population=45_000)
    assert phrases("Lessons are taught in English.") == []
    [english, _] = recognise("Agents struck in the English city of Salisbury.")
    assert (english.phrase, english.kind, english.key) == ("English", "demonym", "england")


def test_a_name_and_a_comma_that_the_table_knows_together_are_one_mention(make_place):
    make_place("Washington", country_code="US", population=700_000)
    [capital] = recognise("Murals fill Washington, D.C., today.")
    assert (capital.phrase, capital.kind, capital.country) == ("Washington, D.C.", "abbreviation", "US")
