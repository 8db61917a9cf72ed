"""GeoJSON in: FeatureCollection, Feature or a bare geometry; every geometry type.

The structure is checked the way geojsonhint checks it (RFC 7946), with the path of
the feature in every message (``features[3].geometry.coordinates[0]``). What RFC 7946
only says a file *should* do (right-hand winding, no single-member or nested
GeometryCollections, at most three numbers per position) is a warning, not a refusal:
real tools write such files and their meaning is clear.
"""

import codecs
import json
import math
import os
import re

import ijson

from events.importers import messages as m
from events.importers.rows import SourceRow
from events.services.import_files import ImportRefused, Problem, file_bytes_read, file_open, text_decode

GEOMETRY_TYPES = {"Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon"}
TYPES = GEOMETRY_TYPES | {"GeometryCollection", "Feature", "FeatureCollection"}
# How many array levels sit above one position.
POSITION_DEPTH = {"Point": 0, "MultiPoint": 1, "LineString": 1, "MultiLineString": 2, "Polygon": 2, "MultiPolygon": 3}
STREAM_ABOVE_BYTES = 4_000_000  # smaller files are read whole: every check, duplicate keys included
FORBIDDEN_MEMBERS = {
    "FeatureCollection": ("properties", "coordinates", "geometry", "geometries"),
    "Feature": ("features", "coordinates", "geometries"),
    "geometry": ("properties", "geometry", "features"),
}


class _Duplicate(ValueError):
    pass


def _no_duplicates(pairs):
    obj = {}
    for key, value in pairs:
        if key in obj:
            raise _Duplicate(key)
        obj[key] = value
    return obj


def _refuse_constant(text):
    raise ValueError(m.NOT_JSON_NUMBER.format(text=text))


def _json_type(value) -> str:
    for kind, name in ((bool, "boolean"), (str, "string"), (dict, "object"), (list, "Array"), (type(None), "null")):
        if isinstance(value, kind):
            return name
    return "number"


def _number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


class _Checker:
    """Collects (where, message) errors and warnings for one GeoJSON document."""

    def __init__(self):
        self.errors, self.warnings = [], []

    def error(self, where, message):
        self.errors.append((where, message))

    def warn(self, where, message):
        self.warnings.append((where, message))

    def typed(self, obj, where, expected=None) -> str | None:
        kind = obj.get("type")
        if "type" not in obj:
            self.error(where, m.MEMBER_REQUIRED.format(member="type"))
            return None
        if not isinstance(kind, str):
            self.error(where, m.TYPE_NOT_STRING.format(kind=_json_type(kind)))
            return None
        if kind not in TYPES:
            fixed = next((t for t in TYPES if t.lower() == kind.lower()), None)
            if fixed:
                self.error(where, m.TYPE_CASE.format(fixed=fixed, kind=kind))
            else:
                self.error(where, m.TYPE_UNKNOWN.format(kind=kind))
            return None
        if expected and kind not in expected:
            return kind
        return kind

    def forbidden(self, obj, where, family, label):
        for member in FORBIDDEN_MEMBERS[family]:
            if member in obj:
                self.error(where, m.MEMBER_FORBIDDEN.format(label=label, member=member))

    def bbox(self, obj, where):
        if "bbox" not in obj:
            return
        box, where = obj["bbox"], f"{where}.bbox" if where else "bbox"
        if not isinstance(box, list):
            self.error(where, m.BBOX_NOT_ARRAY.format(kind=_json_type(box)))
        elif not all(_number(n) for n in box):
            self.error(where, str(m.BBOX_NOT_NUMBERS))
        elif len(box) not in (4, 6):
            self.error(where, str(m.BBOX_LENGTH))

    def root(self, value):
        if not isinstance(value, dict):
            self.error("", str(m.ROOT_NOT_OBJECT))
            return
        kind = self.typed(value, "")
        if kind == "FeatureCollection":
            self.forbidden(value, "", "FeatureCollection", "FeatureCollection")
            self.bbox(value, "")
            features = value.get("features")
            if "features" not in value:
                self.error("", m.MEMBER_REQUIRED.format(member="features"))
            elif not isinstance(features, list):
                self.error("features", m.FEATURES_NOT_ARRAY.format(kind=_json_type(features)))
            else:
                for index, feature in enumerate(features):
                    self.feature(feature, f"features[{index}]")
        elif kind == "Feature":
            self.feature(value, "")
        elif kind is not None:
            self.geometry(value, "")

    def feature(self, feature, where):
        if not isinstance(feature, dict):
            self.error(where, str(m.FEATURE_NOT_OBJECT))
            return
        if feature.get("type") != "Feature":
            self.error(where, str(m.FEATURE_TYPE))
            return
        self.forbidden(feature, where, "Feature", "Feature")
        self.bbox(feature, where)
        if "id" in feature and not isinstance(feature["id"], str | int | float):
            self.error(f"{where}.id", str(m.FEATURE_ID))
        if "properties" not in feature:
            self.error(where, m.MEMBER_REQUIRED.format(member="properties"))
        elif not isinstance(feature["properties"], dict | None):
            kind = _json_type(feature["properties"])
            self.error(f"{where}.properties", m.PROPERTIES_NOT_OBJECT.format(kind=kind))
        if "geometry" not in feature:
            self.error(where, m.MEMBER_REQUIRED.format(member="geometry"))
        elif feature["geometry"] is not None:
            self.geometry(feature["geometry"], f"{where}.geometry" if where else "geometry")

    def geometry(self, geometry, where, *, in_collection=False):
        if not isinstance(geometry, dict):
            self.error(where, str(m.GEOMETRY_NOT_OBJECT))
            return
        kind = self.typed(geometry, where)
        if kind is None:
            return
        if kind not in GEOMETRY_TYPES | {"GeometryCollection"}:
            self.error(where, m.NOT_A_GEOMETRY_TYPE.format(kind=kind))
            return
        self.forbidden(geometry, where, "geometry", "geometry")
        self.bbox(geometry, where)
        if kind == "GeometryCollection":
            self.collection(geometry, where, in_collection)
            return
        if "coordinates" not in geometry:
            self.error(where, m.MEMBER_REQUIRED.format(member="coordinates"))
            return
        self.coordinates(geometry["coordinates"], POSITION_DEPTH[kind], kind, f"{where}.coordinates")

    def collection(self, geometry, where, in_collection):
        members = geometry.get("geometries")
        if not isinstance(members, list):
            self.error(where, str(m.GEOMETRIES_REQUIRED))
            return
        if in_collection:
            self.warn(where, str(m.COLLECTION_NESTED))
        if len(members) == 1:
            self.warn(where, str(m.COLLECTION_SINGLE))
        for index, member in enumerate(members):
            if not isinstance(member, dict):
                self.error(f"{where}.geometries[{index}]", str(m.COLLECTION_MEMBER))
            else:
                self.geometry(member, f"{where}.geometries[{index}]", in_collection=True)

    def coordinates(self, coordinates, depth, kind, where):
        if depth == 0:
            self.position(coordinates, where)
            return
        if not isinstance(coordinates, list):
            if _number(coordinates) or isinstance(coordinates, int | float):
                self.error(where, str(m.POSITION_A_NUMBER))
            else:
                self.error(where, m.COORDINATES_NOT_ARRAY.format(kind=_json_type(coordinates)))
            return
        for index, item in enumerate(coordinates):
            if depth > 1 and not isinstance(item, list):
                self.error(f"{where}[{index}]", str(m.NEST_DEEPER))
                return
            self.coordinates(item, depth - 1, kind, f"{where}[{index}]")
        self.shape_rules(coordinates, depth, kind, where)

    def position(self, position, where):
        if not isinstance(position, list):
            self.error(where, m.POSITION_NOT_ARRAY.format(kind=_json_type(position)))
        elif not all(_number(n) for n in position):
            self.error(where, str(m.POSITION_NOT_NUMBERS))
        elif len(position) < 2:
            self.error(where, str(m.POSITION_TOO_SHORT))
        else:
            if len(position) > 3:
                self.warn(where, str(m.POSITION_TOO_LONG))
            lon, lat = position[:2]
            if not (-180 <= lon <= 180 and -90 <= lat <= 90):
                self.error(where, m.POSITION_OUTSIDE.format(lon=lon, lat=lat))

    def shape_rules(self, coordinates, depth, kind, where):
        """Line and ring rules, checked on the list one level above the positions."""
        if depth != 1 or not all(isinstance(p, list) and len(p) >= 2 and all(map(_number, p)) for p in coordinates):
            return
        if kind in ("LineString", "MultiLineString") and len(coordinates) < 2:
            self.error(where, str(m.LINE_TOO_SHORT))
        if kind in ("Polygon", "MultiPolygon"):
            if len(coordinates) < 4:
                self.error(where, str(m.RING_TOO_SHORT))
            if coordinates[0] != coordinates[-1]:
                self.error(where, str(m.RING_NOT_CLOSED))
            elif len(coordinates) >= 4:
                exterior = where.endswith("[0]")
                clockwise = _ring_area(coordinates) < 0
                if clockwise == exterior:
                    self.warn(where, str(m.RIGHT_HAND_RULE))


def _ring_area(ring) -> float:
    """Signed area (shoelace): positive when counter-clockwise."""
    return sum(x1 * y2 - x2 * y1 for (x1, y1, *_), (x2, y2, *_) in zip(ring, ring[1:], strict=False)) / 2


FEATURE_PATH = re.compile(r"^features\[(\d+)\](.*)$")


def _errors_split(name, checker) -> dict:
    """Errors inside one feature, as ``{index: [(sub-path, message)]}``: that feature is a bad row (so
    ``--partial`` keeps the others). Any error outside a feature refuses the whole file."""
    by_feature: dict[int, list[tuple[str, str]]] = {}
    for where, message in checker.errors:
        found = FEATURE_PATH.match(where)
        if found is None:
            raise ImportRefused([Problem(name, where, message) for where, message in checker.errors])
        by_feature.setdefault(int(found.group(1)), []).append((found.group(2), message))
    return by_feature


def geojson_load(name, text):
    """The parsed document and its warnings; ImportRefused lists every structural problem."""
    try:
        value = json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_refuse_constant)
    except json.JSONDecodeError as exc:
        where = m.LINE_COLUMN.format(line=exc.lineno, column=exc.colno)
        raise ImportRefused([Problem(name, where, m.INVALID_JSON.format(reason=exc.msg))]) from None
    except _Duplicate as exc:
        message = m.DUPLICATE_MEMBERS.format(member=exc.args[0])
        raise ImportRefused([Problem(name, "", message)]) from None
    except RecursionError:
        raise ImportRefused([Problem(name, "", str(m.NESTED_TOO_DEEPLY))]) from None
    except ValueError as exc:
        raise ImportRefused([Problem(name, "", m.INVALID_JSON.format(reason=exc))]) from None
    checker = _Checker()
    checker.root(value)
    feature_errors = _errors_split(name, checker)
    return value, [Problem(name, where, message) for where, message in checker.warnings], feature_errors


def _features(value):
    if value["type"] == "FeatureCollection":
        yield from enumerate(value["features"])
    elif value["type"] == "Feature":
        yield 0, value
    else:
        yield 0, {"type": "Feature", "geometry": value, "properties": {}}


def _feature_values(feature) -> dict:
    values = dict(feature.get("properties") or {})
    if "id" in feature:
        values.setdefault("id", feature["id"])
    return values


class GeoJsonFile:
    """A GeoJSON file as rows: each feature's properties are its columns, its geometry its place.

    A FeatureCollection larger than ``STREAM_ABOVE_BYTES`` is streamed with ijson, feature by
    feature, in both passes (memory stays flat); the checks are the same, except that a key
    repeated inside a feature is only caught in files read whole.
    """

    format = "geojson"

    def __init__(self, name, path):
        self.name, self.path, self.document = name, path, None
        with file_open(path) as handle:
            head = handle.read(4)
            size = os.fstat(handle.fileno()).st_size
        self.streamed = size > STREAM_ABOVE_BYTES and not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
        if self.streamed:
            checked = _stream_check(name, path)
            self.streamed = checked is not None  # None: not a FeatureCollection, read it whole
            if self.streamed:
                self.warnings, self.feature_errors = checked
        if not self.streamed:
            loaded = geojson_load(name, text_decode(name, file_bytes_read(path)))
            self.document, self.warnings, self.feature_errors = loaded
        columns = {}
        for row in self:
            columns.update(dict.fromkeys(row.values))
        self.columns = list(columns)

    def _features(self):
        if not self.streamed:
            yield from _features(self.document)
            return
        with file_open(self.path) as handle:
            _skip_bom(handle)
            yield from enumerate(ijson.items(handle, "features.item", use_float=True))

    def __iter__(self):
        for index, feature in self._features():
            problems = [(path, message, "") for path, message in self.feature_errors.get(index, ())]
            if problems:  # a bad row: only its problems (and, for the rejects file, the feature) matter
                yield SourceRow(f"features[{index}]", {}, None, feature, problems)
                continue
            yield SourceRow(f"features[{index}]", _feature_values(feature), feature.get("geometry"), feature)


def _skip_bom(handle):
    if handle.read(3) != codecs.BOM_UTF8:
        handle.seek(0)


EVENT_TYPES = {"start_map": "object", "string": "string", "boolean": "boolean", "null": "null"}


def _stream_check(name, path) -> tuple[list[Problem], dict] | None:
    """The checks of ``geojson_load`` for a large FeatureCollection, without loading it."""
    checker, keys = _Checker(), []
    kind: str | None = None
    features_event: str | None = None
    try:
        with file_open(path) as handle:
            _skip_bom(handle)
            for prefix, event, value in ijson.parse(handle, use_float=True):
                if prefix == "" and event == "map_key":
                    keys.append(value)
                elif prefix == "type" and event == "string":
                    kind = value
                elif prefix == "features" and features_event is None and event != "map_key":
                    features_event = event
                elif prefix == "" and event not in ("start_map", "end_map"):
                    raise ImportRefused([Problem(name, "", str(m.ROOT_NOT_OBJECT))])
        duplicates = sorted({key for key in keys if keys.count(key) > 1})
        if duplicates:
            message = m.DUPLICATE_MEMBERS.format(member=duplicates[0])
            raise ImportRefused([Problem(name, "", message)])
        if kind != "FeatureCollection":  # only a collection grows large; anything else is read whole
            return None
        root = dict.fromkeys(keys)
        checker.forbidden(root, "", "FeatureCollection", "FeatureCollection")
        if "features" not in root:
            checker.error("", m.MEMBER_REQUIRED.format(member="features"))
        elif features_event != "start_array":
            kind = EVENT_TYPES.get(str(features_event), "number")
            checker.error("features", m.FEATURES_NOT_ARRAY.format(kind=kind))
        else:
            with file_open(path) as handle:
                _skip_bom(handle)
                if "bbox" in root:
                    checker.bbox({"bbox": next(ijson.items(handle, "bbox", use_float=True))}, "")
                    handle.seek(0)
                    _skip_bom(handle)
                for index, feature in enumerate(ijson.items(handle, "features.item", use_float=True)):
                    checker.feature(feature, f"features[{index}]")
    except ijson.JSONError as exc:
        raise ImportRefused([Problem(name, "", m.INVALID_JSON.format(reason=exc))]) from None
    feature_errors = _errors_split(name, checker)
    return [Problem(name, where, message) for where, message in checker.warnings], feature_errors
