"""The data version: one token, shared by every worker, that changes whenever public data changes.

ETags and the server-side answer cache are keyed by it (``events.http_cache``), so a
write anywhere (admin, importer, a command, another app server) makes every cached
answer unreachable at once; nothing is deleted, old entries simply expire.

Every write path bumps it:

* saves and deletes of events, articles, citations and kinds, whoever does them
  (admin, bulk actions, history revert, the importer, ``loaddata``): model signals,
  connected in ``data_version_signals_connect``;
* queryset ``update()``, ``bulk_update()`` (which calls ``update()``) and ``bulk_create()``,
  which send no signals: ``DataVersionQuerySet`` (used by those models' managers);
* ``migrate``: the app's ``post_migrate`` handler.

Raw SQL on those tables is the one way around it; call ``data_version_bump()`` after it.

Inside a transaction the bump waits for the commit (``transaction.on_commit``): bumping
earlier would let another worker cache the old rows under the new version. Until then,
the writing connection itself sees a fresh "pending" version on every call, so it never
reads or fills the shared cache with rows nobody else can see yet.
"""

import secrets
import time

from django.core.cache import caches
from django.db import transaction

VERSION_KEY = "data-version"
PENDING_PREFIX = "pending-"
# The version lives in the cache of the answers it keys, so that one read fetches both
# (``data_version_with``). That cache is bounded; losing the key costs misses, never a stale answer.
VERSION_CACHE = "answers"


def data_version() -> str:
    """The current version token (opaque; changes on every committed write)."""
    return data_version_with(None)[0]


def data_version_with(key: str | None):
    """The current version and what the version's cache holds under ``key`` (None without one), in one read."""
    if _pending_bump(transaction.get_connection()):
        return PENDING_PREFIX + secrets.token_hex(8), None
    cache = caches[VERSION_CACHE]
    found = cache.get_many([VERSION_KEY, key] if key else [VERSION_KEY])
    version = found.get(VERSION_KEY)
    if version is None:
        # First use, or the cache lost the key: a new random token, never an old one.
        cache.add(VERSION_KEY, _new_token(), None)
        version = cache.get(VERSION_KEY) or _new_token()
    return version, found.get(key) if key else None


def data_version_is_pending(version: str) -> bool:
    """True for a version seen inside an uncommitted write: never cache under it."""
    return version.startswith(PENDING_PREFIX)


def data_version_bump() -> None:
    """Make a new version: now, or when the current transaction commits."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        _store_new_version()
    elif not _pending_bump(connection):
        bump = _PendingBump()
        connection.mapper_pending_bump = bump
        transaction.on_commit(bump)


class _PendingBump:
    """The on-commit callback of one transaction; knows whether it has run."""

    done = False

    def __call__(self):
        self.done = True
        _store_new_version()


def _pending_bump(connection) -> bool:
    """A bump is waiting for this connection's commit (a rollback drops it from run_on_commit)."""
    bump = getattr(connection, "mapper_pending_bump", None)
    if bump is None or bump.done:
        return False
    return any(callback is bump for _savepoints, callback, _robust in connection.run_on_commit)


def _store_new_version():
    caches[VERSION_CACHE].set(VERSION_KEY, _new_token(), None)


def _new_token() -> str:
    return f"{time.time_ns():x}-{secrets.token_hex(4)}"


# --- Write paths that fire signals ----------------------------------------------


def _bump_on_write(sender, **kwargs):
    data_version_bump()


def data_version_signals_connect():
    """Connect the bump to every save and delete of the models public answers show."""
    from django.db.models.signals import post_delete, post_save

    from events.models import Article, Citation, Event, EventKind

    for model in (Event, Article, Citation, EventKind):
        post_save.connect(_bump_on_write, sender=model, dispatch_uid=f"data-version-save-{model.__name__}")
        post_delete.connect(_bump_on_write, sender=model, dispatch_uid=f"data-version-delete-{model.__name__}")
