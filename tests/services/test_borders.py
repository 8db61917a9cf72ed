"""Country boundaries, land borders and distances to them (Natural Earth 1:10m)."""

import json

import numpy as np
import pytest
import shapely
from geopy.distance import geodesic
from shapely.geometry import shape

from events.services import borders

BARSANA = (24.06667, 47.81667)  # lon/lat
SIRET = (26.06667, 47.95)
CHISINAU = (28.85938, 47.00902)
BLACK_SEA = (31.0, 43.5)


def test_boundary_data_loads_once_per_process():
    assert borders.boundaries() is borders.boundaries()


@pytest.mark.parametrize(
    ("place", "lon", "lat", "code"),
    [
        ("Bucharest", 26.10626, 44.43225, "RO"),
        ("Chisinau", *CHISINAU, "MD"),
        ("Kyiv", 30.5238, 50.45466, "UA"),
        ("Paris, not swapped", 2.35, 48.86, "FR"),
        ("Pristina", 21.166, 42.667, "XK"),
        ("North Nicosia counts as Cyprus", 33.36, 35.19, "CY"),
        ("Chukotka, across the antimeridian", -175.0, 66.0, "RU"),
        ("Fiji's Vanua Levu, across the antimeridian", 179.0, -16.5, "FJ"),
    ],
)
def test_country_at_known_places(place, lon, lat, code):
    assert borders.country_at(lon, lat) == code, place


def test_points_either_side_of_the_romania_ukraine_border():
    # Sighetu Marmației (RO) and Solotvyno (UA) face each other across the Tisa.
    assert borders.country_at(23.88603, 47.93195) == "RO"
    assert borders.country_at(23.87433, 47.94728) == "UA"


def test_sea_point_has_no_country_and_no_border():
    assert borders.country_at(*BLACK_SEA) == ""
    assert borders.nearest_border(*BLACK_SEA) is None


@pytest.mark.parametrize(
    ("place", "lon", "lat"),
    [
        ("Kherson, on the Dnipro estuary", 32.61458, 46.63695),
        ("Skadovsk, on the Black Sea coast", 32.90978, 46.11313),
    ],
)
def test_a_coastal_city_just_outside_the_generalised_coastline_is_in_its_country(place, lon, lat):
    # Both lie a few hundred metres outside Ukraine's 1:10m outline: at sea for the data.
    assert borders.country_at(lon, lat) == "UA", place
    neighbour, _ = borders.nearest_border(lon, lat)
    assert neighbour in borders.boundaries().neighbours["UA"]


def test_in_a_narrow_strait_the_nearest_coast_wins():
    # The Øresund between Helsingør (DK) and Helsingborg (SE) is about 4 km wide.
    assert borders.country_at(12.63, 56.04) == "DK"  # 0.6 km off the Danish coast
    assert borders.country_at(12.675, 56.035) == "SE"  # 2.7 km off the Swedish one, 3.4 km off the Danish


def test_open_sea_beyond_the_coast_tolerance_has_no_country():
    # In the Strait of Gibraltar, 9.5 km from both Spain and Morocco.
    assert borders.country_at(-5.60, 35.92) == ""


def test_island_country_has_a_country_but_no_land_border():
    reykjavik = (-21.9, 64.13)
    assert borders.country_at(*reykjavik) == "IS"
    assert borders.nearest_border(*reykjavik) is None


@pytest.mark.parametrize(
    ("lon", "lat", "neighbour", "low_km", "high_km"),
    [
        (*BARSANA, "UA", 8, 16),  # a village in the Iza valley, south of the Tisa
        (*SIRET, "UA", 1, 6),  # the border crossing town
        (*CHISINAU, "UA", 35, 60),  # Moldova's capital: Ukraine is nearer than Romania
    ],
)
def test_nearest_border_known_distances(lon, lat, neighbour, low_km, high_km):
    found, km = borders.nearest_border(lon, lat)
    assert found == neighbour
    assert low_km < km < high_km


def karney_km_to_line(lon, lat, line, near_km):
    """Reference: Karney's geodesic (geopy) to every vertex of the line densified to ~50 m
    that lies roughly within ``near_km`` (a generous flat-earth pre-filter, for speed)."""
    vertices = shapely.get_coordinates(shapely.segmentize(line, 0.0005))
    rough_km = 111.2 * np.hypot(vertices[:, 1] - lat, (vertices[:, 0] - lon) * np.cos(np.radians(lat)))
    return min(geodesic((lat, lon), (v_lat, v_lon)).km for v_lon, v_lat in vertices[rough_km < near_km])


@pytest.mark.parametrize("point", [BARSANA, SIRET, CHISINAU, (27.6, 47.17), (24.38, 44.07)])
def test_border_distance_is_geodesic_within_one_percent(point):
    lon, lat = point
    country = borders.country_at(lon, lat)
    neighbour, km = borders.nearest_border(lon, lat)
    line = borders.border_line(country, neighbour)
    assert km == pytest.approx(karney_km_to_line(lon, lat, line, near_km=km * 1.2 + 2), rel=0.01)
    assert borders.border_distance_km(lon, lat, line) == pytest.approx(km, rel=1e-6)


def test_geodesic_km_matches_geopy_on_the_ellipsoid():
    # Bucharest to Kyiv, about 750 km: Lambert's formula agrees with Karney to metres.
    ours = float(borders.geodesic_km(26.10626, 44.43225, 30.5238, 50.45466))
    assert ours == pytest.approx(geodesic((44.43225, 26.10626), (50.45466, 30.5238)).km, abs=0.05)


def test_border_line_is_the_shared_land_border():
    line = borders.border_line("ro", "UA")
    assert line.geom_type in ("LineString", "MultiLineString")
    assert borders.border_line("UA", "RO").equals(line)
    # The Romania–Ukraine border is about 600 km long, in two stretches (north and the Danube delta).
    length_km = sum(
        float(borders.geodesic_km(a[0], a[1], b[0], b[1]))
        for part in getattr(line, "geoms", [line])
        for a, b in zip(part.coords[:-1], part.coords[1:], strict=True)
    )
    assert 450 < length_km < 750
    assert borders.border_distance_km(*SIRET, line) < 6


def test_neighbours_come_from_shared_boundaries():
    assert borders.neighbours_of("RO") == ["BG", "HU", "MD", "RS", "UA"]
    assert "XK" in borders.neighbours_of("RS")


@pytest.mark.parametrize(
    ("a", "b", "message"),
    [
        ("RO", "FR", "RO and FR share no land border."),
        ("RO", "QQ", "Unknown country code 'QQ'"),
        ("RO", "RO", "two different countries"),
    ],
)
def test_border_line_refuses_what_is_not_a_border(a, b, message):
    with pytest.raises(borders.BorderError, match=message):
        borders.border_line(a, b)


def test_border_zone_is_the_area_within_n_km():
    zone = borders.border_zone("RO", "UA", 30)
    line = borders.border_line("RO", "UA")
    assert zone.is_valid and zone.contains(shapely.point_on_surface(line))
    assert zone.contains(shape({"type": "Point", "coordinates": list(BARSANA)}))  # 12 km away
    outline = zone.geoms[0].exterior if zone.geom_type == "MultiPolygon" else zone.exterior
    edge_km = [borders.border_distance_km(lon, lat, line) for lon, lat in outline.coords[::10]]
    assert min(edge_km) > 29.5 and max(edge_km) < 30.5


def test_countries_geojson_is_a_light_valid_feature_collection():
    collection = json.loads(borders.countries_geojson(simplified=True))
    assert collection["type"] == "FeatureCollection"
    romania = [f for f in collection["features"] if f["properties"]["code"] == "RO"]
    assert romania and romania[0]["properties"]["name"] == "Romania"
    assert all(shape(f["geometry"]).is_valid for f in collection["features"])
    assert len(borders.countries_geojson(simplified=True)) < 400_000
