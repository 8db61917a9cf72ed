"""KML in, streamed with lxml: Placemarks with their name, description, ExtendedData
(``Data`` and ``SchemaData/SimpleData``), TimeStamp and TimeSpan, and geometry
(Point, LineString, LinearRing, Polygon, MultiGeometry, gx:Track, gx:MultiTrack).

Entities are not resolved and nothing is fetched (no XXE, no network). A Placemark
without geometry becomes a row without a place, which the import reports (needs
review), never a row silently dropped.
"""

from lxml import etree, html

from events.importers import messages as m
from events.importers.rows import SourceRow
from events.services.import_files import ImportRefused, Problem, file_open

GEOMETRY_TAGS = {"Point", "LineString", "LinearRing", "Polygon", "MultiGeometry", "Track", "MultiTrack"}
MULTI = {"Point": "MultiPoint", "LineString": "MultiLineString", "Polygon": "MultiPolygon"}


def _local(element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def _child(element, name):
    return next((child for child in element if _local(child) == name), None)


def _text(element, name) -> str:
    child = _child(element, name) if element is not None else None
    return (child.text or "").strip() if child is not None else ""


def _plain_text(text: str) -> str:
    """A description as text: KML balloons are often HTML (tags dropped, line breaks kept)."""
    if "<" not in text:
        return text
    fragment = html.fragment_fromstring(text, create_parent="div")
    for code in fragment.xpath(".//script | .//style"):
        code.drop_tree()  # what a script or a style says is not the description
    for br in fragment.iter("br", "p", "li", "tr", "h1", "h2", "h3"):
        br.tail = "\n" + (br.tail or "")
    return "\n".join(line.strip() for line in fragment.text_content().splitlines() if line.strip())


def _positions(text, where, separator=None) -> list:
    """``"lon,lat[,alt] lon,lat…"`` -> ``[[lon, lat], …]``; ValueError naming the bad tuple."""
    positions = []
    for chunk in (text or "").split():
        parts = chunk.split(",") if separator is None else [chunk]
        try:
            numbers = [float(part) for part in parts if part != ""]
        except ValueError:
            raise ValueError(m.KML_NOT_NUMBERS.format(where=where, chunk=chunk)) from None
        if len(numbers) < 2:
            raise ValueError(m.KML_NEEDS_LON_LAT.format(where=where, chunk=chunk))
        positions.append(numbers[:2])
    return positions


def _track(element) -> dict:
    coords = [child.text or "" for child in element if _local(child) == "coord"]
    positions = []
    for text in coords:
        numbers = text.split()
        try:
            positions.append([float(numbers[0]), float(numbers[1])])
        except (IndexError, ValueError):
            raise ValueError(m.KML_TRACK_COORD.format(text=text)) from None
    return {"type": "LineString", "coordinates": positions}


def _ring(element, where):
    ring = _child(element, "LinearRing")
    return _positions(_text(ring, "coordinates"), where) if ring is not None else []


def geometry_from_kml(element) -> dict | None:
    """One KML geometry element as a GeoJSON geometry; ValueError names what is wrong."""
    name = _local(element)
    if name == "Point":
        positions = _positions(_text(element, "coordinates"), "Point")
        if not positions:
            return None  # <Point/> or empty coordinates: no place given
        if len(positions) != 1:
            raise ValueError(m.KML_POINT_POSITIONS.format(count=len(positions)))
        return {"type": "Point", "coordinates": positions[0]}
    if name in ("LineString", "LinearRing"):
        positions = _positions(_text(element, "coordinates"), name)
        return {"type": "LineString", "coordinates": positions} if positions else None
    if name == "Polygon":
        outer = _child(element, "outerBoundaryIs")
        rings = [_ring(outer, str(m.KML_OUTER_BOUNDARY))] if outer is not None else []
        rings += [_ring(inner, str(m.KML_INNER_BOUNDARY)) for inner in element if _local(inner) == "innerBoundaryIs"]
        return {"type": "Polygon", "coordinates": rings}
    if name == "Track":
        return _track(element)
    if name in ("MultiGeometry", "MultiTrack"):
        found = (geometry_from_kml(child) for child in element if _local(child) in GEOMETRY_TAGS)
        parts = [part for part in found if part is not None]
        if not parts:
            return None
        kinds = {part["type"] for part in parts}
        if len(parts) == 1:
            return parts[0]
        if len(kinds) == 1 and next(iter(kinds)) in MULTI:
            return {"type": MULTI[next(iter(kinds))], "coordinates": [part["coordinates"] for part in parts]}
        return {"type": "GeometryCollection", "geometries": parts}
    return None


def _extended_data(placemark) -> dict:
    values: dict[str, str] = {}
    extended = _child(placemark, "ExtendedData")
    if extended is None:
        return values
    for item in extended.iter():
        local = _local(item)
        if local == "Data" and item.get("name"):
            values[item.get("name")] = _text(item, "value")
        elif local == "SimpleData" and item.get("name"):
            values[item.get("name")] = (item.text or "").strip()
    return values


def _placemark_row(number, placemark) -> SourceRow:
    values = {
        "name": _text(placemark, "name"),
        "description": _plain_text(_text(placemark, "description")),
        "address": _text(placemark, "address"),
    }
    if placemark.get("id"):
        values["id"] = placemark.get("id")
    values.update(_extended_data(placemark))
    stamp, span = _child(placemark, "TimeStamp"), _child(placemark, "TimeSpan")
    if stamp is not None:
        values.setdefault("date", _text(stamp, "when"))
    elif span is not None:
        values.setdefault("date", _text(span, "begin"))
        values.setdefault("date_end", _text(span, "end"))
    problems, geometry = [], None
    element = next((child for child in placemark if _local(child) in GEOMETRY_TAGS), None)
    if element is not None:
        try:
            geometry = geometry_from_kml(element)
        except ValueError as exc:
            problems.append(("geometry", str(exc), ""))
    values = {key: value for key, value in values.items() if value != ""}
    original = {"type": "Feature", "properties": values, "geometry": geometry}
    return SourceRow(
        m.PLACEMARK.format(number=number), values, geometry, original, problems, anchor=f"placemark {number}"
    )


class KmlFile:
    """A KML file as rows, one per Placemark, in document order."""

    format = "kml"

    def __init__(self, name, path):
        self.name, self.path, self.warnings = name, path, []
        columns = {"name": None, "description": None, "date": None}
        count = 0
        for row in self:
            columns.update(dict.fromkeys(row.values))
            count += 1
        self.columns = list(columns)
        if count == 0:
            self.warnings.append(Problem(name, "", str(m.KML_NO_PLACEMARKS)))

    def __iter__(self):
        with file_open(self.path) as handle:
            parser = etree.iterparse(
                handle, events=("end",), tag="{*}Placemark", resolve_entities=False, no_network=True, huge_tree=False
            )
            number = 0
            try:
                for _, placemark in parser:
                    number += 1
                    yield _placemark_row(number, placemark)
                    placemark.clear()  # keep memory flat on large files
            except etree.XMLSyntaxError as exc:
                where = m.LINE.format(line=exc.lineno) if exc.lineno else ""
                raise ImportRefused([Problem(self.name, where, m.KML_NOT_WELL_FORMED.format(reason=exc.msg))]) from None
