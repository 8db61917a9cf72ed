"""Loading many rows at once: without per-row index and trigger work, everything derived rebuilt once.

``bulk_load()`` (in a transaction) drops the secondary indexes of the event, citation and
article tables, the triggers of the cluster and day counts and the SQLite full-text triggers; on the
way out it recreates each index from its own stored definition, then the counts
(``cell_index_ensure``, ``day_index_ensure``) and the search index (``search_index_ensure``), and refreshes the
planner's statistics. Building an index over sorted rows once is many times faster than
growing it a row at a time, and the derived tables come out exactly as the triggers keep them.

``rows_write`` inserts plain tuples: ``COPY`` on PostgreSQL, one ``executemany`` on SQLite;
``objects_insert`` inserts model instances through it, as ``bulk_create`` would.
"""

import contextlib

from django.db import connection as default_connection
from django.db import connections, models

from events.cell_index import cell_index_suspended
from events.day_index import day_index_suspended
from events.text_search import SQLITE_TABLES, search_index_ensure

TABLES = ("events_event", "events_citation", "events_article")
# Fields that send a value of this exact type to the database as it is (``get_db_prep_save`` returns it
# unchanged), and every field sends None as None: ``objects_insert`` skips the conversion for those.
UNCHANGED = {
    models.CharField: str,
    models.SlugField: str,
    models.TextField: str,
    models.FloatField: float,
    models.BooleanField: bool,
}


@contextlib.contextmanager
def bulk_load(connection=default_connection, tables=TABLES):
    """Indexes and triggers off while the block writes, rebuilt once when it ends (use inside ``atomic``)."""
    with connection.cursor() as cursor:
        _checks_immediate(connection, cursor)
        indexes = _secondary_indexes(connection, cursor, tables)
        for name, _definition in indexes:
            cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
        if connection.vendor == "sqlite":
            for fts in SQLITE_TABLES:
                for event in ("insert", "delete", "update"):
                    cursor.execute(f"DROP TRIGGER IF EXISTS {fts}_{event}")
    with cell_index_suspended(connection), day_index_suspended(connection):
        yield
        with connection.cursor() as cursor:
            # Again: code in the block may have deferred the checks (``loaddata`` ends with SET CONSTRAINTS ALL
            # DEFERRED), and a DELETE after it leaves checks pending on the table.
            _checks_immediate(connection, cursor)
            if connection.vendor == "postgresql":
                cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
                cursor.execute("SET LOCAL work_mem = '128MB'")  # the counts' GROUP BYs in memory, not on disk
            for _name, definition in indexes:
                cursor.execute(definition)
            if connection.vendor == "postgresql":
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")  # Django's foreign keys: checked at the commit again
    search_index_ensure(connection)
    _statistics_refresh(connection)


def _statistics_refresh(connection) -> None:
    """Fresh planner statistics, so that the viewport indexes are picked.

    On PostgreSQL the tables are named: a bare ``ANALYZE`` also analyses the catalogs that every database
    of the server shares, and holds their lock until the transaction ends, so that a bulk load in one
    database stalls every ``ANALYZE`` in the others until it commits."""
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            cursor.execute("ANALYZE")
            return
        names = ", ".join(connection.ops.quote_name(name) for name in connection.introspection.table_names(cursor))
        cursor.execute(f"ANALYZE {names}")


def _checks_immediate(connection, cursor) -> None:
    """PostgreSQL: run the foreign-key checks still pending now, and each later one at the end of its statement.

    An index cannot be built on a table with trigger events pending (deferred checks of earlier writes in the
    transaction, before the block or in it)."""
    if connection.vendor == "postgresql":
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def _secondary_indexes(connection, cursor, tables) -> list[tuple[str, str]]:
    """(name, CREATE INDEX statement) of each index that no constraint (primary key, unique) owns."""
    if connection.vendor == "sqlite":
        marks = ", ".join(["%s"] * len(tables))
        cursor.execute(
            f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ({marks})",
            list(tables),
        )
        return [(name, sql) for name, sql in cursor.fetchall() if not sql.upper().startswith("CREATE UNIQUE")]
    cursor.execute(
        "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename = ANY(%s) "
        "AND indexname NOT IN (SELECT conname FROM pg_constraint) AND indexdef NOT LIKE 'CREATE UNIQUE%%'",
        [list(tables)],
    )
    return cursor.fetchall()


def rows_write(table: str, columns: list[str], rows, connection=default_connection) -> None:
    """INSERT ``rows`` (tuples in the order of ``columns``, values the database adapter takes)."""
    quote = connection.ops.quote_name
    names = ", ".join(quote(column) for column in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {quote(table)} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})", rows)


def objects_insert(objs, model, connection=default_connection) -> None:
    """``model.objects.bulk_create(objs)`` for new objects, without Django's SQL compiler (use inside ``atomic``).

    ``bulk_create`` compiles a placeholder and a conversion per field per row; at a million imported events
    that was more time than the database's own work (bench/import_speed.py). Here the primary keys are
    reserved first (``_pks_reserve``), each value is converted by its field exactly as Django's insert
    converts it (``pre_save`` for ``auto_now``, then ``get_db_prep_save``), and the rows go through
    ``rows_write``. Sends no signals, as ``bulk_create`` sends none; the caller bumps the data version."""
    if not objs:
        return
    connection = connections[connection.alias]  # the connection itself: the proxy costs a lookup per value
    fields = [field for field in model._meta.concrete_fields if not field.generated]
    pks = _pks_reserve(model, len(objs), connection)
    for obj, pk in zip(objs, pks, strict=True):
        obj._prepare_related_fields_for_save(operation_name="bulk_create")
        obj.pk = pk
    columns = [_column_values(field, objs, connection) for field in fields]
    rows_write(model._meta.db_table, [field.column for field in fields], zip(*columns, strict=True), connection)
    for obj in objs:
        obj._state.adding, obj._state.db = False, connection.alias


def _column_values(field, objs, connection) -> list:
    """The database values of ``field`` for ``objs``, as Django's insert makes them (``pre_save``, then
    ``get_db_prep_save``), skipping the conversion where it returns the value unchanged (``UNCHANGED``)."""
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        values = [field.pre_save(obj, True) for obj in objs]
    else:
        attname = field.attname
        values = [getattr(obj, attname) for obj in objs]
    kept = UNCHANGED.get(type(field))
    prep = field.get_db_prep_save
    return [value if value is None or type(value) is kept else prep(value, connection) for value in values]


def _pks_reserve(model, count: int, connection) -> range | list[int]:
    """``count`` new primary keys of ``model``, none ever given before.

    PostgreSQL: drawn from the table's sequence, so concurrent inserts (an admin save) draw others.
    SQLite: the write transaction (``transaction_mode`` IMMEDIATE) already holds the only write lock, so the
    keys after both the highest stored id and the AUTOINCREMENT counter are free (a key of a deleted row is
    never reused, as AUTOINCREMENT promises: the history rows of that row keep its id)."""
    table, column = model._meta.db_table, model._meta.pk.column
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)", [table, column, count]
            )
            return [row[0] for row in cursor.fetchall()]
        quote = connection.ops.quote_name
        cursor.execute(
            f"SELECT max(coalesce((SELECT max({quote(column)}) FROM {quote(table)}), 0), "
            "coalesce((SELECT seq FROM sqlite_sequence WHERE name = %s), 0))",
            [table],
        )
        last = cursor.fetchone()[0]
    return range(last + 1, last + 1 + count)
