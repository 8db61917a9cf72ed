"""The precomputed clusters: published points counted per grid cell, level and kind, kept by triggers.

``events_eventcell`` holds, for every level ``LEVELS`` (cells of ``360 / 2**level`` degrees),
every cell and every kind: the count, the sums of longitude and latitude (for the mean), the
extent and the smallest id (the event itself when the count is one). Triggers on
``events_event`` keep it exact on insert, delete and any update of status, point or kind, on
SQLite and PostgreSQL alike, whichever code (or raw SQL) writes. A removal that took away a
cell's extreme point recomputes that cell's extent from the events. (PostgreSQL runs row triggers
after the whole statement, so a recompute may find a cell's events all gone while its count still
waits for the other rows' triggers: the old values stay until the count reaches zero and the row goes.)

``cell_index_ensure`` creates the triggers when missing (after every migrate, as SQLite drops
triggers when a migration rebuilds a table) and then rebuilds the table; ``cell_index_suspended``
drops them around a bulk load and rebuilds once at the end.
"""

import contextlib

from django.db import connection as default_connection

LEVELS = range(2, 14)  # cluster grids for zooms 0..11; finer views are grouped live
TABLE = "events_eventcell"
TRIGGERS = ("events_cell_insert", "events_cell_delete", "events_cell_update")
COLUMNS = "level, cell_x, cell_y, kind_id, count, lon_sum, lat_sum, west, south, east, north, first_pk"


def level_size(level: int) -> float:
    """Degrees per cell at ``level`` (exact in binary floating point: 45 times a power of two)."""
    return 360.0 / 2**level


def cell_index_ensure(connection=default_connection) -> None:
    """Create the triggers when missing or out of date, then rebuild the counts from the events (idempotent)."""
    statements = _sqlite_triggers() if connection.vendor == "sqlite" else _pg_triggers()
    triggers_ensure(connection, TRIGGERS, statements, cell_index_rebuild)


def triggers_ensure(connection, names, statements, rebuild) -> None:
    """Create the triggers ``names`` from ``statements`` unless they are there and current, then ``rebuild``.

    On PostgreSQL the first statement is the trigger function (CREATE OR REPLACE: always this version's)."""
    statements = list(statements)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(statements.pop(0))
        if _triggers_current(connection, cursor, names, statements):
            return
        triggers_drop(connection, cursor, names)
        for statement in statements:
            cursor.execute(statement)
    rebuild(connection)


def cell_index_rebuild(connection=default_connection) -> None:
    """Recount every cell: the finest level from the events, each coarser one from the level below it.

    A cell of level L is exactly the four cells of level L + 1 it halves into (cell sizes are 45° times
    powers of two, so ``x / (2 * size)`` is ``(x / size) / 2`` in floating point too, and
    ``cell_x >> 1`` is the coarser cell), so one scan of the events builds every level.
    """
    finest = LEVELS.stop - 1
    x, y = _cell("longitude", 180, finest, connection.vendor), _cell("latitude", 90, finest, connection.vendor)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE}")
        cursor.execute(
            f"INSERT INTO {TABLE} ({COLUMNS}) SELECT {finest}, {x}, {y}, kind_id, count(*), sum(longitude), "
            "sum(latitude), min(longitude), min(latitude), max(longitude), max(latitude), min(id) "
            "FROM events_event WHERE status = 'published' AND latitude IS NOT NULL "
            f"GROUP BY {x}, {y}, kind_id"
        )
        for level in reversed(LEVELS[:-1]):
            cursor.execute(
                f"INSERT INTO {TABLE} ({COLUMNS}) SELECT {level}, cell_x >> 1, cell_y >> 1, kind_id, sum(count), "
                "sum(lon_sum), sum(lat_sum), min(west), min(south), max(east), max(north), min(first_pk) "
                f"FROM {TABLE} WHERE level = {level + 1} GROUP BY cell_x >> 1, cell_y >> 1, kind_id"
            )


@contextlib.contextmanager
def cell_index_suspended(connection=default_connection):
    """Bulk writes without per-row trigger work; the counts are rebuilt once at the end (use in a transaction)."""
    with connection.cursor() as cursor:
        triggers_drop(connection, cursor, TRIGGERS)
    try:
        yield
    finally:
        cell_index_ensure(connection)


def _cell(column, offset, level, vendor, row=""):
    value = f"(({row}{column} + {float(offset)!r}) / {level_size(level)!r})"
    return f"FLOOR{value}::integer" if vendor == "postgresql" else f"CAST({value} AS INTEGER)"


def _triggers_current(connection, cursor, names, statements) -> bool:
    """All triggers there, and on SQLite (where their bodies are generated here) the same as this version's."""
    marks = ", ".join(["%s"] * len(names))
    if connection.vendor == "sqlite":
        cursor.execute(f"SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name IN ({marks})", list(names))
        return sorted(row[0] for row in cursor.fetchall()) == sorted(statements)
    cursor.execute(f"SELECT count(*) FROM pg_trigger WHERE tgname IN ({marks})", list(names))
    return cursor.fetchone()[0] == len(names)


def triggers_drop(connection, cursor, names):
    for name in names:
        suffix = "" if connection.vendor == "sqlite" else " ON events_event"
        cursor.execute(f"DROP TRIGGER IF EXISTS {name}{suffix}")


# --- SQLite: one statement per level, generated -------------------------------------------


def _sqlite_add(row="new."):
    statements = []
    for level in LEVELS:
        x, y = _cell("longitude", 180, level, "sqlite", row), _cell("latitude", 90, level, "sqlite", row)
        statements.append(
            f"INSERT INTO {TABLE} ({COLUMNS}) SELECT {level}, {x}, {y}, {row}kind_id, 1, {row}longitude, "
            f"{row}latitude, {row}longitude, {row}latitude, {row}longitude, {row}latitude, {row}id "
            f"WHERE {row}status = 'published' AND {row}latitude IS NOT NULL "
            "ON CONFLICT (level, cell_x, cell_y, kind_id) DO UPDATE SET count = count + 1, "
            "lon_sum = lon_sum + excluded.lon_sum, lat_sum = lat_sum + excluded.lat_sum, "
            "west = min(west, excluded.west), south = min(south, excluded.south), "
            "east = max(east, excluded.east), north = max(north, excluded.north), "
            "first_pk = min(first_pk, excluded.first_pk);"
        )
    return statements


def _sqlite_remove(row="old."):
    statements = []
    for level in LEVELS:
        x, y = _cell("longitude", 180, level, "sqlite", row), _cell("latitude", 90, level, "sqlite", row)
        ex, ey = _cell("longitude", 180, level, "sqlite", "e."), _cell("latitude", 90, level, "sqlite", "e.")
        size = level_size(level)
        this_cell = f"level = {level} AND cell_x = {x} AND cell_y = {y} AND kind_id = {row}kind_id"
        was_counted = f"{row}status = 'published' AND {row}latitude IS NOT NULL"
        statements += [
            f"UPDATE {TABLE} SET count = count - 1, lon_sum = lon_sum - {row}longitude, "
            f"lat_sum = lat_sum - {row}latitude WHERE {was_counted} AND {this_cell};",
            f"DELETE FROM {TABLE} WHERE {was_counted} AND {this_cell} AND count <= 0;",
            # The removed point was on the cell's edge (or its smallest id): recompute from the events left.
            f"UPDATE {TABLE} SET (west, south, east, north, first_pk) = (SELECT coalesce(min(e.longitude), west), "
            "coalesce(min(e.latitude), south), coalesce(max(e.longitude), east), coalesce(max(e.latitude), north), "
            "coalesce(min(e.id), first_pk) FROM events_event e "
            f"WHERE e.status = 'published' AND e.kind_id = {TABLE}.kind_id "
            f"AND e.latitude >= {TABLE}.cell_y * {size!r} - 90.000001 "
            f"AND e.latitude <= ({TABLE}.cell_y + 1) * {size!r} - 89.999999 "
            f"AND e.longitude >= {TABLE}.cell_x * {size!r} - 180.000001 "
            f"AND e.longitude <= ({TABLE}.cell_x + 1) * {size!r} - 179.999999 "
            f"AND {ex} = {TABLE}.cell_x AND {ey} = {TABLE}.cell_y) "
            f"WHERE {was_counted} AND {this_cell} AND (west = {row}longitude OR east = {row}longitude "
            f"OR south = {row}latitude OR north = {row}latitude OR first_pk = {row}id);",
        ]
    return statements


def _sqlite_triggers():
    changed = (
        "old.status IS NOT new.status OR old.latitude IS NOT new.latitude "
        "OR old.longitude IS NOT new.longitude OR old.kind_id IS NOT new.kind_id"
    )
    return [
        f"CREATE TRIGGER events_cell_insert AFTER INSERT ON events_event BEGIN {' '.join(_sqlite_add())} END",
        f"CREATE TRIGGER events_cell_delete AFTER DELETE ON events_event BEGIN {' '.join(_sqlite_remove())} END",
        "CREATE TRIGGER events_cell_update AFTER UPDATE OF status, latitude, longitude, kind_id ON events_event "
        f"WHEN {changed} BEGIN {' '.join(_sqlite_remove() + _sqlite_add())} END",
    ]


# --- PostgreSQL: one PL/pgSQL function looping over the levels ----------------------------


def _pg_triggers():
    cell_x = "floor((r.longitude + 180.0) / s)::integer"
    cell_y = "floor((r.latitude + 90.0) / s)::integer"
    this_cell = f"c.level = lvl AND c.cell_x = {cell_x} AND c.cell_y = {cell_y} AND c.kind_id = r.kind_id"
    function = f"""
CREATE OR REPLACE FUNCTION events_cell_index() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  lvl integer;
  s double precision;
  r record;
BEGIN
  IF TG_OP IN ('DELETE', 'UPDATE') AND OLD.status = 'published' AND OLD.latitude IS NOT NULL THEN
    r := OLD;
    FOR lvl IN {LEVELS.start}..{LEVELS.stop - 1} LOOP
      s := 360.0 / (2 ^ lvl);
      UPDATE {TABLE} c SET count = c.count - 1, lon_sum = c.lon_sum - r.longitude, lat_sum = c.lat_sum - r.latitude
        WHERE {this_cell};
      DELETE FROM {TABLE} c WHERE {this_cell} AND c.count <= 0;
      UPDATE {TABLE} c SET (west, south, east, north, first_pk) = (
          SELECT coalesce(min(e.longitude), c.west), coalesce(min(e.latitude), c.south),
            coalesce(max(e.longitude), c.east), coalesce(max(e.latitude), c.north), coalesce(min(e.id), c.first_pk)
          FROM events_event e WHERE e.status = 'published' AND e.kind_id = c.kind_id
            AND e.latitude >= c.cell_y * s - 90.000001 AND e.latitude <= (c.cell_y + 1) * s - 89.999999
            AND e.longitude >= c.cell_x * s - 180.000001 AND e.longitude <= (c.cell_x + 1) * s - 179.999999
            AND floor((e.longitude + 180.0) / s)::integer = c.cell_x
            AND floor((e.latitude + 90.0) / s)::integer = c.cell_y)
        WHERE {this_cell} AND (c.west = r.longitude OR c.east = r.longitude OR c.south = r.latitude
          OR c.north = r.latitude OR c.first_pk = r.id);
    END LOOP;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.status = 'published' AND NEW.latitude IS NOT NULL THEN
    r := NEW;
    FOR lvl IN {LEVELS.start}..{LEVELS.stop - 1} LOOP
      s := 360.0 / (2 ^ lvl);
      INSERT INTO {TABLE} AS c ({COLUMNS})
        VALUES (lvl, {cell_x}, {cell_y}, r.kind_id, 1, r.longitude, r.latitude,
                r.longitude, r.latitude, r.longitude, r.latitude, r.id)
        ON CONFLICT (level, cell_x, cell_y, kind_id) DO UPDATE SET count = c.count + 1,
          lon_sum = c.lon_sum + excluded.lon_sum, lat_sum = c.lat_sum + excluded.lat_sum,
          west = least(c.west, excluded.west), south = least(c.south, excluded.south),
          east = greatest(c.east, excluded.east), north = greatest(c.north, excluded.north),
          first_pk = least(c.first_pk, excluded.first_pk);
    END LOOP;
  END IF;
  RETURN NULL;
END $$"""
    changed = (
        "OLD.status IS DISTINCT FROM NEW.status OR OLD.latitude IS DISTINCT FROM NEW.latitude "
        "OR OLD.longitude IS DISTINCT FROM NEW.longitude OR OLD.kind_id IS DISTINCT FROM NEW.kind_id"
    )
    run = "FOR EACH ROW EXECUTE FUNCTION events_cell_index()"
    return [
        function,
        f"CREATE TRIGGER events_cell_insert AFTER INSERT ON events_event {run}",
        f"CREATE TRIGGER events_cell_delete AFTER DELETE ON events_event {run}",
        "CREATE TRIGGER events_cell_update AFTER UPDATE OF status, latitude, longitude, kind_id ON events_event "
        f"FOR EACH ROW WHEN ({changed}) EXECUTE FUNCTION events_cell_index()",
    ]
