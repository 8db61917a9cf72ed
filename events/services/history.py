"""Bulk writes that keep the history and ``updated_at``, as ``save()`` does.

``bulk_create`` and ``bulk_update`` send no signals, so django-simple-history writes no
history rows for them, and ``bulk_update`` leaves ``updated_at`` (``auto_now``) as it was.
Every bulk write path (table imports, their articles and citations, the geometry recompute)
goes through these two functions, so an object changed in bulk shows in its history with who
changed it, when and why, like an edit in the admin.

The history rows are what simple-history's ``bulk_create_with_history`` would write, but
copied inside the database (``INSERT INTO historical… SELECT … FROM …``) from the rows just
written: building a second model instance per row in Python doubled the cost of a
million-row import; the copy keeps it within the import speed target (bench/import_speed.py).
"""

from django.db import connection, transaction
from django.utils import timezone

from events.bulk_load import objects_insert
from events.services.data_version import data_version_bump

CREATED, CHANGED = "+", "~"
BATCH = 500  # ids per INSERT … SELECT: SQLite allows 999 parameters in a statement


def history_rows_copy(model, pks, history_type, *, reason: str, user=None, when=None) -> None:
    """One history row per ``pks`` of ``model``, copied from the stored rows, dated ``when``."""
    history = model.history.model
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in history.tracked_fields)
    date = history._meta.get_field("history_date").get_db_prep_save(when or timezone.now(), connection)
    user_id = getattr(user, "pk", None)
    pks = list(pks)
    for start in range(0, len(pks), BATCH):
        chunk = pks[start : start + BATCH]
        sql = (
            f"INSERT INTO {quote(history._meta.db_table)} ({columns}, history_date, history_change_reason, "
            f"history_type, history_user_id) SELECT {columns}, %s, %s, %s, %s FROM {quote(model._meta.db_table)} "
            f"WHERE {quote(model._meta.pk.column)} IN ({', '.join(['%s'] * len(chunk))})"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [date, reason[:100], history_type, user_id, *chunk])


def bulk_create_logged(objs, model, *, reason: str, user=None) -> list:
    """``bulk_create`` plus one "created" history row per object (``updated_at`` is set by ``auto_now``).

    The rows go in through ``objects_insert`` (``bulk_create`` without its SQL compiler, the larger part of
    a table import's time), which sends no signals: the data version is bumped here, as the models'
    ``bulk_create`` does."""
    if not objs:
        return []
    with transaction.atomic(savepoint=False):
        objects_insert(objs, model)
        history_rows_copy(model, [obj.pk for obj in objs], CREATED, reason=reason, user=user)
        data_version_bump()
    return objs


def bulk_update_logged(objs, model, fields, *, reason: str, user=None, batch_size=500) -> int:
    """``bulk_update`` of ``fields`` and ``updated_at``, plus one "changed" history row per object."""
    if not objs:
        return 0
    now = timezone.now()
    for obj in objs:
        obj.updated_at = now
    fields = [*fields, "updated_at"] if "updated_at" not in fields else list(fields)
    with transaction.atomic(savepoint=False):
        rows = model._default_manager.bulk_update(objs, fields, batch_size=batch_size)
        history_rows_copy(model, [obj.pk for obj in objs], CHANGED, reason=reason, user=user, when=now)
    return rows
