"""The precomputed clusters: published points counted per grid cell, level and kind, kept by triggers.

Two tables, one mechanism (``CellTable``). ``events_eventcell`` holds, for every level ``LEVELS``
(cells of ``360 / 2**level`` degrees), every cell and every kind: the count, the sums of longitude and
latitude (for the mean), the extent and the smallest id (the event itself when the count is one).
``events_eventcellmonth`` holds the same per month too (undated events under ``UNDATED_MONTH``), at the
coarser levels ``MONTH_LEVELS`` only, so that a date range over a wide view sums whole months.
Triggers on ``events_event`` keep both exact on insert, delete and any update of status, point, kind
(and date, for the months), on SQLite and PostgreSQL alike, whichever code (or raw SQL) writes. A
removal that took away a finest row's extreme point recomputes that row's extent from the events, and
each coarser row's from its four finer rows. (PostgreSQL
runs row triggers after the whole statement, so a recompute may find a cell's events all gone while its
count still waits for the other rows' triggers: the old values stay until the count reaches zero and
the row goes.)

``cell_index_ensure`` creates the triggers when missing (after every migrate, as SQLite drops
triggers when a migration rebuilds a table) and then rebuilds the tables; ``cell_index_suspended``
drops them around a bulk load and rebuilds once at the end.
"""

import contextlib
import dataclasses

from django.db import connection as default_connection

UNDATED_MONTH = 0  # a month no date takes (a unique key treats NULLs as all different)


@dataclasses.dataclass(frozen=True)
class CellTable:
    """One table of cell counts: its name, its levels, the prefix of its triggers, and whether it is per month."""

    table: str
    levels: range
    name: str  # triggers events_<name>_insert/_delete/_update, PostgreSQL function events_<name>_index()
    by_month: bool = False

    @property
    def triggers(self) -> tuple[str, ...]:
        return tuple(f"events_{self.name}_{event}" for event in ("insert", "delete", "update"))

    @property
    def key(self) -> str:
        return "level, cell_x, cell_y, kind_id" + (", month" if self.by_month else "")

    @property
    def columns(self) -> str:
        return f"{self.key}, count, lon_sum, lat_sum, west, south, east, north, first_pk"

    @property
    def watched(self) -> tuple[str, ...]:
        """The event's columns whose change moves it between rows."""
        return ("status", "latitude", "longitude", "kind_id") + (("date",) if self.by_month else ())


CELLS = CellTable("events_eventcell", range(2, 14), "cell")  # cluster grids for zooms 0..11; finer views go live
# Per month: levels up to 7 (cells of 2.8°), for views up to zoom 3 (docs/clustering.md: measured against 2..8).
MONTH_CELLS = CellTable("events_eventcellmonth", range(2, 8), "cellmonth", by_month=True)
TABLES = (CELLS, MONTH_CELLS)
LEVELS = CELLS.levels
MONTH_LEVELS = MONTH_CELLS.levels


def level_size(level: int) -> float:
    """Degrees per cell at ``level`` (exact in binary floating point: 45 times a power of two)."""
    return 360.0 / 2**level


def cell_index_ensure(connection=default_connection) -> None:
    """Create the triggers when missing or out of date, then rebuild the counts from the events (idempotent)."""
    for table in TABLES:
        statements = _sqlite_triggers(table) if connection.vendor == "sqlite" else _pg_triggers(table)
        triggers_ensure(connection, table.triggers, statements, lambda c, table=table: cell_table_rebuild(table, c))


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
    for table in TABLES:
        cell_table_rebuild(table, connection)


def cell_table_rebuild(table: CellTable, connection=default_connection) -> None:
    """Recount every cell: the finest level from the events, each coarser one from the level below it.

    A cell of level L is exactly the four cells of level L + 1 it halves into (cell sizes are 45° times
    powers of two, so ``x / (2 * size)`` is ``(x / size) / 2`` in floating point too, and
    ``cell_x >> 1`` is the coarser cell), so one scan of the events builds every level.
    """
    finest = table.levels.stop - 1
    x, y = _cell("longitude", 180, finest, connection.vendor), _cell("latitude", 90, finest, connection.vendor)
    month = f", {month_key('', connection.vendor)}" if table.by_month else ""
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table.table}")
        cursor.execute(
            f"INSERT INTO {table.table} ({table.columns}) SELECT {finest}, {x}, {y}, kind_id{month}, count(*), "
            "sum(longitude), sum(latitude), min(longitude), min(latitude), max(longitude), max(latitude), min(id) "
            "FROM events_event WHERE status = 'published' AND latitude IS NOT NULL "
            f"GROUP BY {x}, {y}, kind_id{month}"
        )
        month = ", month" if table.by_month else ""
        for level in reversed(table.levels[:-1]):
            cursor.execute(
                f"INSERT INTO {table.table} ({table.columns}) SELECT {level}, cell_x >> 1, cell_y >> 1, "
                f"kind_id{month}, sum(count), sum(lon_sum), sum(lat_sum), min(west), min(south), max(east), "
                "max(north), min(first_pk) "
                f"FROM {table.table} WHERE level = {level + 1} GROUP BY cell_x >> 1, cell_y >> 1, kind_id{month}"
            )


@contextlib.contextmanager
def cell_index_suspended(connection=default_connection):
    """Bulk writes without per-row trigger work; the counts are rebuilt once at the end (use in a transaction)."""
    with connection.cursor() as cursor:
        for table in TABLES:
            triggers_drop(connection, cursor, table.triggers)
    try:
        yield
    finally:
        cell_index_ensure(connection)


def month_key(row: str, vendor: str) -> str:
    """SQL for the month key of ``{row}date``: ``year * 100 + month``, or UNDATED_MONTH without a date.

    SQLite keeps a date as ``YYYY-MM-DD`` text, so the key is its first seven characters without the dash."""
    if vendor == "postgresql":
        key = f"(extract(year FROM {row}date) * 100 + extract(month FROM {row}date))::integer"
    else:
        key = f"CAST(substr({row}date, 1, 4) || substr({row}date, 6, 2) AS INTEGER)"
    return f"coalesce({key}, {UNDATED_MONTH})"


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


def _recompute_scopes(table: CellTable, row: str, vendor: str) -> list[tuple[str | None, str | None]]:
    """(when, which events) pairs for recomputing a row's extent: the events of the removed one's row.

    Per month, those are found through the date index (a month's events are fewer than a coarse cell's),
    one statement for a dated row and one for the undated."""
    if not table.by_month:
        return [(None, None)]
    if vendor == "postgresql":
        month = f"date_trunc('month', {row}date::timestamp)"
        dated = f"e.date >= {month}::date AND e.date < ({month} + interval '1 month')::date"
    else:  # text dates compare as text: any day of the month lies between -01 and -31
        dated = f"e.date >= substr({row}date, 1, 7) || '-01' AND e.date <= substr({row}date, 1, 7) || '-31'"
    return [(f"{row}date IS NOT NULL", dated), (f"{row}date IS NULL", "e.date IS NULL")]


# --- SQLite: one statement per level, generated -------------------------------------------


def _sqlite_add(table: CellTable, row="new."):
    statements = []
    month = f", {month_key(row, 'sqlite')}" if table.by_month else ""
    for level in table.levels:
        x, y = _cell("longitude", 180, level, "sqlite", row), _cell("latitude", 90, level, "sqlite", row)
        statements.append(
            f"INSERT INTO {table.table} ({table.columns}) SELECT {level}, {x}, {y}, {row}kind_id{month}, 1, "
            f"{row}longitude, {row}latitude, {row}longitude, {row}latitude, {row}longitude, {row}latitude, {row}id "
            f"WHERE {row}status = 'published' AND {row}latitude IS NOT NULL "
            f"ON CONFLICT ({table.key}) DO UPDATE SET count = count + 1, "
            "lon_sum = lon_sum + excluded.lon_sum, lat_sum = lat_sum + excluded.lat_sum, "
            "west = min(west, excluded.west), south = min(south, excluded.south), "
            "east = max(east, excluded.east), north = max(north, excluded.north), "
            "first_pk = min(first_pk, excluded.first_pk);"
        )
    return statements


def _sqlite_remove(table: CellTable, row="old."):
    statements = []
    name = table.table
    # Per month, the point's columns are not looked up in an index: the month's dates are (see _recompute_scopes).
    point = "+e." if table.by_month else "e."
    for level in reversed(table.levels):  # finest first: a coarser row's extent is then its four finer rows'
        x, y = _cell("longitude", 180, level, "sqlite", row), _cell("latitude", 90, level, "sqlite", row)
        ex, ey = _cell("longitude", 180, level, "sqlite", point), _cell("latitude", 90, level, "sqlite", point)
        size = level_size(level)
        this_cell = f"level = {level} AND cell_x = {x} AND cell_y = {y} AND kind_id = {row}kind_id"
        if table.by_month:
            this_cell += f" AND month = {month_key(row, 'sqlite')}"
        was_counted = f"{row}status = 'published' AND {row}latitude IS NOT NULL"
        extreme = (
            f"(west = {row}longitude OR east = {row}longitude OR south = {row}latitude OR north = {row}latitude "
            f"OR first_pk = {row}id)"
        )
        statements += [
            f"UPDATE {name} SET count = count - 1, lon_sum = lon_sum - {row}longitude, "
            f"lat_sum = lat_sum - {row}latitude WHERE {was_counted} AND {this_cell};",
            f"DELETE FROM {name} WHERE {was_counted} AND {this_cell} AND count <= 0;",
        ]
        if level != table.levels[-1]:
            finer = _from_finer(table, name, str(level + 1))
            statements.append(
                f"UPDATE {name} SET (west, south, east, north, first_pk) = ({finer}) "
                f"WHERE {was_counted} AND {this_cell};"
            )
            continue
        for when, events in _recompute_scopes(table, row, "sqlite"):
            when = f"{when} AND " if when else ""
            events = f"AND {events} " if events else ""
            # The removed point was on the cell's edge (or its smallest id): recompute from the events left.
            statements.append(
                f"UPDATE {name} SET (west, south, east, north, first_pk) = (SELECT coalesce(min(e.longitude), west), "
                "coalesce(min(e.latitude), south), coalesce(max(e.longitude), east), coalesce(max(e.latitude), north), "
                "coalesce(min(e.id), first_pk) FROM events_event e "
                f"WHERE e.status = 'published' AND e.kind_id = {name}.kind_id {events}"
                f"AND {point}latitude >= {name}.cell_y * {size!r} - 90.000001 "
                f"AND {point}latitude <= ({name}.cell_y + 1) * {size!r} - 89.999999 "
                f"AND {point}longitude >= {name}.cell_x * {size!r} - 180.000001 "
                f"AND {point}longitude <= ({name}.cell_x + 1) * {size!r} - 179.999999 "
                f"AND {ex} = {name}.cell_x AND {ey} = {name}.cell_y) "
                f"WHERE {when}{was_counted} AND {this_cell} AND {extreme};"
            )
    return statements


def _from_finer(table: CellTable, name: str, finer: str) -> str:
    """A row's extent and smallest id from the four rows of the level below it (already brought up to date).

    Done on every removal, not only when the removed point was on the edge: on PostgreSQL a finer row may
    keep a removed point's values until its last event's trigger deletes it (see the module's docstring),
    and its parent must then follow. Four rows through the unique key: cheap at every level."""
    month = f" AND f.month = {name}.month" if table.by_month else ""
    return (
        f"SELECT coalesce(min(f.west), {name}.west), coalesce(min(f.south), {name}.south), "
        f"coalesce(max(f.east), {name}.east), coalesce(max(f.north), {name}.north), "
        f"coalesce(min(f.first_pk), {name}.first_pk) FROM {table.table} f WHERE f.level = {finer} "
        f"AND f.cell_x IN ({name}.cell_x * 2, {name}.cell_x * 2 + 1) "
        f"AND f.cell_y IN ({name}.cell_y * 2, {name}.cell_y * 2 + 1) AND f.kind_id = {name}.kind_id{month}"
    )


def _sqlite_triggers(table: CellTable):
    changed = " OR ".join(f"old.{column} IS NOT new.{column}" for column in table.watched)
    insert, delete, update = table.triggers
    return [
        f"CREATE TRIGGER {insert} AFTER INSERT ON events_event BEGIN {' '.join(_sqlite_add(table))} END",
        f"CREATE TRIGGER {delete} AFTER DELETE ON events_event BEGIN {' '.join(_sqlite_remove(table))} END",
        f"CREATE TRIGGER {update} AFTER UPDATE OF {', '.join(table.watched)} ON events_event "
        f"WHEN {changed} BEGIN {' '.join(_sqlite_remove(table) + _sqlite_add(table))} END",
    ]


# --- PostgreSQL: one PL/pgSQL function looping over the levels ----------------------------


def _pg_triggers(table: CellTable):
    name = table.table
    cell_x = "floor((r.longitude + 180.0) / s)::integer"
    cell_y = "floor((r.latitude + 90.0) / s)::integer"
    this_cell = f"c.level = lvl AND c.cell_x = {cell_x} AND c.cell_y = {cell_y} AND c.kind_id = r.kind_id"
    month = ""
    if table.by_month:
        this_cell += f" AND c.month = {month_key('r.', 'postgresql')}"
        month = f", {month_key('r.', 'postgresql')}"
    recomputes = []
    for when, events in _recompute_scopes(table, "r.", "postgresql"):
        recompute = f"""
      UPDATE {name} c SET (west, south, east, north, first_pk) = (
          SELECT coalesce(min(e.longitude), c.west), coalesce(min(e.latitude), c.south),
            coalesce(max(e.longitude), c.east), coalesce(max(e.latitude), c.north), coalesce(min(e.id), c.first_pk)
          FROM events_event e WHERE e.status = 'published' AND e.kind_id = c.kind_id{f" AND {events}" if events else ""}
            AND e.latitude >= c.cell_y * s - 90.000001 AND e.latitude <= (c.cell_y + 1) * s - 89.999999
            AND e.longitude >= c.cell_x * s - 180.000001 AND e.longitude <= (c.cell_x + 1) * s - 179.999999
            AND floor((e.longitude + 180.0) / s)::integer = c.cell_x
            AND floor((e.latitude + 90.0) / s)::integer = c.cell_y)
        WHERE {this_cell} AND (c.west = r.longitude OR c.east = r.longitude OR c.south = r.latitude
          OR c.north = r.latitude OR c.first_pk = r.id);"""
        recomputes.append(f"\n      IF {when} THEN{recompute}\n      END IF;" if when else recompute)
    function = f"""
CREATE OR REPLACE FUNCTION events_{table.name}_index() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  lvl integer;
  s double precision;
  r record;
BEGIN
  IF TG_OP IN ('DELETE', 'UPDATE') AND OLD.status = 'published' AND OLD.latitude IS NOT NULL THEN
    r := OLD;
    FOR lvl IN REVERSE {table.levels.stop - 1}..{table.levels.start} LOOP  -- finest first (see _from_finer)
      s := 360.0 / (2 ^ lvl);
      UPDATE {name} c SET count = c.count - 1, lon_sum = c.lon_sum - r.longitude, lat_sum = c.lat_sum - r.latitude
        WHERE {this_cell};
      DELETE FROM {name} c WHERE {this_cell} AND c.count <= 0;
      IF lvl = {table.levels.stop - 1} THEN{"".join(recomputes)}
      ELSE
      UPDATE {name} c SET (west, south, east, north, first_pk) = ({_from_finer(table, "c", "lvl + 1")})
        WHERE {this_cell};
      END IF;
    END LOOP;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.status = 'published' AND NEW.latitude IS NOT NULL THEN
    r := NEW;
    FOR lvl IN {table.levels.start}..{table.levels.stop - 1} LOOP
      s := 360.0 / (2 ^ lvl);
      INSERT INTO {name} AS c ({table.columns})
        VALUES (lvl, {cell_x}, {cell_y}, r.kind_id{month}, 1, r.longitude, r.latitude,
                r.longitude, r.latitude, r.longitude, r.latitude, r.id)
        ON CONFLICT ({table.key}) DO UPDATE SET count = c.count + 1,
          lon_sum = c.lon_sum + excluded.lon_sum, lat_sum = c.lat_sum + excluded.lat_sum,
          west = least(c.west, excluded.west), south = least(c.south, excluded.south),
          east = greatest(c.east, excluded.east), north = greatest(c.north, excluded.north),
          first_pk = least(c.first_pk, excluded.first_pk);
    END LOOP;
  END IF;
  RETURN NULL;
END $$"""
    changed = " OR ".join(f"OLD.{column} IS DISTINCT FROM NEW.{column}" for column in table.watched)
    run = f"FOR EACH ROW EXECUTE FUNCTION events_{table.name}_index()"
    insert, delete, update = table.triggers
    return [
        function,
        f"CREATE TRIGGER {insert} AFTER INSERT ON events_event {run}",
        f"CREATE TRIGGER {delete} AFTER DELETE ON events_event {run}",
        f"CREATE TRIGGER {update} AFTER UPDATE OF {', '.join(table.watched)} ON events_event "
        f"FOR EACH ROW WHEN ({changed}) EXECUTE FUNCTION events_{table.name}_index()",
    ]
