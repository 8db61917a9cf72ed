"""Every structural check of a GeoJSON file, on documents of our own: the user is told what is wrong and where.

A problem outside any feature refuses the whole file; a problem inside one feature makes that feature a bad
row, named by its index (``--partial`` keeps the others). The real files of other projects' suites are read
by test_import_samples.py when ../shared is there; these run everywhere."""

import json

import pytest

from events.importers import messages as m
from events.importers.geojson import geojson_load
from events.services.import_files import ImportRefused

pytestmark = pytest.mark.django_db  # the suite clears the shared cache (a table) after each test

POINT = {"type": "Point", "coordinates": [28.0, 45.4]}
RING = [[28.0, 45.0], [29.0, 45.0], [29.0, 46.0], [28.0, 46.0], [28.0, 45.0]]


def feature(geometry=POINT, **members):
    return {"type": "Feature", "properties": {"title": "Drone over Galați"}, "geometry": geometry, **members}


def collection(*features, **members):
    return {"type": "FeatureCollection", "features": list(features), **members}


@pytest.mark.parametrize(
    "document, where, message",
    [
        ([], "", str(m.ROOT_NOT_OBJECT)),
        ({"features": []}, "", m.MEMBER_REQUIRED.format(member="type")),
        ({"type": 7, "features": []}, "", m.TYPE_NOT_STRING.format(kind="number")),
        (
            {"type": "featurecollection", "features": []},
            "",
            m.TYPE_CASE.format(fixed="FeatureCollection", kind="featurecollection"),
        ),
        ({"type": "Map"}, "", m.TYPE_UNKNOWN.format(kind="Map")),
        (collection(coordinates=[]), "", m.MEMBER_FORBIDDEN.format(label="FeatureCollection", member="coordinates")),
        (collection(bbox="28,45,29,46"), "bbox", m.BBOX_NOT_ARRAY.format(kind="string")),
        (collection(bbox=[28, "45", 29, 46]), "bbox", str(m.BBOX_NOT_NUMBERS)),
        (collection(bbox=[28, 45, 29]), "bbox", str(m.BBOX_LENGTH)),
        ({"type": "FeatureCollection"}, "", m.MEMBER_REQUIRED.format(member="features")),
        ({"type": "FeatureCollection", "features": {}}, "features", m.FEATURES_NOT_ARRAY.format(kind="object")),
    ],
)
def test_a_document_that_is_not_geojson_is_refused_whole(document, where, message):
    with pytest.raises(ImportRefused) as refused:
        geojson_load("drones.geojson", json.dumps(document))
    assert [(p.file, p.where, p.message) for p in refused.value.problems] == [("drones.geojson", where, message)]


@pytest.mark.parametrize(
    "bad, where, message",
    [
        ("a feature", "", str(m.FEATURE_NOT_OBJECT)),
        ({**feature(), "type": "Point"}, "", str(m.FEATURE_TYPE)),
        (feature(id=[1]), ".id", str(m.FEATURE_ID)),
        ({"type": "Feature", "geometry": POINT}, "", m.MEMBER_REQUIRED.format(member="properties")),
        (feature(properties="Galați"), ".properties", m.PROPERTIES_NOT_OBJECT.format(kind="string")),
        ({"type": "Feature", "properties": {}}, "", m.MEMBER_REQUIRED.format(member="geometry")),
        (feature(geometry="POINT (28 45)"), ".geometry", str(m.GEOMETRY_NOT_OBJECT)),
        (
            feature(geometry={"type": "Feature", "coordinates": []}),
            ".geometry",
            m.NOT_A_GEOMETRY_TYPE.format(kind="Feature"),
        ),
        (feature(geometry={"type": "Point"}), ".geometry", m.MEMBER_REQUIRED.format(member="coordinates")),
        (feature(geometry={"type": "GeometryCollection"}), ".geometry", str(m.GEOMETRIES_REQUIRED)),
        (
            feature(geometry={"type": "GeometryCollection", "geometries": [POINT, "a point"]}),
            ".geometry.geometries[1]",
            str(m.COLLECTION_MEMBER),
        ),
        (
            feature(geometry={"type": "LineString", "coordinates": 28.0}),
            ".geometry.coordinates",
            str(m.POSITION_A_NUMBER),
        ),
        (
            feature(geometry={"type": "Point", "coordinates": "28,45"}),
            ".geometry.coordinates",
            m.POSITION_NOT_ARRAY.format(kind="string"),
        ),
        (
            feature(geometry={"type": "Polygon", "coordinates": [28.0, 45.0]}),
            ".geometry.coordinates[0]",
            str(m.NEST_DEEPER),
        ),
        (
            feature(geometry={"type": "Point", "coordinates": ["28", "45"]}),
            ".geometry.coordinates",
            str(m.POSITION_NOT_NUMBERS),
        ),
        (
            feature(geometry={"type": "Point", "coordinates": [28.0]}),
            ".geometry.coordinates",
            str(m.POSITION_TOO_SHORT),
        ),
        (
            feature(geometry={"type": "Point", "coordinates": [45.4, 128.0]}),
            ".geometry.coordinates",
            m.POSITION_OUTSIDE.format(lon=45.4, lat=128.0),
        ),
        (
            feature(geometry={"type": "LineString", "coordinates": [[28.0, 45.0]]}),
            ".geometry.coordinates",
            str(m.LINE_TOO_SHORT),
        ),
        (
            feature(geometry={"type": "Polygon", "coordinates": [[RING[0], RING[1], RING[0]]]}),
            ".geometry.coordinates[0]",
            str(m.RING_TOO_SHORT),
        ),
        (
            feature(geometry={"type": "Polygon", "coordinates": [RING[:4]]}),
            ".geometry.coordinates[0]",
            str(m.RING_NOT_CLOSED),
        ),
    ],
)
def test_a_broken_feature_is_a_bad_row_named_by_its_index(bad, where, message):
    _value, _warnings, by_feature = geojson_load("drones.geojson", json.dumps(collection(feature(), bad)))
    assert by_feature == {1: [(where, message)]}  # the good feature 0 has no problem


def test_a_closed_ring_and_a_valid_collection_pass_every_check():
    area = feature(geometry={"type": "Polygon", "coordinates": [RING]})
    _value, warnings, by_feature = geojson_load("zone.geojson", json.dumps(collection(feature(), area)))
    assert by_feature == {} and warnings == []


def test_a_clockwise_ring_is_imported_with_a_warning():
    area = feature(geometry={"type": "Polygon", "coordinates": [RING[::-1]]})
    _value, warnings, by_feature = geojson_load("zone.geojson", json.dumps(collection(area)))
    assert by_feature == {}
    assert [(p.where, p.message) for p in warnings] == [("features[0].geometry.coordinates[0]", str(m.RIGHT_HAND_RULE))]


@pytest.mark.parametrize(
    "text, message",
    [
        ('{"type": "Feature", "type": "FeatureCollection"}', m.DUPLICATE_MEMBERS.format(member="type")),
        (
            '{"type": "Point", "coordinates": [NaN, 45]}',
            m.INVALID_JSON.format(reason=m.NOT_JSON_NUMBER.format(text="NaN")),
        ),
    ],
)
def test_ambiguous_or_non_json_numbers_are_refused(text, message):
    with pytest.raises(ImportRefused) as refused:
        geojson_load("drones.geojson", text)
    assert [p.message for p in refused.value.problems] == [message]
