"""Geometry with shapely: validating event shapes, building common ones, and an event's border facts.

Pure functions over GeoJSON dicts and shapely objects; no ORM, so tests need no
database. Coordinates are longitude-first throughout, as GeoJSON and shapely.
Boundary data, borders and distances live in ``events.services.borders``.
"""

import json
import math

import shapely
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry
from shapely.validation import explain_validity

from events.services import borders

ALLOWED_TYPES = {"MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon", "GeometryCollection"}
MAX_VERTICES = 20_000


class GeometryError(ValueError):
    """A GeoJSON geometry we refuse, with a message naming the problem."""


def geometry_validate(geojson) -> BaseGeometry:
    """Return the shapely geometry for ``geojson`` or raise GeometryError.

    Coordinates are checked as given, before shapely sees them, so that an
    oversized or non-numeric input is refused cheaply and with a plain message.
    """
    if not isinstance(geojson, dict):
        raise GeometryError("Geometry must be a GeoJSON object.")
    kind = geojson.get("type")
    if kind not in ALLOWED_TYPES:
        raise GeometryError(f"Geometry type {kind!r} is not one of {', '.join(sorted(ALLOWED_TYPES))}.")
    positions = _collection_positions(geojson) if kind == "GeometryCollection" else None
    if positions is None:
        positions = _positions(geojson.get("coordinates"), NESTING[kind], kind)
    if len(positions) > MAX_VERTICES:
        raise GeometryError(f"{kind} has {len(positions)} vertices; the limit is {MAX_VERTICES}.")
    for position in positions:
        if not isinstance(position, list | tuple) or len(position) not in (2, 3):
            raise GeometryError(f"{kind} has a position that is not [longitude, latitude]: {position!r:.60}.")
        if not all(isinstance(n, int | float) and not isinstance(n, bool) and math.isfinite(n) for n in position):
            raise GeometryError(f"{kind} has a coordinate that is not a finite number: {position!r:.60}.")
        lon, lat = position[:2]
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            raise GeometryError(f"{kind} has a point outside longitude/latitude ranges: [{lon}, {lat}].")
    try:
        geom = shape(geojson)
    except Exception as exc:  # shapely raises several types for malformed input
        raise GeometryError(f"Malformed {kind}: {exc}") from exc
    if geom.is_empty:
        raise GeometryError(f"{kind} is empty.")
    if not geom.is_valid:
        raise GeometryError(f"Invalid {kind}: {explain_validity(geom)}.")
    return geom


NESTING = {"Point": 0, "MultiPoint": 1, "LineString": 1, "MultiLineString": 2, "Polygon": 2, "MultiPolygon": 3}


def _collection_positions(collection) -> list:
    """The positions of a GeometryCollection's members (points included; no nested collections)."""
    members = collection.get("geometries")
    if not isinstance(members, list) or not members:
        raise GeometryError("A GeometryCollection needs a non-empty list of geometries.")
    positions = []
    for member in members:
        kind = member.get("type") if isinstance(member, dict) else None
        if kind not in NESTING:
            raise GeometryError(f"GeometryCollection member type {kind!r} is not a simple geometry.")
        positions += _positions(member.get("coordinates"), NESTING[kind], kind)
    return positions


def _positions(coordinates, depth: int, kind: str) -> list:
    """The positions nested ``depth`` lists deep in GeoJSON ``coordinates``."""
    if not isinstance(coordinates, list | tuple):
        raise GeometryError(f"{kind} coordinates must be nested lists of [longitude, latitude].")
    if depth == 0:
        return [coordinates]
    if depth == 1:
        return list(coordinates)
    return [position for item in coordinates for position in _positions(item, depth - 1, kind)]


def geometry_bounds(geojson) -> tuple[float, float, float, float] | None:
    """(west, south, east, north) of a line or area, or None when it is not one we could draw."""
    kind = str(geojson.get("type")) if isinstance(geojson, dict) else ""
    try:
        positions = _positions(geojson.get("coordinates"), NESTING[kind], kind)
        longitudes = [float(position[0]) for position in positions]
        latitudes = [float(position[1]) for position in positions]
    except (GeometryError, KeyError, IndexError, TypeError, ValueError):
        return None
    if not positions:
        return None
    return min(longitudes), min(latitudes), max(longitudes), max(latitudes)


MAX_BUFFER_KM = 500
BORDER_LINE_TOLERANCE_DEGREES = 0.02  # about 2 km: a drawn border line may be a little off the data


def shape_from_spec(spec: dict) -> dict:
    """A GeoJSON geometry for a common shape, or GeometryError naming what is wrong.

    ``{"border": ["RO", "UA"]}`` is the shared land border line;
    ``{"border": ["RO", "UA"], "buffer_km": 30}`` the area within 30 km of it;
    ``{"country": "RO"}`` the country's outline.
    """
    if not isinstance(spec, dict) or len({"border", "country"} & spec.keys()) != 1:
        raise GeometryError('A shape spec is {"border": [a, b]} (optionally with "buffer_km") or {"country": code}.')
    unknown = spec.keys() - {"border", "country", "buffer_km"}
    if unknown or ("buffer_km" in spec and "border" not in spec):
        raise GeometryError(f"Unexpected keys in shape spec: {', '.join(sorted(unknown or {'buffer_km'}))}.")
    try:
        if "country" in spec:
            geom = borders.country_outline(spec["country"])
        else:
            pair = spec["border"]
            if not isinstance(pair, list | tuple) or len(pair) != 2:
                raise GeometryError('A border needs exactly two country codes, e.g. ["RO", "UA"].')
            a, b = pair
            if "buffer_km" in spec:
                geom = borders.border_zone(a, b, _buffer_km(spec["buffer_km"]))
            else:
                geom = borders.border_line(a, b)
    except borders.BorderError as exc:
        raise GeometryError(str(exc)) from exc
    return _geojson(geom)


def _buffer_km(value) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value <= MAX_BUFFER_KM:
        raise GeometryError(f"buffer_km must be a number of kilometres above 0 and at most {MAX_BUFFER_KM}.")
    return float(value)


def _geojson(geom: BaseGeometry) -> dict:
    """GeoJSON with coordinates to 5 decimals (about a metre), under the vertex limit events accept."""
    tolerance = 0.0
    simplified = geom
    while len(shapely.get_coordinates(simplified)) > MAX_VERTICES:
        tolerance = tolerance * 2 or 0.001
        simplified = geom.simplify(tolerance)
    return json.loads(shapely.to_geojson(shapely.set_precision(simplified, 1e-5)))


def event_facts_compute(event) -> None:
    """Set ``country_code``, ``border_country``, ``border_distance_km`` and ``border_zone`` on an event; never saves.

    From the event's point when it has one. Otherwise from its geometry:

    * a line that follows a land border (every vertex within about 2 km of it)
      *is* on the border: distance 0, and the country is the event's
      ``country_hint`` when that is one of the two sides (the border "with
      Ukraine" seen from Romania), else the side its representative point falls on;
    * an area (a country, a zone) gets the country its representative point
      (shapely's ``point_on_surface``) falls in, and no border facts: the
      distance from one point inside "Romania" to a border says nothing true
      about an event that happened somewhere in Romania.

    At sea, on disputed land, or with neither point nor usable geometry, all
    three are empty; a country without land borders gets its code only.

    ``border_zone`` holds the distance to every land border within
    ``borders.BORDER_ZONE_CAP_KM``, on either side (``borders.border_zones_many``),
    so "within 30 km of Ukraine's borders" is one SQL filter on a JSON key (GIN-indexed on PostgreSQL).
    """
    events_facts_compute([event])


def events_facts_compute(events) -> None:
    """``event_facts_compute`` for many events: all their points go through one vectorised query."""
    located = []
    for event in events:
        event.country_code, event.border_country, event.border_distance_km = "", "", None
        event.border_zone = {}
        point = _facts_point(event)
        if point is not None:
            located.append((event, *point))
    if not located:
        return
    lons, lats = [lon for _, lon, _, _ in located], [lat for _, _, lat, _ in located]
    codes, neighbours, distances = borders.border_facts_many(lons, lats)
    zones = borders.border_zones_many(lons, lats)
    facts = zip(located, codes, neighbours, distances, zones, strict=True)
    for (event, _, _, geom), country, neighbour, distance, zone in facts:
        _facts_set(event, geom, str(country), str(neighbour), float(distance))
        _zone_set(event, geom, zone)


def _facts_point(event):
    """(lon, lat, shape) the facts come from: the event's point, or a point on its shape; None without either."""
    if event.latitude is not None and event.longitude is not None:
        return event.longitude, event.latitude, None
    if not event.geometry:
        return None
    try:
        geom = geometry_validate(event.geometry)
    except GeometryError:
        return None
    point = shapely.point_on_surface(geom)
    return point.x, point.y, geom


def _facts_set(event, geom, country: str, neighbour: str, distance_km: float) -> None:
    event.country_code = country
    if geom is not None and geom.geom_type in ("Polygon", "MultiPolygon"):
        return
    event.border_country = neighbour
    if neighbour:
        event.border_distance_km = round(distance_km, 3)
    if neighbour and geom is not None and _follows_border(geom, country, neighbour):
        if getattr(event, "country_hint", "") == neighbour:
            country, neighbour = neighbour, country
        event.country_code, event.border_country, event.border_distance_km = country, neighbour, 0.0


def _zone_set(event, geom, zone: dict) -> None:
    """An area has no border zone (as no distance); a line on a border is at 0 km from it."""
    if geom is not None and geom.geom_type in ("Polygon", "MultiPolygon"):
        return
    if event.border_distance_km == 0.0 and event.border_country:
        pair = sorted((event.country_code, event.border_country))
        zone = zone | {"-".join(pair): 0.0, pair[0]: 0.0, pair[1]: 0.0}
    event.border_zone = zone


def _follows_border(geom: BaseGeometry, a: str, b: str) -> bool:
    if geom.geom_type not in ("LineString", "MultiLineString"):
        return False
    vertices = shapely.points(shapely.get_coordinates(geom))
    gaps = shapely.distance(vertices, borders.border_line(a, b))
    return bool(gaps.max() <= BORDER_LINE_TOLERANCE_DEGREES)
