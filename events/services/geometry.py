"""Geometry with shapely: validation of GeoJSON shapes.

Pure functions over GeoJSON dicts and shapely objects; no ORM, so tests need no
database. Coordinates are longitude-first throughout, as GeoJSON and shapely.
"""

import math

from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

ALLOWED_TYPES = {"LineString", "MultiLineString", "Polygon", "MultiPolygon"}
MAX_VERTICES = 20_000


class GeometryError(ValueError):
    """A GeoJSON geometry we refuse, with a message naming the problem."""


def geometry_validate(geojson) -> BaseGeometry:
    """Return the shapely geometry for ``geojson`` or raise GeometryError."""
    if not isinstance(geojson, dict):
        raise GeometryError("Geometry must be a GeoJSON object.")
    kind = geojson.get("type")
    if kind not in ALLOWED_TYPES:
        raise GeometryError(f"Geometry type {kind!r} is not one of {', '.join(sorted(ALLOWED_TYPES))}.")
    try:
        geom = shape(geojson)
    except Exception as exc:  # shapely raises several types for malformed input
        raise GeometryError(f"Malformed {kind}: {exc}") from exc
    if geom.is_empty:
        raise GeometryError(f"{kind} is empty.")
    coords = _coordinates(geom)
    if len(coords) > MAX_VERTICES:
        raise GeometryError(f"{kind} has {len(coords)} vertices; the limit is {MAX_VERTICES}.")
    for lon, lat, *_ in coords:
        if not (math.isfinite(lon) and math.isfinite(lat)):
            raise GeometryError(f"{kind} has a coordinate that is not a finite number.")
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            raise GeometryError(f"{kind} has a point outside longitude/latitude ranges: [{lon}, {lat}].")
    if not geom.is_valid:
        from shapely.validation import explain_validity

        raise GeometryError(f"Invalid {kind}: {explain_validity(geom)}.")
    return geom


def _coordinates(geom: BaseGeometry) -> list:
    if hasattr(geom, "geoms"):
        return [c for part in geom.geoms for c in _coordinates(part)]
    if geom.geom_type == "Polygon":
        return [c for ring in (geom.exterior, *geom.interiors) for c in ring.coords]
    return list(geom.coords)


def event_facts_compute(event) -> None:
    """Placeholder until the borders work lands: no facts computed."""
