"""A region column (ACLED admin1, UCDP adm_1, "region") settles which of several same-named villages is meant."""

import pytest

from events.importers.service import ImportOptions, import_plan, import_write
from events.models import Event

ACLED_HEADER = "event_id_cnty,event_date,event_type,sub_event_type,location,admin1,country,latitude,longitude,notes\n"


@pytest.fixture
def run(kinds, gazetteer, tmp_path):
    def run(name, text, **options):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        plan = import_plan([path], ImportOptions(**options))
        return plan, import_write(plan)

    return run


def located(source_id):
    event = Event.objects.get(source_id=source_id)
    return event, (round(event.latitude, 2), round(event.longitude, 2)) if event.has_point else None


def test_acled_admin1_pins_the_village_of_that_name_in_that_county(run):
    run(
        "acled.csv",
        ACLED_HEADER + "ROU1,2025-03-12,Riots,Mob violence,Lunca,Tulcea,Romania,,,\n"
        "ROU2,2025-03-12,Riots,Mob violence,Lunca,Teleorman,Romania,,,\n",
        preset="acled",
    )

    tulcea, where = located("ROU1")
    assert where == (44.73, 28.77) and tulcea.geocode_status == "ok"
    assert "in the region Tulcea" in tulcea.geocode_reason
    assert located("ROU2")[1] == (43.83, 24.77)  # Lunca in Teleorman, 350 km west


def test_without_the_region_the_same_name_is_not_pinned_in_tulcea(run):
    run("plain.csv", "id,title,place,country\n1,Riot,Lunca,RO\n")
    assert located("1")[1] != (44.73, 28.77)


def test_ucdp_adm_1_with_the_word_county_is_a_hint_too(run):
    header = (
        "id,date_start,date_end,type_of_violence,dyad_name,where_coordinates,adm_1,country,latitude,longitude,"
        "source_article\n"
    )
    run("ged.csv", header + "9,2025-03-12,2025-03-12,1,A - B,Lunca,Tulcea county,Romania,,,\n", preset="ucdp")
    assert located("9")[1] == (44.73, 28.77)


def test_a_point_outside_the_named_region_needs_review(run):
    # No place called Galați in Vaslui county: the town is found, but the file says otherwise.
    run("r.csv", "id,title,place,region,country\n1,Drone,Galați,Vaslui,RO\n")
    event = Event.objects.get(source_id="1")
    assert event.geocode_status == "needs_review"
    assert "not in the region Vaslui" in event.geocode_reason


def test_coordinates_far_from_the_village_in_the_named_region_are_flagged(run):
    # Lunca in Tulcea is 350 km from these coordinates (Lunca in Teleorman): the region makes the check exact.
    run(
        "acled.csv",
        ACLED_HEADER + "ROU3,2025-03-12,Riots,Mob violence,Lunca,Tulcea,Romania,43.83,24.77,\n",
        preset="acled",
    )
    event = Event.objects.get(source_id="ROU3")
    assert event.geocode_status == "needs_review" and "km from “Lunca”" in event.geocode_reason
