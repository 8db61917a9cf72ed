"""What the map shows of one view: single events and grid clusters with exact counts.

The view (a bbox and a zoom) is cut into a grid of square cells of ``360 / 2**(zoom + 2)`` degrees,
about 64 pixels wide on the map. Each cell's count, per-kind counts, mean point and extent come
either from the precomputed counts (``events.cell_index``: the whole map, a kind filter or a date range,
cells wholly inside the view, then finer cells towards its edges, and only a thin rim and a date
range's partial months counted live), or under a text search from its matches kept in the worker
(``events.kept_matches``), or, under any other filter or at street level, from one live ``GROUP BY`` of
points with the filters in its ``WHERE``. Lines and areas always come from the filter's kept ones. Either
way the counts are exact, and the answer grows with the cells in view, not with the archive: a cell
holding one event becomes that event's feature. See docs/clustering.md.
"""

import dataclasses
import functools
import math
import operator

from django.db.models import Count, F, Func, IntegerField, Max, Min, Q, Sum
from django.db.models.lookups import GreaterThanOrEqual, LessThanOrEqual
from shapely.geometry import mapping, shape

from events.cell_grid import covering_rectangles, split_antimeridian
from events.cell_index import CELLS, LEVELS, MONTH_CELLS, MONTH_LEVELS, UNDATED_MONTH, CellTable, level_size
from events.cell_months import MonthSplit, month_split
from events.kept_matches import Matches, kept_matches
from events.models import CellCounts, EventCell, EventCellMonth, EventKind
from events.page_features import page_features
from events.selectors import (
    EventFilter,
    Unindexed,
    events_matching,
    point_in_bbox,
)

MAX_ZOOM = 20
CELL_ZOOM_OFFSET = 2  # cells are a quarter of a 256-px map tile
MAX_CELLS_ACROSS = 40  # a bbox far wider than a screen at its zoom gets coarser cells, not a huge answer
SINGLES_MAX = 300  # this many events in view or fewer, from SINGLES_ZOOM in: every one is a single feature
# Below this zoom (streets) a cell's events are always one cluster, as supercluster's ``maxZoom``: a city view
# of 200 events shows a few dozen discs, not 200 markers on top of each other (and answers from the cells).
SINGLES_ZOOM = 14
SHAPES_MAX = 200  # more lines and areas than this in view are clustered by their centres like points
# Views up to this area (a city and around) find their points through the point indexes, not a date range's,
# and from SINGLES_ZOOM first try to read all their events as singles (``_few_in_view``).
CITY_VIEW_SQUARE_DEGREES = 1
# A date range sums the stored months only in views of at least two levels coarser than the finest stored one:
# the rim, counted live over all dates, is then under a quarter of a cell wide (a country view at the finest
# level, its rim up to a whole cell on each side, took twice as long as counting its dates live).
MONTH_VIEW_LEVELS = range(MONTH_LEVELS.start, MONTH_LEVELS.stop - 2)
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
        """Merge a row of counts (``count``, ``lon_sum``, ``lat_sum``, extent, ``first_pk``) for one kind."""
        fields = ("count", "lon_sum", "lat_sum", "west", "south", "east", "north", "first_pk")
        self.merge(Cell(**{name: row[name] for name in fields}, kinds={kind_slug: row["count"]}))

    def merge(self, other: "Cell") -> None:
        """Add the events of ``other`` (a group in the same grid cell) to this cell."""
        self.first_pk = min(self.first_pk, other.first_pk) if self.count else other.first_pk
        self.count += other.count
        self.lon_sum += other.lon_sum
        self.lat_sum += other.lat_sum
        self.west, self.south = min(self.west, other.west), min(self.south, other.south)
        self.east, self.north = max(self.east, other.east), max(self.north, other.north)
        for slug, count in other.kinds.items():
            self.kinds[slug] = self.kinds.get(slug, 0) + count

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


def cell_level(bbox, zoom: int) -> int:
    """The grid for ``zoom`` (cells of ``360 / 2**level``), coarser until the bbox spans at most MAX_CELLS_ACROSS."""
    min_lon, min_lat, max_lon, max_lat = bbox
    width = max_lon - min_lon if min_lon <= max_lon else max_lon - min_lon + 360
    level = zoom + CELL_ZOOM_OFFSET
    while level > 0 and max(width, max_lat - min_lat) / level_size(level) > MAX_CELLS_ACROSS:
        level -= 1
    return level


def cell_size_degrees(bbox, zoom: int) -> float:
    return level_size(cell_level(bbox, zoom))


def viewport_collection(params: EventFilter, zoom: int, absolute, *, version: str | None = None) -> dict:
    """The FeatureCollection for the map's view: ``total`` exact, cluster counts plus singles adding up to it.

    ``version``: the data version the caller already read (``http_cache``), so it is not read again."""
    bbox = params.bbox
    level = cell_level(bbox, zoom)
    # A small view's points are found through the point indexes, never traded for a date range's many events.
    wide = _area(bbox) > CITY_VIEW_SQUARE_DEGREES
    anywhere = events_matching(dataclasses.replace(params, bbox=None), date_index=wide)
    # A search's matches, or else (or when too many to keep) the filter's lines and areas, kept in this worker.
    search = kept_matches(params, version=version) if params.q else None
    kept = search or kept_matches(params, shapes_only=True, version=version)
    assert kept is not None  # the lines and areas are always read
    in_view = kept.in_view(bbox)
    shape_ids = kept.pk[in_view & kept.shape].tolist()
    streets = zoom >= SINGLES_ZOOM
    few = _few_in_view(anywhere, bbox, shape_ids) if streets and not search else None
    clusters: list[Cell] = []
    if few is not None:
        total, ids = len(few), few
    else:
        total, ids, clusters = _cells_in_view(
            anywhere, params, level, kept, search is not None, in_view, shape_ids, streets=streets
        )
    size = level_size(level)
    return {
        "type": "FeatureCollection",
        "total": total,
        "zoom": zoom,
        "features": page_features(ids, absolute, functools.partial(_simplified, size=size))
        + [c.feature() for c in clusters],
    }


def _few_in_view(anywhere, bbox, shape_ids) -> list[int] | None:
    """Every event (point, line or area) in a street view when they are SINGLES_MAX or fewer, else None.

    A street view mostly holds a few hundred events or fewer; one ``LIMIT`` read of their ids spares
    the cell grouping. A wide bbox sent with a street zoom skips this: it nearly always holds more."""
    if _area(bbox) > CITY_VIEW_SQUARE_DEGREES or len(shape_ids) > SINGLES_MAX:
        return None
    ids = list(anywhere.filter(point_in_bbox(bbox)).values_list("pk", flat=True)[: SINGLES_MAX + 1 - len(shape_ids)])
    return ids + shape_ids if len(ids) + len(shape_ids) <= SINGLES_MAX else None


def _cells_in_view(anywhere, params, level, kept: Matches, search, in_view, shape_ids, *, streets):
    """The view's exact total, its single events' ids and its clusters (all singles in a street view of few).

    The points are counted from the search's kept matches (``search``), from the stored cell counts where they
    answer the filter, or else by one live ``GROUP BY``; the lines and areas come from the kept ones."""
    kind_slugs = dict(EventKind.objects.values_list("pk", "slug"))
    grid: dict[tuple[int, int], Cell] = {}
    if search:
        _rows_merge(grid, kept.groups(in_view & ~kept.shape, level), kind_slugs)
    elif (stored := precomputed_table(params, level)) is not None:
        grid = _precomputed_cells(params, level, kind_slugs, *stored)
    else:
        _live_merge(grid, anywhere.filter(point_in_bbox(params.bbox)), level, kind_slugs)
    total = sum(cell.count for cell in grid.values()) + len(shape_ids)
    if streets and total <= SINGLES_MAX:
        if search:
            return total, kept.pk[in_view].tolist(), []
        return total, list(anywhere.filter(point_in_bbox(params.bbox)).values_list("pk", flat=True)) + shape_ids, []
    if len(shape_ids) > SHAPES_MAX:  # too many lines and areas to show alone: they join the cells at their centres
        _rows_merge(grid, kept.groups(in_view & kept.shape, level), kind_slugs)
        shape_ids = []
    singles = [cell.first_pk for cell in grid.values() if cell.count == 1] + shape_ids
    return total, singles, [cell for cell in grid.values() if cell.count > 1]


def _area(bbox) -> float:
    """The view's area in square degrees (across the antimeridian too)."""
    min_lon, min_lat, max_lon, max_lat = bbox
    width = max_lon - min_lon if min_lon <= max_lon else max_lon - min_lon + 360
    return width * (max_lat - min_lat)


def precomputed_table(params: EventFilter, level: int) -> tuple[CellTable, MonthSplit | None] | None:
    """Which stored counts answer: they hold published points by kind (and by month, at the coarser levels),
    so they answer when no other filter is set; a date range also needs its partial months' split."""
    others = (params.ids, params.article, params.q, params.near_border, params.precisions)
    if any(others) or params.within_km is not None:
        return None
    if not (params.date_from or params.date_to) and params.undated == "include":
        return (CELLS, None) if level in LEVELS else None
    split = month_split(params.date_from, params.date_to, params.undated) if level in MONTH_VIEW_LEVELS else None
    return None if split is None else (MONTH_CELLS, split)


def _precomputed_cells(params, level, kind_slugs, table, split) -> dict[tuple[int, int], Cell]:
    """Stored counts for the cells wholly inside the view, finer ones towards its edges, the rim counted live.

    Under a date range (``split``), the stored rows are its whole months (and the undated, when asked for)
    and the events of its partial months are counted live over the whole view."""
    cells: dict[tuple[int, int], Cell] = {}
    kind_ids = [pk for pk, slug in kind_slugs.items() if slug in params.kinds] if params.kinds else None
    model: type[CellCounts]
    if split is None:
        model, months, stored_part = EventCell, Q(), dataclasses.replace(params, bbox=None)
    else:
        date_from, date_to, undated = split.stored
        model, months = EventCellMonth, _stored_months(split)
        stored_part = dataclasses.replace(params, bbox=None, date_from=date_from, date_to=date_to, undated=undated)
    stored_events = events_matching(stored_part, date_index=False)  # the events the stored rows count: the rim
    for box in split_antimeridian(params.bbox):
        rectangles, finest = covering_rectangles(box, level, table.levels)
        if rectangles:
            stored = model.objects.filter(functools.reduce(operator.or_, map(_stored_rectangle, rectangles)), months)
            if kind_ids is not None:
                stored = stored.filter(kind_id__in=kind_ids)
            _stored_merge(cells, stored, level, kind_slugs)
        rim = stored_events.filter(point_in_bbox(box)) if finest is None else _rim(stored_events, box, finest)
        _live_merge(cells, rim, level, kind_slugs)
        for date_from, date_to in split.live if split else ():
            partial = dataclasses.replace(params, bbox=None, date_from=date_from, date_to=date_to, undated="exclude")
            _live_merge(cells, events_matching(partial).filter(point_in_bbox(box)), level, kind_slugs)
    return cells


def _stored_months(split: MonthSplit) -> Q:
    """The stored rows of the split's whole months, and of the undated when they are asked for."""
    months, undated = split.month_keys()
    condition = Q(month__range=months) if months else Q(pk__in=[])
    return condition | Q(month=UNDATED_MONTH) if undated else condition


def _stored_merge(cells, stored, level, kind_slugs) -> None:
    """The stored rows summed per cluster cell of ``level`` (``cell_x >> (row level - level)``) and kind."""
    rows = (
        stored.annotate(
            parent_x=F("cell_x").bitrightshift(F("level") - level),
            parent_y=F("cell_y").bitrightshift(F("level") - level),
        )
        .values("parent_x", "parent_y", "kind_id")
        .annotate(
            n=Sum("count"),
            lons=Sum("lon_sum"),
            lats=Sum("lat_sum"),
            w=Min("west"),
            s=Min("south"),
            e=Max("east"),
            nn=Max("north"),
            first=Min("first_pk"),
        )
        .order_by()
    )
    for row in rows:
        counts = {
            "count": row["n"], "lon_sum": row["lons"], "lat_sum": row["lats"], "west": row["w"],
            "south": row["s"], "east": row["e"], "north": row["nn"], "first_pk": row["first"],
        }  # fmt: skip
        key = (row["parent_x"], row["parent_y"])
        cells.setdefault(key, Cell()).add(counts, kind_slugs.get(row["kind_id"], ""))


def _stored_rectangle(rectangle) -> Q:
    """The stored cells of one rectangle, through the index on its shorter side (a ring's strip is thin)."""
    level, x0, x1, y0, y1 = rectangle
    wide, narrow = ("cell_x", "cell_y") if x1 - x0 >= y1 - y0 else ("cell_y", "cell_x")
    low, high = (x0, x1) if wide == "cell_x" else (y0, y1)
    narrow_range = (y0, y1) if narrow == "cell_y" else (x0, x1)
    wide_value = Unindexed(F(wide))
    return Q(level=level, **{f"{narrow}__range": narrow_range}) & Q(
        GreaterThanOrEqual(wide_value, low), LessThanOrEqual(wide_value, high)
    )


def _rim(events, box, finest):
    """Events in ``box`` outside the finest inner cells: four thin strips (each an index range), then the exact test."""
    finest_level, x0, x1, y0, y1 = finest
    size, margin = level_size(finest_level), 1e-9
    west, south, east, north = box
    inner_west, inner_east = x0 * size - 180.0, (x1 + 1) * size - 180.0
    inner_south, inner_north = y0 * size - 90.0, (y1 + 1) * size - 90.0

    strips = (
        _strip("latitude", south, inner_south + margin, "longitude", west, east)
        | _strip("latitude", inner_north - margin, north, "longitude", west, east)
        | _strip("longitude", west, inner_west + margin, "latitude", south, north)
        | _strip("longitude", inner_east - margin, east, "latitude", south, north)
    )
    annotated = events.filter(strips).annotate(
        fine_x=CellIndex(F("longitude"), 180, size), fine_y=CellIndex(F("latitude"), 90, size)
    )
    return annotated.exclude(fine_x__range=(x0, x1), fine_y__range=(y0, y1))


def _strip(narrow, narrow_low, narrow_high, wide, wide_low, wide_high) -> Q:
    """``narrow`` and ``wide`` in their ranges, found through the index on ``narrow`` (the thin side of a strip)."""
    wide_value = Unindexed(F(wide))
    return Q(**{f"{narrow}__gte": narrow_low, f"{narrow}__lte": narrow_high}) & Q(
        GreaterThanOrEqual(wide_value, wide_low), LessThanOrEqual(wide_value, wide_high)
    )


def _live_merge(cells, events, level, kind_slugs) -> None:
    """One GROUP BY over (cell, kind) of the points of ``events``, merged into ``cells`` keyed by cell."""
    size = level_size(level)
    longitude, latitude = F("longitude"), F("latitude")
    rows = (
        events.annotate(cell_x=CellIndex(longitude, 180, size), cell_y=CellIndex(latitude, 90, size))
        .values("cell_x", "cell_y", "kind_id")
        .annotate(
            count=Count("pk"),
            lon_sum=Sum(longitude),
            lat_sum=Sum(latitude),
            west=Min(longitude),
            east=Max(longitude),
            south=Min(latitude),
            north=Max(latitude),
            first_pk=Min("pk"),
        )
        .order_by()
    )
    _rows_merge(cells, rows, kind_slugs)


def _rows_merge(cells, rows, kind_slugs) -> None:
    """Rows of counts, one per (cell, kind), merged into ``cells`` by cell."""
    for row in rows:
        cells.setdefault((row["cell_x"], row["cell_y"]), Cell()).add(row, kind_slugs.get(row["kind_id"], ""))


def _simplified(geometry: dict, size: float) -> dict:
    """A stored line or area simplified to what this zoom can show."""
    try:
        return mapping(shape(geometry).simplify(size * SIMPLIFY_FRACTION, preserve_topology=True))
    except Exception:  # a malformed stored shape is sent as it is, never a 500
        return geometry
