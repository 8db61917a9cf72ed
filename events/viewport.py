"""What the map shows of one view: single events and grid clusters, counted in SQL.

The view (a bbox and a zoom) is cut into a grid of square cells of ``360 / 2**(zoom + 2)`` degrees,
about 64 pixels wide on the map. One ``GROUP BY`` query over the cells, with every filter in its
``WHERE``, gives each cell's exact count, per-kind counts, mean point and extent, so the counts are
exact under any filter and need nothing kept in step on writes: a write is in the next answer.
The answer's size grows with the number of cells in view, never with the archive: a cell holding
one event becomes that event's feature, the others cluster features. See docs/clustering.md.
"""

import dataclasses
import math

from django.db.models import Avg, Count, F, Func, IntegerField, Max, Min, Q
from django.db.models.functions import Coalesce
from shapely.geometry import mapping, shape

from events.models import EventKind
from events.selectors import EventFilter, events_matching, events_public, point_in_bbox, shape_in_bbox
from events.serializers import event_feature

MAX_ZOOM = 20
CELL_ZOOM_OFFSET = 2  # cells are a quarter of a 256-px map tile
MAX_CELLS_ACROSS = 40  # a bbox far wider than a screen at its zoom gets coarser cells, not a huge answer
SINGLES_MAX = 300  # this many events in view or fewer: every one is a single feature
SHAPES_MAX = 200  # more lines and areas than this in view are clustered by their centres like points
SIMPLIFY_FRACTION = 1 / 32  # of a cell: shape detail finer than half a map pixel or so is dropped


class CellIndex(Func):
    """``floor((expression + offset) / size)`` as an integer; offset and size are our own numbers, inlined
    so that SELECT and GROUP BY carry the very same expression."""

    output_field = IntegerField()

    def __init__(self, expression, offset: float, size: float):
        super().__init__(expression)
        self.offset, self.size = float(offset), float(size)

    def as_sql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        inner = f"(({sql}) + {self.offset!r}) / {self.size!r}"
        # Values are non-negative here, so SQLite's CAST (which truncates) is the floor.
        template = "FLOOR({})::integer" if connection.vendor == "postgresql" else "CAST({} AS INTEGER)"
        return template.format(inner), params


@dataclasses.dataclass
class Cell:
    count: int = 0
    lon_sum: float = 0.0
    lat_sum: float = 0.0
    west: float = math.inf
    south: float = math.inf
    east: float = -math.inf
    north: float = -math.inf
    first_pk: int = 0
    kinds: dict = dataclasses.field(default_factory=dict)

    def add(self, row, kind_slug):
        self.count += row["count"]
        self.lon_sum += row["lon"] * row["count"]
        self.lat_sum += row["lat"] * row["count"]
        self.west, self.south = min(self.west, row["west"]), min(self.south, row["south"])
        self.east, self.north = max(self.east, row["east"]), max(self.north, row["north"])
        self.first_pk = row["first_pk"]
        self.kinds[kind_slug] = self.kinds.get(kind_slug, 0) + row["count"]

    def feature(self) -> dict:
        point = [self.lon_sum / self.count, self.lat_sum / self.count]  # GeoJSON: lon, lat
        return {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": point},
            "properties": {
                "cluster": True,
                "count": self.count,
                "kinds": self.kinds,
                "extent": [self.west, self.south, self.east, self.north],
            },
        }


def cell_size_degrees(bbox, zoom: int) -> float:
    """The grid step for ``zoom``, made coarser (by powers of two) until the bbox spans at most MAX_CELLS_ACROSS."""
    min_lon, min_lat, max_lon, max_lat = bbox
    width = max_lon - min_lon if min_lon <= max_lon else max_lon - min_lon + 360
    size = 360 / 2 ** (zoom + CELL_ZOOM_OFFSET)
    while max(width, max_lat - min_lat) / size > MAX_CELLS_ACROSS and size < 360:
        size *= 2
    return size


def viewport_collection(params: EventFilter, zoom: int, absolute) -> dict:
    """The FeatureCollection for the map's view: ``total`` exact, cluster counts plus singles adding up to it."""
    bbox = params.bbox
    size = cell_size_degrees(bbox, zoom)
    anywhere = events_matching(dataclasses.replace(params, bbox=None))
    shape_count = anywhere.filter(shape_in_bbox(bbox)).count()
    shapes_clustered = shape_count > SHAPES_MAX
    in_cells = point_in_bbox(bbox) | shape_in_bbox(bbox) if shapes_clustered else point_in_bbox(bbox)
    cells = _cells(anywhere.filter(in_cells), size)
    total = sum(cell.count for cell in cells) + (0 if shapes_clustered else shape_count)

    public = events_public(dataclasses.replace(params, bbox=None)).order_by()
    if total <= SINGLES_MAX:
        singles, clusters = public.filter(point_in_bbox(bbox) | shape_in_bbox(bbox)), []
    else:
        lone = Q(pk__in=[cell.first_pk for cell in cells if cell.count == 1])
        clusters = [cell for cell in cells if cell.count > 1]
        singles = public.filter(lone if shapes_clustered else lone | shape_in_bbox(bbox))
    features = [_single_feature(event, absolute, size) for event in singles]
    return {
        "type": "FeatureCollection",
        "total": total,
        "zoom": zoom,
        "features": features + [cell.feature() for cell in clusters],
    }


def _cells(events, size: float) -> list[Cell]:
    """One GROUP BY over (cell, kind): a cell's rows are merged into one ``Cell`` per grid square."""
    longitude = Coalesce(F("longitude"), (F("shape_west") + F("shape_east")) / 2)
    latitude = Coalesce(F("latitude"), (F("shape_south") + F("shape_north")) / 2)
    rows = (
        events.annotate(cell_x=CellIndex(longitude, 180, size), cell_y=CellIndex(latitude, 90, size))
        .values("cell_x", "cell_y", "kind_id")
        .annotate(
            count=Count("pk"),
            lon=Avg(longitude),
            lat=Avg(latitude),
            west=Min(Coalesce(F("longitude"), F("shape_west"))),
            east=Max(Coalesce(F("longitude"), F("shape_east"))),
            south=Min(Coalesce(F("latitude"), F("shape_south"))),
            north=Max(Coalesce(F("latitude"), F("shape_north"))),
            first_pk=Min("pk"),
        )
        .order_by()
    )
    kind_slugs = dict(EventKind.objects.values_list("pk", "slug"))
    cells: dict[tuple[int, int], Cell] = {}
    for row in rows:
        cells.setdefault((row["cell_x"], row["cell_y"]), Cell()).add(row, kind_slugs.get(row["kind_id"], ""))
    return list(cells.values())


def _single_feature(event, absolute, size: float) -> dict:
    """The event's usual feature; a line or area is simplified to what this zoom can show."""
    feature = event_feature(event, absolute)
    if event.geometry:
        try:
            simplified = shape(event.geometry).simplify(size * SIMPLIFY_FRACTION, preserve_topology=True)
            feature["geometry"] = mapping(simplified)
        except Exception:  # a malformed stored shape is sent as it is, never a 500
            pass
    return feature
