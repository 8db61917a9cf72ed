"""Bulk writes that keep the history and ``updated_at``, as ``save()`` does.

``bulk_create`` and ``bulk_update`` send no signals, so django-simple-history writes no
history rows for them, and ``bulk_update`` leaves ``updated_at`` (``auto_now``) as it was.
Every bulk write path (table imports, their citations, the geometry recompute) goes
through these two functions, so an event changed in bulk shows in its history with who
changed it, when and why, like an edit in the admin.
"""

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history


def bulk_create_logged(objs, model, *, reason: str, user=None, batch_size=500) -> list:
    """``bulk_create`` plus one "created" history row per object (``updated_at`` is set by ``auto_now``)."""
    if not objs:
        return []
    now = timezone.now()
    with transaction.atomic(savepoint=False):
        return bulk_create_with_history(
            objs, model, batch_size=batch_size, default_user=user, default_change_reason=reason, default_date=now
        )


def bulk_update_logged(objs, model, fields, *, reason: str, user=None, batch_size=500) -> int:
    """``bulk_update`` of ``fields`` and ``updated_at``, plus one "changed" history row per object."""
    if not objs:
        return 0
    now = timezone.now()
    for obj in objs:
        obj.updated_at = now
    fields = [*fields, "updated_at"] if "updated_at" not in fields else list(fields)
    return bulk_update_with_history(
        objs, model, fields, batch_size=batch_size, default_user=user, default_change_reason=reason, default_date=now
    )
