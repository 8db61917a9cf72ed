"""The test gazetteer kept aside for the session, so that a transactional test's flush costs a copy, not a load.

Loading Romania, Ukraine and Moldova reads the GeoNames files (tens of seconds on a loaded machine). A
transactional test (every browser test) ends with a flush of every Django table, the gazetteer's
included; the next test that needs the gazetteer used to load it again. Instead the session's first
load is copied into plain tables that are no model's, which no flush touches, and copied back in
one ``INSERT … SELECT`` per table whenever a test finds the gazetteer empty. Each test still starts
from the same gazetteer, whatever ran before it.
"""

from django.core.management.color import no_style
from django.db import connection, transaction

from events.models import Place, PlaceName

# Places before their names (the names' foreign key).
ASIDE = {Place: "test_gazetteer_place", PlaceName: "test_gazetteer_placename"}


def _columns(model) -> str:
    return ", ".join(connection.ops.quote_name(field.column) for field in model._meta.concrete_fields)


def gazetteer_put_aside() -> None:
    """Copy the loaded gazetteer into the aside tables (replacing an earlier copy)."""
    with transaction.atomic(), connection.cursor() as cursor:
        for model, table in ASIDE.items():
            cursor.execute(f"DROP TABLE IF EXISTS {table}")
            cursor.execute(f"CREATE TABLE {table} AS SELECT {_columns(model)} FROM {model._meta.db_table}")


def gazetteer_copy_back() -> None:
    """Fill the (empty) gazetteer tables from the aside copy, ids and all; the id sequences follow."""
    with transaction.atomic(), connection.cursor() as cursor:
        for model, table in ASIDE.items():
            columns = _columns(model)
            cursor.execute(f"INSERT INTO {model._meta.db_table} ({columns}) SELECT {columns} FROM {table}")
        for statement in connection.ops.sequence_reset_sql(no_style(), list(ASIDE)):
            cursor.execute(statement)


def gazetteer_aside_drop() -> None:
    with connection.cursor() as cursor:
        for table in ASIDE.values():
            cursor.execute(f"DROP TABLE IF EXISTS {table}")
