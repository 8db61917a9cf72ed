"""Property tests (hypothesis) for coordinates and geometry, through full_clean, the database and GeoJSON.

They run on whichever database the suite uses (SQLite by default, PostgreSQL with
DATABASE_URL), so each property holds on both.
"""

import json
import math

from django.core.exceptions import ValidationError
from django.db import DataError, IntegrityError, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from events.models import Event
from events.serializers import event_feature
from events.services.geometry import GeometryError, geometry_validate

DB_PROPERTY = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
any_float = st.floats(allow_nan=True, allow_infinity=True) | st.sampled_from([90.0, -90.0, 180.0, -180.0, 1e400])


def absolute(path):
    return f"https://mapper.example.org{path}"


def strict_json(value):
    return json.loads(json.dumps(value, allow_nan=False))


@DB_PROPERTY
@given(latitude=any_float, longitude=any_float)
def test_full_clean_accepts_exactly_finite_coordinates_in_range(make_event, latitude, longitude):
    event = make_event()
    event.latitude, event.longitude = latitude, longitude
    valid = all(map(math.isfinite, (latitude, longitude))) and abs(latitude) <= 90 and abs(longitude) <= 180
    try:
        event.full_clean()
        accepted = True
    except ValidationError as exc:
        accepted = False
        assert set(exc.message_dict) <= {"latitude", "longitude"}
    assert accepted == valid


@DB_PROPERTY
@given(latitude=st.floats(-1000, 1000), longitude=st.floats(-1000, 1000))
def test_the_database_stores_exactly_what_full_clean_accepts(make_event, latitude, longitude):
    """Saved raw (no validation), an out-of-range point is refused by the CheckConstraints (row 9)."""
    event = make_event()
    in_range = abs(latitude) <= 90 and abs(longitude) <= 180
    try:
        with transaction.atomic():
            Event.objects.filter(pk=event.pk).update(latitude=latitude, longitude=longitude)
        stored = True
    except (IntegrityError, DataError):
        stored = False
    assert stored == in_range
    if stored:
        event.refresh_from_db()
        assert (event.latitude, event.longitude) == (latitude, longitude)


@DB_PROPERTY
@given(latitude=st.floats(-90, 90), longitude=st.floats(-180, 180))
def test_geojson_of_any_valid_point_is_strict_json_longitude_first(make_event, latitude, longitude):
    event = make_event(latitude=latitude, longitude=longitude)
    event = Event.objects.select_related("kind").prefetch_related("citations__article").get(pk=event.pk)

    feature = strict_json(event_feature(event, absolute))

    assert feature["geometry"] == {"type": "Point", "coordinates": [longitude, latitude]}
    assert (feature["properties"]["latitude"], feature["properties"]["longitude"]) == (latitude, longitude)


position = st.lists(any_float, min_size=1, max_size=3)
line_string = st.fixed_dictionaries(
    {"type": st.sampled_from(["LineString", "Polygon", "Point"]), "coordinates": st.lists(position, max_size=6)}
)


@settings(max_examples=300, deadline=None)
@given(line_string)
def test_geometry_validation_accepts_or_names_the_problem_never_crashes(geojson):
    try:
        geometry = geometry_validate(geojson)
    except GeometryError as exc:
        assert str(exc)
        return
    assert geometry.is_valid and not geometry.is_empty
    for lon, lat, *_ in geojson["coordinates"]:
        assert math.isfinite(lon) and math.isfinite(lat) and abs(lon) <= 180 and abs(lat) <= 90


@DB_PROPERTY
@given(
    st.lists(st.tuples(st.floats(-180, 180), st.floats(-90, 90)), min_size=2, max_size=8, unique=True).map(
        lambda points: {"type": "LineString", "coordinates": [list(point) for point in points]}
    )
)
def test_a_geometry_full_clean_accepts_is_saved_and_served_unchanged(make_event, geojson):
    event = make_event(latitude=None, longitude=None)
    event.geometry = geojson
    try:
        event.full_clean()
    except ValidationError as exc:
        assert list(exc.message_dict) == ["geometry"]
        return
    event.save()
    event = Event.objects.select_related("kind").prefetch_related("citations__article").get(pk=event.pk)
    assert strict_json(event_feature(event, absolute))["geometry"] == geojson
