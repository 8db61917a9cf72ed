"""Country boundaries and the land borders between them, from Natural Earth.

The data is Natural Earth's admin-0 countries at 1:10m as TopoJSON (the npm
package ``world-atlas``; see ``events/data/SOURCE.md``), with territory assigned
as ISO 3166-1 and the UN have it (Crimea in Ukraine: ``events.services.topology``).
It is decoded once per process, on first use, into shapely polygons with an ``STRtree``.

**Borders come from the topology, not from geometric intersection.** TopoJSON
stores every boundary segment once, as an *arc*, and each country's rings refer
to the arcs they are made of. An arc used by two countries is exactly the line
they share, so a border is the merge of the arcs two countries have in common.
This is robust to the tiny gaps and slivers that intersecting two separately
digitised boundaries would leave (no tolerance or buffer to tune), and an arc
used by one country only is coastline, never a border.

**Distances.** ``border_distance_km`` is geodesic on the WGS84 ellipsoid:
(1) the nearest point of the border line is found in Web-Mercator coordinates,
which are conformal, so around the event a kilometre is the same length in every
direction and the nearest point in the plane is the geodesically nearest one to
first order (the distance is stationary at the minimum, so a slightly shifted
foot changes it only to second order); (2) the distance from the event to that
point is Lambert's formula for the ellipsoid (about 10 m over thousands of km).
Together this is well within 1% of the true distance to the line; the benchmark
checks it against a brute-force geodesic (geopy/Karney) over the densified line.

Codes are ISO 3166-1 alpha-2; Kosovo is ``XK`` as in GeoNames; names come from
``events.services.countries``. Everything here is longitude-first.
"""

import json
import math
from dataclasses import dataclass
from functools import cache

import numpy as np
import shapely
from django.utils.translation import gettext
from shapely import STRtree
from shapely.geometry import MultiLineString, mapping
from shapely.geometry.base import BaseGeometry
from shapely.ops import linemerge

from events.services.countries import country_name as _table_name
from events.services.country_codes import country_code_or_blank
from events.services.topology import DATA_DIR, feature_code, topology_decode, topology_read, valid_outline

DETAILED_FILE = DATA_DIR / "countries-10m.json"
SIMPLIFIED_FILE = DATA_DIR / "countries-110m.json"

WGS84_A_KM = 6378.137
WGS84_F = 1 / 298.257223563


class BorderError(ValueError):
    """A country code we do not know, or two countries that share no land border."""


@dataclass(frozen=True)
class Boundaries:
    codes: np.ndarray  # ISO alpha-2 per feature ("" when disputed)
    polygons: np.ndarray  # shapely (Multi)Polygon per feature, lon/lat
    tree: STRtree  # over ``polygons``
    names: dict  # code -> country name (the country-name table's)
    borders: dict  # (a, b) with a < b -> shapely line, lon/lat
    neighbours: dict  # code -> sorted neighbour codes


@cache
def boundaries() -> Boundaries:
    """The decoded boundary data, loaded once per process."""
    arcs, decoded = topology_decode(topology_read(DETAILED_FILE))
    codes = np.array([feature_code(feature) for feature, *_ in decoded], dtype=object)
    polygons = np.array([geometry for _, geometry, *_ in decoded], dtype=object)
    shapely.prepare(polygons)
    names = {code: _table_name(code, "en") for code in sorted(set(codes) - {""})}

    arc_owners: dict[int, set[str]] = {}
    for code, (_, _, used) in zip(codes, decoded, strict=True):
        if code:
            for index in used:
                arc_owners.setdefault(index, set()).add(code)
    pair_arcs: dict[tuple[str, str], list] = {}
    for index, owners in arc_owners.items():
        if len(owners) == 2:
            a, b = sorted(owners)
            pair_arcs.setdefault((a, b), []).append(arcs[index])
    borders = {pair: linemerge(MultiLineString(lines)) for pair, lines in pair_arcs.items()}

    neighbours: dict[str, list] = {}
    for a, b in sorted(borders):
        neighbours.setdefault(a, []).append(b)
        neighbours.setdefault(b, []).append(a)
    return Boundaries(codes, polygons, STRtree(polygons), names, borders, neighbours)


@dataclass(frozen=True)
class BorderIndex:
    """One country's land borders cut into segments, in Mercator, for nearest-segment queries."""

    tree: STRtree
    segments: np.ndarray  # shapely LineStrings of two points
    neighbours: np.ndarray  # the country across each segment


@cache
def border_index(code: str) -> BorderIndex | None:
    """Built on first use for each country (most batches touch a few countries)."""
    data = boundaries()
    segments: list[np.ndarray] = []
    neighbours: list[np.ndarray] = []
    for neighbour in data.neighbours.get(code, []):
        for part in shapely.get_parts(data.borders[tuple(sorted((code, neighbour)))]):
            coords = _mercator(shapely.get_coordinates(part))
            segments.append(shapely.linestrings(np.stack([coords[:-1], coords[1:]], axis=1)))
            neighbours.append(np.full(len(coords) - 1, neighbour, dtype=object))
    if not segments:
        return None
    lines = np.concatenate(segments)
    return BorderIndex(STRtree(lines), lines, np.concatenate(neighbours))


def _mercator(lonlat: np.ndarray) -> np.ndarray:
    """Spherical Mercator in radians; latitudes clamped short of the poles."""
    lon = np.radians(lonlat[:, 0])
    lat = np.radians(np.clip(lonlat[:, 1], -89.5, 89.5))
    return np.column_stack([lon, np.log(np.tan(np.pi / 4 + lat / 2))])


def _mercator_inverse(xy: np.ndarray) -> np.ndarray:
    return np.column_stack([np.degrees(xy[:, 0]), np.degrees(2 * np.arctan(np.exp(xy[:, 1])) - np.pi / 2)])


def geodesic_km(lon1, lat1, lon2, lat2) -> np.ndarray:
    """Ellipsoidal (WGS84) distance by Lambert's formula; vectorised over numpy arrays."""
    lon1, lat1, lon2, lat2 = (np.radians(np.asarray(v, dtype=float)) for v in (lon1, lat1, lon2, lat2))
    beta1 = np.arctan((1 - WGS84_F) * np.tan(lat1))
    beta2 = np.arctan((1 - WGS84_F) * np.tan(lat2))
    haversine = np.sin((beta2 - beta1) / 2) ** 2 + np.cos(beta1) * np.cos(beta2) * np.sin((lon2 - lon1) / 2) ** 2
    sigma = 2 * np.arcsin(np.sqrt(np.clip(haversine, 0, 1)))
    p, q = (beta1 + beta2) / 2, (beta2 - beta1) / 2
    with np.errstate(divide="ignore", invalid="ignore"):
        x = (sigma - np.sin(sigma)) * np.sin(p) ** 2 * np.cos(q) ** 2 / np.cos(sigma / 2) ** 2
        y = (sigma + np.sin(sigma)) * np.cos(p) ** 2 * np.sin(q) ** 2 / np.sin(sigma / 2) ** 2
        distance = WGS84_A_KM * (sigma - WGS84_F / 2 * (x + y))
    return np.where(sigma > 0, distance, 0.0)


# A point at sea this close to a coast is given that coast's country. The 1:10m outlines are
# drawn for a map at 1:10,000,000, where 5 km is half a millimetre: about 1.5 % of GeoNames'
# cities fall just outside them (Kherson on the Dnipro estuary 0.2 km out, Skadovsk 0.3 km;
# 99 % of them within 4.6 km). Within 5 km of a coast is always inside that state's territorial
# sea (12 nautical miles), and the nearest coast wins, as the median line divides a strait.
COAST_KM = 5.0
KM_PER_DEGREE = 111.32


def countries_at(lons, lats) -> np.ndarray:
    """ISO alpha-2 code of the country under each point (or within ``COAST_KM`` of its coast);
    "" further out at sea or on disputed land."""
    data = boundaries()
    lons, lats = np.asarray(lons, dtype=float), np.asarray(lats, dtype=float)
    points = shapely.points(lons, lats)
    found = np.full(len(points), "", dtype=object)
    # Bounding boxes from the tree, then the exact test on the prepared polygons.
    point_index, feature_index = data.tree.query(points)
    inside = shapely.intersects(data.polygons[feature_index], points[point_index])
    point_index, feature_index = point_index[inside], feature_index[inside]
    # On a border line both countries match; keep the first so the answer is stable.
    first = np.unique(point_index, return_index=True)[1]
    found[point_index[first]] = data.codes[feature_index[first]]
    matched = np.zeros(len(points), dtype=bool)
    matched[point_index] = True  # disputed land ("") is land: not moved to a neighbour's coast
    offshore = np.flatnonzero(~matched)
    if len(offshore):
        found[offshore] = _coast_countries(data, lons[offshore], lats[offshore])
    return found


def _coast_countries(data: Boundaries, lons: np.ndarray, lats: np.ndarray) -> np.ndarray:
    """For points outside every outline: the country whose coast is nearest within ``COAST_KM``, or ""."""
    found = np.full(len(lons), "", dtype=object)
    points = shapely.points(lons, lats)
    # In degrees a km is longest along a parallel: 1/(111.32 cos φ); 10% margin for φ across the reach.
    reach = 1.1 * COAST_KM / (KM_PER_DEGREE * np.cos(np.radians(np.clip(lats, -89.5, 89.5))))
    point_at, feature_at = data.tree.query(points, predicate="dwithin", distance=reach)
    if not len(point_at):
        return found
    feet = shapely.get_coordinates(
        shapely.get_point(shapely.shortest_line(points[point_at], data.polygons[feature_at]), 1)
    )
    distances = geodesic_km(lons[point_at], lats[point_at], feet[:, 0], feet[:, 1])
    best = np.full(len(lons), np.inf)
    for row, feature, km in zip(point_at, feature_at, distances, strict=True):
        if km <= COAST_KM and km < best[row]:
            best[row], found[row] = km, data.codes[feature]
    return found


def country_at(lon: float, lat: float) -> str:
    return str(countries_at([lon], [lat])[0])


def _foot_lonlat(points_mercator: np.ndarray, lines_mercator) -> np.ndarray:
    """Lon/lat of the point of each Mercator line nearest to each Mercator point."""
    feet = shapely.get_point(shapely.shortest_line(points_mercator, lines_mercator), 1)
    return _mercator_inverse(shapely.get_coordinates(feet))


def border_facts_many(lons, lats) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For each point: its country, the nearest land neighbour of that country, and the distance in km.

    Vectorised with shapely 2 array functions: one STRtree query for the
    countries, then per country one nearest-segment query over its border
    segments. At sea, on disputed land or in a country without land borders the
    neighbour is "" and the distance NaN.
    """
    lons, lats = np.asarray(lons, dtype=float), np.asarray(lats, dtype=float)
    codes = countries_at(lons, lats)
    neighbours = np.full(len(lons), "", dtype=object)
    distances = np.full(len(lons), np.nan)
    for code in set(codes) - {""}:
        index = border_index(code)
        if index is None:
            continue
        rows = np.flatnonzero(codes == code)
        points = shapely.points(_mercator(np.column_stack([lons[rows], lats[rows]])))
        point_at, segment_at = index.tree.query_nearest(points, all_matches=False)
        rows, points, segments = rows[point_at], points[point_at], index.segments[segment_at]
        feet = _foot_lonlat(points, segments)
        neighbours[rows] = index.neighbours[segment_at]
        distances[rows] = geodesic_km(lons[rows], lats[rows], feet[:, 0], feet[:, 1])
    return codes, neighbours, distances


BORDER_ZONE_CAP_KM = 100.0  # border zones are stored up to this distance (``border_zones_many``)
EARTH_RADIUS_KM = 6371.0088


@cache
def _border_lines_mercator() -> tuple[list[tuple[str, str]], np.ndarray, STRtree]:
    """Every land border as a Mercator line, with a tree over them."""
    pairs = sorted(boundaries().borders)
    lines = np.array([shapely.transform(boundaries().borders[pair], _mercator) for pair in pairs], dtype=object)
    return pairs, lines, STRtree(lines)


def border_zones_many(lons, lats, cap_km: float = BORDER_ZONE_CAP_KM) -> list[dict[str, float]]:
    """For each point, its distance in km to every land border within ``cap_km``, whichever side it is on.

    Keys are the border ("RO-UA", codes sorted) and each country on it ("RO",
    "UA": the distance to that country's nearest land border), so a point in
    Romania 10 km from Ukraine is in Ukraine's 30 km zone too. Same method as
    ``border_distance_km``: nearest point in Mercator, then the ellipsoidal distance.
    """
    lons, lats = np.asarray(lons, dtype=float), np.asarray(lats, dtype=float)
    zones: list[dict[str, float]] = [{} for _ in lons]
    if not len(lons):
        return zones
    pairs, lines, tree = _border_lines_mercator()
    points = shapely.points(_mercator(np.column_stack([lons, lats])))
    # A km is 1/(R cos φ) Mercator units; 10% margin for the change of φ across the cap.
    reach = 1.1 * cap_km / (EARTH_RADIUS_KM * np.cos(np.radians(np.clip(lats, -89.5, 89.5))))
    point_at, line_at = tree.query(points, predicate="dwithin", distance=reach)
    if not len(point_at):
        return zones
    feet = _foot_lonlat(points[point_at], lines[line_at])
    distances = geodesic_km(lons[point_at], lats[point_at], feet[:, 0], feet[:, 1])
    for row, line, km in zip(point_at, line_at, distances, strict=True):
        if km > cap_km:
            continue
        a, b = pairs[line]
        zone, km = zones[row], round(float(km), 3)
        for key in (f"{a}-{b}", a, b):
            zone[key] = min(km, zone.get(key, km))
    return zones


def nearest_border(lon: float, lat: float) -> tuple[str, float] | None:
    """(neighbour code, distance km) for the nearest land border of the point's country, or None."""
    _, neighbours, distances = border_facts_many([lon], [lat])
    return (str(neighbours[0]), float(distances[0])) if neighbours[0] else None


def border_distance_km(lon: float, lat: float, line: BaseGeometry) -> float:
    """Geodesic distance in km from a point to a lon/lat line (method in the module docstring)."""
    point = shapely.points(_mercator(np.array([[lon, lat]])))
    foot = _foot_lonlat(point, shapely.transform(line, _mercator))[0]
    return float(geodesic_km(lon, lat, foot[0], foot[1]))


def country_code_check(code: str) -> str:
    """The upper-cased code if the boundary data knows it; BorderError otherwise."""
    normalised = country_code_or_blank(code)
    if not normalised:
        raise BorderError(gettext("Country codes are two letters (ISO 3166-1 alpha-2), such as RO."))
    if normalised not in boundaries().names:
        raise BorderError(
            gettext("Unknown country code %(code)r: use an ISO 3166-1 alpha-2 code such as RO.") % {"code": normalised}
        )
    return normalised


def border_line(a: str, b: str) -> BaseGeometry:
    """The land border shared by countries ``a`` and ``b`` (lon/lat line)."""
    a, b = country_code_check(a), country_code_check(b)
    if a == b:
        raise BorderError(gettext("A border needs two different countries, not %(code)s twice.") % {"code": a})
    line = boundaries().borders.get(tuple(sorted((a, b))))
    if line is None:
        raise BorderError(gettext("%(a)s and %(b)s share no land border.") % {"a": a, "b": b})
    return line


def neighbours_of(code: str) -> list[str]:
    return list(boundaries().neighbours.get(country_code_check(code), []))


@cache
def country_outline(code: str) -> BaseGeometry:
    """The country's (Multi)Polygon, all its Natural Earth features merged."""
    code = country_code_check(code)
    data = boundaries()
    return shapely.union_all([valid_outline(part) for part in data.polygons[data.codes == code]])


def country_name(code: str) -> str:
    """The country's name in the active language (the one country-name table)."""
    return _table_name(country_code_check(code))


@cache
def countries_geojson(simplified: bool = True) -> str:
    """All countries as a GeoJSON FeatureCollection string (properties: code, name).

    ``simplified`` uses the 1:110m file (about 100 KB), a light base layer for a
    map that cannot reach its tile server.
    """
    topology = topology_read(SIMPLIFIED_FILE if simplified else DETAILED_FILE)
    features = [
        {
            "type": "Feature",
            "properties": {"code": feature_code(feature), "name": _outline_name(feature)},
            "geometry": mapping(shapely.set_precision(valid_outline(geometry), 1e-3) if simplified else geometry),
        }
        for feature, geometry, _ in topology_decode(topology)[1]
    ]
    return json.dumps({"type": "FeatureCollection", "features": features}, separators=(",", ":"))


def _outline_name(feature: dict) -> str:
    """The table's English name; a disputed feature without a code keeps Natural Earth's."""
    code = feature_code(feature)
    return _table_name(code, "en") if code else feature["properties"]["name"]


def border_zone(a: str, b: str, km: float) -> BaseGeometry:
    """The area within ``km`` of the a–b border, as a lon/lat polygon.

    Buffered in an azimuthal equidistant projection centred on the border:
    distances from the centre are exact on the sphere and the sideways scale
    error is (ρ/R)/sin(ρ/R) - 1, about 0.1% at 500 km from the centre, so a
    border the length of Romania–Ukraine's gets a zone true to well under 1%.
    """
    line = border_line(a, b)
    centre = shapely.centroid(line)
    lon0, lat0 = centre.x, centre.y
    zone = shapely.transform(line, lambda c: _aeqd(c, lon0, lat0)).buffer(km, quad_segs=8)
    zone = zone.simplify(km / 1000)  # drop vertices closer than 0.1% of the width to the outline
    return shapely.transform(zone, lambda c: _aeqd_inverse(c, lon0, lat0))


SPHERE_RADIUS_KM = 6371.0088


def _aeqd(lonlat: np.ndarray, lon0: float, lat0: float) -> np.ndarray:
    """Spherical azimuthal equidistant projection (km) centred on lon0, lat0."""
    lam, phi = np.radians(lonlat[:, 0] - lon0), np.radians(lonlat[:, 1])
    phi0 = math.radians(lat0)
    cos_c = np.clip(math.sin(phi0) * np.sin(phi) + math.cos(phi0) * np.cos(phi) * np.cos(lam), -1, 1)
    c = np.arccos(cos_c)
    k = np.where(c > 0, c / np.sin(np.where(c > 0, c, 1)), 1.0) * SPHERE_RADIUS_KM
    x = k * np.cos(phi) * np.sin(lam)
    y = k * (math.cos(phi0) * np.sin(phi) - math.sin(phi0) * np.cos(phi) * np.cos(lam))
    return np.column_stack([x, y])


def _aeqd_inverse(xy: np.ndarray, lon0: float, lat0: float) -> np.ndarray:
    rho = np.hypot(xy[:, 0], xy[:, 1])
    c = rho / SPHERE_RADIUS_KM
    phi0 = math.radians(lat0)
    safe_rho = np.where(rho > 0, rho, 1)
    phi = np.arcsin(np.cos(c) * math.sin(phi0) + xy[:, 1] * np.sin(c) * math.cos(phi0) / safe_rho)
    across = safe_rho * math.cos(phi0) * np.cos(c) - xy[:, 1] * math.sin(phi0) * np.sin(c)
    lam = np.arctan2(xy[:, 0] * np.sin(c), across)
    lon = (lon0 + np.degrees(lam) + 180) % 360 - 180
    return np.column_stack([np.where(rho > 0, lon, lon0), np.where(rho > 0, np.degrees(phi), lat0)])
