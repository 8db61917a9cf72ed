"""Borders by international law: territory follows ISO 3166-1 and the UN, not the de-facto edition."""

import json

import pytest
import shapely

from events.services import borders, countries, topology

SIMFEROPOL = (34.10, 44.95)
SEVASTOPOL = (33.52, 44.60)
KERCH = (36.47, 45.36)
BARSANA = (24.06667, 47.81667)


@pytest.mark.parametrize("point", [SIMFEROPOL, SEVASTOPOL, KERCH], ids=["Simferopol", "Sevastopol", "Kerch"])
def test_crimea_is_in_ukraine(point):
    assert borders.country_at(*point) == "UA"


def test_crimea_draws_no_border_between_ukraine_and_russia():
    # The land border is Ukraine's east (Kharkiv to the Sea of Azov); nothing across the Perekop isthmus.
    line = borders.border_line("RU", "UA")
    _, min_lat, _, max_lat = shapely.bounds(line)
    assert min_lat > 46.9 and max_lat > 52


def test_ukraines_outline_holds_crimea_and_russias_does_not():
    assert borders.country_outline("UA").contains(shapely.Point(SIMFEROPOL))
    assert not borders.country_outline("RU").contains(shapely.Point(SIMFEROPOL))


def test_the_offline_outlines_put_crimea_in_ukraine():
    outlines = json.loads(borders.countries_geojson(simplified=True))["features"]
    ukraine = [shapely.geometry.shape(f["geometry"]) for f in outlines if f["properties"]["code"] == "UA"]
    assert any(part.contains(shapely.Point(SIMFEROPOL)) for part in ukraine)


def test_barsana_keeps_its_distance_to_ukraine():
    neighbour, km = borders.nearest_border(*BARSANA)
    assert neighbour == "UA"
    assert km == pytest.approx(11.89, abs=0.1)


def test_romania_ukraine_border_is_still_drawn():
    assert borders.border_line("RO", "UA").length > 5  # degrees: both stretches, hundreds of km
    assert borders.neighbours_of("UA") == ["BY", "HU", "MD", "PL", "RO", "RU", "SK"]


def test_sovereignty_table_says_what_the_un_view_data_says():
    """Every large part of the 1:10m data lies in the country the UN-view (visionscarto) file gives it."""
    detailed = topology.topology_read(borders.DETAILED_FILE)
    reference = json.loads(topology.UN_VIEW_FILE.read_text())
    assert topology.sovereignty_differences(detailed, reference) == []


def test_without_the_table_crimea_would_be_found_russian():
    """The check above can fail: on the raw Natural Earth file it finds Crimea."""
    raw = json.loads(borders.DETAILED_FILE.read_text())
    reference = json.loads(topology.UN_VIEW_FILE.read_text())
    differences = topology.sovereignty_differences(raw, reference)
    assert [(d["from"], d["to"]) for d in differences] == [("RU", "UA")]


@pytest.mark.parametrize(("code", "name"), [("AU", "Australia"), ("MD", "Moldova"), ("XK", "Kosovo")])
def test_country_names_come_from_one_table(code, name):
    assert countries.country_name(code, "en") == name
    assert borders.country_name(code) == name
    assert borders.boundaries().names[code] == name


def test_country_names_follow_the_language():
    assert countries.country_name("UA", "ro") == "Ucraina"
    assert countries.country_name("RO", "uk") == "Румунія"
    assert countries.country_name("QQ") == "QQ"
