"""The database cache counts exactly when several workers count at once (rate limits depend on it)."""

import threading

import pytest
from django.core.cache import caches
from django.db import connection

WORKERS, INCREMENTS = 6, 25


@pytest.mark.django_db(transaction=True)
def test_concurrent_increments_are_never_lost(shared_cache):
    cache = caches["default"]
    cache.set("hits", 0, 60)
    start = threading.Barrier(WORKERS)

    def worker():
        start.wait()
        try:
            for _ in range(INCREMENTS):
                cache.incr("hits")
        finally:
            connection.close()  # each thread has its own database connection

    threads = [threading.Thread(target=worker) for _ in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert cache.get("hits") == WORKERS * INCREMENTS


def test_incrementing_a_missing_or_expired_key_is_an_error(db):
    cache = caches["default"]
    with pytest.raises(ValueError):
        cache.incr("never-set")
    cache.set("gone", 1, -1)
    with pytest.raises(ValueError):
        cache.incr("gone")
