"""One test for "the database is busy": another writer held the lock past our timeout.

SQLite says "database is locked" (or "database table is locked") once its ``timeout`` runs out; PostgreSQL raises
``LockNotAvailable`` (SQLSTATE 55P03) when a ``lock_timeout`` is set. The web
middleware and the management commands both ask this module, so they agree.
"""

from django.db import OperationalError

LOCK_NOT_AVAILABLE = "55P03"
BUSY_SENTENCE = (
    "The database is busy (another process is writing to it and held the lock too long); "
    "nothing was written, try again in a moment."
)


def database_is_busy(exc) -> bool:
    if not isinstance(exc, OperationalError):
        return False
    return "locked" in str(exc).lower() or getattr(exc.__cause__, "sqlstate", None) == LOCK_NOT_AVAILABLE
