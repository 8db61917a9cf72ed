"""A filter's matches kept in each worker as arrays, so that every view under it is counted in memory.

The stored cell counts are per kind and month, not per word, so each view of a text search was one live
``GROUP BY`` over its matches in view. For a common word that is most of a wide view: 137,000 matches in a
world view at a million events, where SQLite's grouping (a sort: it has no hash aggregation) alone took
300 ms, and even a city view read the id list of every match to check its few hundred events against
(docs/scaling.md, run 6). A reader pans and zooms under one search, so its first view reads every match
once (id, kind, and the point or a line's or area's bounds) into arrays, and every later view of it is a
mask and a grouping in numpy: the same total, cells, counts, means, extents and first ids as a
``GROUP BY`` (tests/test_kept_matches.py checks views against brute force). Every filter's lines and areas
are kept the same way (12,000 at a million events): they count where their bounds overlap the view, so the
stored counts of points cannot hold them, and grouping them live was half of a world view's time.

Kept per worker (``events.local_copies``, at most ``MAPPER_MATCHES_LOCAL_BYTES``), keyed by the data
version and the filter without its bbox: a write anywhere changes the version, so an older copy is never
used; inside a write's transaction (a version of its own) nothing is kept. A read of SHARED_FROM_ROWS
matches or more (a common word: 137,000 at a million events, 0.4–0.6 s to read) is also put in the shared
``matches`` cache under its version, so that the other workers and hosts take it from there (30–70 ms)
instead of each reading it again.
"""

import dataclasses
import hashlib
import itertools

import numpy as np
from django.conf import settings
from django.core.cache import caches
from django.db import connection

from events.cell_index import level_size
from events.local_copies import LocalCopies
from events.selectors import EventFilter, events_matching
from events.services.data_version import data_version, data_version_is_pending


@dataclasses.dataclass(frozen=True)
class Matches:
    """One filter's matching events: a point, or a line's or area's bounds and their centre, per event."""

    pk: np.ndarray
    kind_id: np.ndarray
    longitude: np.ndarray  # the point, or the bounds' centre
    latitude: np.ndarray
    west: np.ndarray  # the point again for a point
    south: np.ndarray
    east: np.ndarray
    north: np.ndarray
    shape: np.ndarray  # True for a line or area

    @property
    def nbytes(self) -> int:
        return sum(array.nbytes for array in dataclasses.astuple(self))

    def in_view(self, bbox) -> np.ndarray:
        """Which events are in the view, as ``selectors.bbox_condition`` says: points inside, shapes overlapping."""
        min_lon, min_lat, max_lon, max_lat = bbox
        if min_lon <= max_lon:
            across = (self.east >= min_lon) & (self.west <= max_lon)
        else:  # across the antimeridian
            across = (self.east >= min_lon) | (self.west <= max_lon)
        return across & (self.north >= min_lat) & (self.south <= max_lat)

    def groups(self, selected: np.ndarray, level: int) -> list[dict]:
        """The selected events grouped by (cell of ``level``, kind), each group as ``viewport.Cell.add`` takes it.

        The cell is computed as ``viewport.CellIndex`` computes it in SQL: ``floor((value + offset) / size)``."""
        if not selected.any():
            return []
        size = level_size(level)
        cell_x = np.floor((self.longitude[selected] + 180.0) / size).astype(np.int64)
        cell_y = np.floor((self.latitude[selected] + 90.0) / size).astype(np.int64)
        kind_id = self.kind_id[selected]
        order = np.lexsort((kind_id, cell_y, cell_x))
        keys = np.stack((cell_x, cell_y, kind_id))[:, order]
        starts = np.flatnonzero(np.concatenate(([True], (keys[:, 1:] != keys[:, :-1]).any(axis=0))))

        def each(array, reduce):
            return reduce.reduceat(array[selected][order], starts).tolist()

        columns = {
            "cell_x": keys[0, starts].tolist(),
            "cell_y": keys[1, starts].tolist(),
            "kind_id": keys[2, starts].tolist(),
            "count": np.diff(np.append(starts, len(order))).tolist(),
            "lon_sum": each(self.longitude, np.add),
            "lat_sum": each(self.latitude, np.add),
            "west": each(self.west, np.minimum),
            "south": each(self.south, np.minimum),
            "east": each(self.east, np.maximum),
            "north": each(self.north, np.maximum),
            "first_pk": each(self.pk, np.minimum),
        }
        return [dict(zip(columns, values, strict=True)) for values in zip(*columns.values(), strict=True)]


FETCH_ROWS = 20_000
COLUMNS = ("pk", "kind_id", "longitude", "latitude", "shape_west", "shape_south", "shape_east", "shape_north")
ROW_BYTES = 8 * len(COLUMNS)  # as read; kept, 61 bytes
SHARED_FROM_ROWS = 10_000  # reading this many takes 50 ms and more: worth one shared copy (0.6 MB)


def local_matches() -> LocalCopies:
    """A worker's copies of matches, ``(version, Matches)``, counted by their arrays' bytes."""
    return LocalCopies("MAPPER_MATCHES_LOCAL_BYTES", lambda kept: kept[1].nbytes)


_KEPT = local_matches()


def kept_matches(params: EventFilter, *, shapes_only: bool = False, version: str | None = None) -> Matches | None:
    """The matches of ``params`` without its bbox (``shapes_only``: its lines and areas alone): this worker's
    copy under the current ``version`` (read now unless given), else the shared one, else read now; a
    search's None when they are too many to keep."""
    wanted = (dataclasses.replace(params, bbox=None, limit=None), shapes_only)
    version = version or data_version()
    kept = _KEPT.get(wanted)
    if kept is not None and kept[0] == version:
        return kept[1]
    if data_version_is_pending(version):  # inside a write: neither kept nor shared
        return matches_read(*wanted, most=_most(shapes_only))
    key = "matches:" + hashlib.sha256(repr(wanted).encode()).hexdigest()[:32]
    matches = _shared_copy(key, version)
    if matches is None:
        matches = matches_read(*wanted, most=_most(shapes_only))
        if matches is None:
            return None
        if len(matches.pk) >= SHARED_FROM_ROWS:
            _share(key, version, matches)
    _KEPT.put(wanted, (version, matches))
    return matches


def _most(shapes_only: bool) -> int | None:
    return None if shapes_only else settings.MAPPER_MATCHES_LOCAL_BYTES // 4 // ROW_BYTES


def _shared_copy(key: str, version: str) -> Matches | None:
    """The shared copy under ``version``; its version is read first, so that an older copy is never fetched."""
    shared = caches["matches"]
    if shared.get(key + ":version") != version:
        return None
    stored = shared.get(key)
    return stored[1] if stored is not None and stored[0] == version else None


def _share(key: str, version: str, matches: Matches) -> None:
    shared = caches["matches"]
    shared.set(key, (version, matches))
    shared.set(key + ":version", version)


def matches_read(params: EventFilter, shapes_only: bool = False, *, most: int | None = None) -> Matches | None:
    """Every located event matching ``params`` (which has no bbox), in one read; None past ``most`` of them.

    A search that matches more than a quarter of the budget allows (260,000 events with the default: "a"
    finds nearly every event) is left to the database: its arrays, and the rows read to make them, would
    take hundreds of MB per request. The rows are read in chunks (server-side on PostgreSQL), as stored,
    each NULL a NaN; a line's or area's centre and a point's extent are worked out here (in SQL, those
    ``COALESCE``s doubled the read's time)."""
    events = events_matching(params)
    if shapes_only:  # through the index of shapes (``event_status_shape``, partial on shape_north)
        events = events.filter(latitude__isnull=True, shape_north__isnull=False)
    sql, sql_params = events.values_list(*COLUMNS).query.sql_with_params()
    chunks, count = [], 0
    with connection.chunked_cursor() as cursor:  # the rows as the driver gives them: faster than values_list
        cursor.execute(sql, sql_params)
        while rows := cursor.fetchmany(FETCH_ROWS):
            count += len(rows)
            if most is not None and count > most:
                return None
            chunks.append(np.fromiter(itertools.chain.from_iterable(rows), np.float64, count=len(rows) * len(COLUMNS)))
    table = np.concatenate([np.empty(0), *chunks]).reshape(-1, len(COLUMNS))
    pk, kind_id, longitude, latitude, west, south, east, north = table.T
    shape = np.isnan(latitude)
    located = ~shape | ~np.isnan(west)
    longitude, latitude = np.where(shape, (west + east) / 2, longitude), np.where(shape, (south + north) / 2, latitude)
    west, east = np.where(shape, west, longitude), np.where(shape, east, longitude)
    south, north = np.where(shape, south, latitude), np.where(shape, north, latitude)
    return Matches(
        pk=pk[located].astype(np.int64),
        kind_id=kind_id[located].astype(np.int32),
        longitude=longitude[located],
        latitude=latitude[located],
        west=west[located],
        south=south[located],
        east=east[located],
        north=north[located],
        shape=shape[located],
    )
