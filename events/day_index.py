"""The timeline's precomputed counts: published events per day and kind, kept by triggers.

``events_eventday`` holds one row per (day, kind) with the number of published events of that
kind dated that day (located or not: the timeline counts every matching event); undated events
count under ``UNDATED_DAY``, a day no real date takes (a unique key treats NULLs as all
different, so NULL cannot be the key). A histogram over everything, or over some kinds, is then a
sum over a few thousand rows whatever the archive's size (``events.histogram``). Triggers on
``events_event`` keep it exact through every write, like the cluster counts (``events.cell_index``).
"""

import contextlib
import datetime

from django.db import connection as default_connection

from events.cell_index import triggers_drop, triggers_ensure

TABLE = "events_eventday"
TRIGGERS = ("events_day_insert", "events_day_delete", "events_day_update")
UNDATED_DAY = datetime.date(1, 1, 1)
_UNDATED = f"'{UNDATED_DAY.isoformat()}'"


def day_index_ensure(connection=default_connection) -> None:
    """Create the triggers when missing or out of date, then recount from the events (idempotent)."""
    statements = _sqlite_triggers() if connection.vendor == "sqlite" else _pg_triggers()
    triggers_ensure(connection, TRIGGERS, statements, day_index_rebuild)


def day_index_rebuild(connection=default_connection) -> None:
    day = f"coalesce(date, {_UNDATED})" if connection.vendor == "sqlite" else f"coalesce(date, DATE {_UNDATED})"
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE}")
        cursor.execute(
            f"INSERT INTO {TABLE} (day, kind_id, count) SELECT {day}, kind_id, count(*) FROM events_event "
            f"WHERE status = 'published' GROUP BY {day}, kind_id"
        )


@contextlib.contextmanager
def day_index_suspended(connection=default_connection):
    """Bulk writes without per-row trigger work; recounted once at the end (use in a transaction)."""
    with connection.cursor() as cursor:
        triggers_drop(connection, cursor, TRIGGERS)
    try:
        yield
    finally:
        day_index_ensure(connection)


def _sqlite_triggers():
    def add(row):
        return (
            f"INSERT INTO {TABLE} (day, kind_id, count) SELECT coalesce({row}.date, {_UNDATED}), {row}.kind_id, 1 "
            f"WHERE {row}.status = 'published' ON CONFLICT (day, kind_id) DO UPDATE SET count = count + 1;"
        )

    def remove(row):
        this = f"{row}.status = 'published' AND day = coalesce({row}.date, {_UNDATED}) AND kind_id = {row}.kind_id"
        return f"UPDATE {TABLE} SET count = count - 1 WHERE {this}; DELETE FROM {TABLE} WHERE {this} AND count <= 0;"

    changed = "old.status IS NOT new.status OR old.date IS NOT new.date OR old.kind_id IS NOT new.kind_id"
    return [
        f"CREATE TRIGGER events_day_insert AFTER INSERT ON events_event BEGIN {add('new')} END",
        f"CREATE TRIGGER events_day_delete AFTER DELETE ON events_event BEGIN {remove('old')} END",
        "CREATE TRIGGER events_day_update AFTER UPDATE OF status, date, kind_id ON events_event "
        f"WHEN {changed} BEGIN {remove('old')} {add('new')} END",
    ]


def _pg_triggers():
    function = f"""
CREATE OR REPLACE FUNCTION events_day_index() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('DELETE', 'UPDATE') AND OLD.status = 'published' THEN
    UPDATE {TABLE} SET count = count - 1 WHERE day = coalesce(OLD.date, DATE {_UNDATED}) AND kind_id = OLD.kind_id;
    DELETE FROM {TABLE} WHERE day = coalesce(OLD.date, DATE {_UNDATED}) AND kind_id = OLD.kind_id AND count <= 0;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.status = 'published' THEN
    INSERT INTO {TABLE} AS d (day, kind_id, count) VALUES (coalesce(NEW.date, DATE {_UNDATED}), NEW.kind_id, 1)
      ON CONFLICT (day, kind_id) DO UPDATE SET count = d.count + 1;
  END IF;
  RETURN NULL;
END $$"""
    changed = (
        "OLD.status IS DISTINCT FROM NEW.status OR OLD.date IS DISTINCT FROM NEW.date "
        "OR OLD.kind_id IS DISTINCT FROM NEW.kind_id"
    )
    run = "FOR EACH ROW EXECUTE FUNCTION events_day_index()"
    return [
        function,
        f"CREATE TRIGGER events_day_insert AFTER INSERT ON events_event {run}",
        f"CREATE TRIGGER events_day_delete AFTER DELETE ON events_event {run}",
        "CREATE TRIGGER events_day_update AFTER UPDATE OF status, date, kind_id ON events_event "
        f"FOR EACH ROW WHEN ({changed}) EXECUTE FUNCTION events_day_index()",
    ]
