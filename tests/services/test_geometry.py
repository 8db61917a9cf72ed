"""Event shapes: validation (hostile-inputs row 13), shape specs, and an event's border facts."""

from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError

from events.models import Event
from events.services.geometry import (
    MAX_VERTICES,
    GeometryError,
    event_facts_compute,
    geometry_validate,
    shape_from_spec,
)
from events.services.locating import event_locate

SQUARE = [[24.0, 45.0], [25.0, 45.0], [25.0, 46.0], [24.0, 46.0], [24.0, 45.0]]


@pytest.mark.parametrize(
    ("geojson", "message"),
    [
        # Row 13: self-intersecting ("bow-tie") polygon, empty geometry, wrong type.
        ({"type": "Polygon", "coordinates": [[[24, 45], [25, 46], [25, 45], [24, 46], [24, 45]]]}, "Self-intersection"),
        ({"type": "LineString", "coordinates": []}, "LineString is empty"),
        ({"type": "Point", "coordinates": [24, 45]}, "'Point' is not one of"),
        ({"type": "GeometryCollection", "geometries": []}, "needs a non-empty list of geometries"),
        ("POINT EMPTY", "must be a GeoJSON object"),
        ({"type": "LineString", "coordinates": [[24, 45], [24, 91]]}, "outside longitude/latitude ranges"),
        ({"type": "LineString", "coordinates": [[181, 45], [24, 45]]}, "outside longitude/latitude ranges"),
        ({"type": "LineString", "coordinates": [[24, 45], [float("nan"), 45]]}, "not a finite number"),
        ({"type": "Polygon", "coordinates": [[[24, 45], [25, 45]]]}, "Malformed Polygon"),
        ({"type": "LineString", "coordinates": [[24, 45]]}, "Malformed LineString"),
        ({"type": "LineString", "coordinates": [["24", 45], [25, 45]]}, "not a finite number"),
        ({"type": "LineString", "coordinates": [[24, 45, 0, 0], [25, 45]]}, "not \\[longitude, latitude\\]"),
        ({"type": "MultiPolygon"}, "must be nested lists"),
    ],
)
def test_invalid_geometries_are_rejected_with_a_message_naming_the_problem(geojson, message):
    with pytest.raises(GeometryError, match=message):
        geometry_validate(geojson)


def test_oversized_geometry_is_rejected_with_the_limit():
    line = {"type": "LineString", "coordinates": [[20 + i / 10_000, 45.0] for i in range(MAX_VERTICES + 1)]}
    with pytest.raises(GeometryError, match=f"limit is {MAX_VERTICES}"):
        geometry_validate(line)


@pytest.mark.parametrize("kind", ["LineString", "MultiLineString", "Polygon", "MultiPolygon"])
def test_allowed_types_are_accepted(kind):
    coordinates = {
        "LineString": SQUARE[:3],
        "MultiLineString": [SQUARE[:3]],
        "Polygon": [SQUARE],
        "MultiPolygon": [[SQUARE]],
    }[kind]
    assert geometry_validate({"type": kind, "coordinates": coordinates}).geom_type == kind


def test_event_clean_reports_an_invalid_geometry_on_the_geometry_field():
    bow_tie = {"type": "Polygon", "coordinates": [[[24, 45], [25, 46], [25, 45], [24, 46], [24, 45]]]}
    with pytest.raises(ValidationError) as error:
        Event(key="x", title="x", geometry=bow_tie).clean()
    assert "Self-intersection" in str(error.value.message_dict["geometry"])


def test_shape_from_spec_builds_the_romania_ukraine_border_line():
    line = shape_from_spec({"border": ["RO", "UA"]})
    assert line["type"] in ("LineString", "MultiLineString")
    assert geometry_validate(line).length > 5  # degrees: hundreds of km of border


def test_shape_from_spec_builds_a_buffer_zone_and_a_country_outline():
    zone = geometry_validate(shape_from_spec({"border": ["RO", "UA"], "buffer_km": 30}))
    assert zone.geom_type in ("Polygon", "MultiPolygon")
    assert zone.contains(geometry_validate(shape_from_spec({"border": ["RO", "UA"]})).representative_point())
    romania = geometry_validate(shape_from_spec({"country": "ro"}))
    assert romania.bounds[0] == pytest.approx(20.26, abs=0.05)  # Romania's western tip, near Beba Veche
    russia = shape_from_spec({"country": "RU"})  # simplified to stay under the vertex limit
    geometry_validate(russia)


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ({"border": ["RO", "FR"]}, "RO and FR share no land border"),
        ({"border": ["RO", "ZZ"]}, "Unknown country code 'ZZ'"),
        ({"border": ["RO"]}, "exactly two country codes"),
        ({"border": ["RO", "UA"], "buffer_km": 0}, "buffer_km must be"),
        ({"border": ["RO", "UA"], "buffer_km": "30"}, "buffer_km must be"),
        ({"border": ["RO", "UA"], "buffer_km": 10_000}, "buffer_km must be"),
        ({"country": "RO", "buffer_km": 5}, "Unexpected keys"),
        ({"country": "RO", "border": ["RO", "UA"]}, "A shape spec is"),
        ({}, "A shape spec is"),
    ],
)
def test_shape_from_spec_errors(spec, message):
    with pytest.raises(GeometryError, match=message):
        shape_from_spec(spec)


def event(**fields):
    return SimpleNamespace(**({"latitude": None, "longitude": None, "geometry": None, "country_hint": ""} | fields))


def facts(item):
    return item.country_code, item.border_country, item.border_distance_km


def test_facts_of_a_point_near_the_border():
    barsana = event(latitude=47.81667, longitude=24.06667)
    event_facts_compute(barsana)
    assert barsana.country_code == "RO" and barsana.border_country == "UA"
    assert 8 < barsana.border_distance_km < 16


@pytest.mark.parametrize(
    ("where", "fields"),
    [
        ("Black Sea", {"latitude": 43.5, "longitude": 31.0}),
        ("no point, no shape", {}),
        ("an invalid shape", {"geometry": {"type": "Point", "coordinates": [24, 45]}}),
    ],
)
def test_facts_are_empty_where_there_is_nothing_honest_to_say(where, fields):
    item = event(country_code="XX", border_country="YY", border_distance_km=1.0, **fields)
    event_facts_compute(item)
    assert facts(item) == ("", "", None), where


def test_border_line_event_is_on_the_border_seen_from_its_hint():
    border = shape_from_spec({"border": ["RO", "UA"]})
    seen_from_romania = event(geometry=border, country_hint="RO")
    seen_from_ukraine = event(geometry=border, country_hint="UA")
    event_facts_compute(seen_from_romania)
    event_facts_compute(seen_from_ukraine)
    assert facts(seen_from_romania) == ("RO", "UA", 0.0)
    assert facts(seen_from_ukraine) == ("UA", "RO", 0.0)


def test_country_area_event_gets_its_country_and_no_border_distance():
    romania = event(geometry=shape_from_spec({"country": "RO"}))
    event_facts_compute(romania)
    assert romania.country_code == "RO"
    # A country-wide event is neither "near" nor "far from" a border: no distance is claimed.
    assert (romania.border_country, romania.border_distance_km) == ("", None)


def test_locating_an_event_with_a_point_computes_its_facts(make_event):
    siret = make_event(title="Drone over Siret", latitude=47.95, longitude=26.06667, place_name="Siret")
    event_locate(siret)
    assert siret.country_code == "RO" and siret.border_country == "UA"
    assert siret.border_distance_km < 6
