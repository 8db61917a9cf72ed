"""Django's database cache with an atomic ``incr``, so that rate-limit counts are exact across workers,
and a ``get_many`` made for the one read that serves a kept map answer (docs/caching.md).

Django's ``DatabaseCache.incr`` reads the value and writes it back: two workers counting
at once can both write the same number (django-ratelimit refuses the backend for that,
check ``django_ratelimit.E003``). Here the read and the write happen in one transaction
with the row locked (``SELECT … FOR UPDATE`` on PostgreSQL; SQLite's write lock, taken by
``BEGIN IMMEDIATE`` in our settings, serialises writers anyway).
"""

import base64
import pickle

from django.core.cache.backends.db import DatabaseCache as DjangoDatabaseCache
from django.db import DatabaseError, connections, router, transaction
from django.utils.timezone import now


class DatabaseCache(DjangoDatabaseCache):
    def incr(self, key, delta=1, version=None):
        key = self.make_and_validate_key(key, version=version)
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        quote = connection.ops.quote_name
        table = quote(self._table)
        lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
        current = connection.ops.adapt_datetimefield_value(now().replace(microsecond=0))
        with transaction.atomic(using=db), connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {quote('value')} FROM {table} WHERE {quote('cache_key')} = %s AND {quote('expires')} > %s"
                f"{lock}",
                [key, current],
            )
            row = cursor.fetchone()
            if row is None:
                raise ValueError(f"Key '{key}' not found.")
            value = pickle.loads(base64.b64decode(connection.ops.process_clob(row[0]).encode())) + delta
            encoded = base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")
            cursor.execute(f"UPDATE {table} SET {quote('value')} = %s WHERE {quote('cache_key')} = %s", [encoded, key])
        return value

    def get_many(self, keys, version=None):
        """Django's ``get_many``, with ``expires`` compared in SQL and the read itself as the health check.

        Django's reads each row's expiry back as a datetime (a field, its converters, a parse on SQLite)
        and deletes the expired rows it meets; expired rows are left here to the cull that every ``set``
        runs. With ``CONN_HEALTH_CHECKS``, the first query of a request on a kept connection is preceded
        by a ``SELECT 1`` (PostgreSQL): a second round trip for an answer that needs one. This read
        checks the connection by being made: if it fails, the connection is closed and the read made
        once more on a new one, as the health check would have done.
        """
        key_map = {self.make_and_validate_key(key, version=version): key for key in keys}
        if not key_map:
            return {}
        connection = connections[router.db_for_read(self.cache_model_class)]
        unchecked = connection.health_check_enabled and not connection.health_check_done
        if unchecked and connection.connection is not None and not connection.in_atomic_block:
            connection.health_check_done = True
            try:
                return self._read(connection, key_map)
            except DatabaseError:
                connection.close()
        return self._read(connection, key_map)

    def _read(self, connection, key_map) -> dict:
        quote = connection.ops.quote_name
        current = connection.ops.adapt_datetimefield_value(now().replace(microsecond=0))
        placeholders = ", ".join(["%s"] * len(key_map))
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {quote('cache_key')}, {quote('value')} FROM {quote(self._table)}"
                f" WHERE {quote('cache_key')} IN ({placeholders}) AND {quote('expires')} > %s",
                [*key_map, current],
            )
            rows = cursor.fetchall()
        return {
            key_map[key]: pickle.loads(base64.b64decode(connection.ops.process_clob(value).encode()))
            for key, value in rows
        }
