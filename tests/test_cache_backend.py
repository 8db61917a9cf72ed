"""The database cache counts exactly when several workers count at once (rate limits depend on it)."""

import threading

import pytest
from django.core.cache import caches
from django.db import connection, connections

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


def test_expired_entries_are_not_read(db):
    cache = caches["answers"]
    cache.set("kept", "yes", 60)
    cache.set("gone", "no", -1)
    assert cache.get_many(["kept", "gone", "never-set"]) == {"kept": "yes"}
    assert cache.get("gone", "default") == "default"


@pytest.mark.django_db(transaction=True)
def test_the_first_read_of_a_request_is_its_own_health_check(monkeypatch):
    """No separate ``SELECT 1`` before the one read that serves a kept answer; a dead connection is replaced."""
    cache = caches["answers"]
    cache.set("kept", "yes", 60)
    checks, wrapper = [], type(connections["default"])
    monkeypatch.setattr(wrapper, "is_usable", lambda self: checks.append(1) or True)
    connection.health_check_enabled, connection.health_check_done = True, False
    assert cache.get("kept") == "yes"
    assert checks == []
    assert connection.health_check_done  # the rest of the request trusts the connection, as after a check

    connection.health_check_done = False
    old, dropped = connection.connection, []
    create_cursor = wrapper.create_cursor

    def create_cursor_once_dropped(self, name=None):
        if not dropped:  # what the driver raises on a connection the server has closed
            dropped.append(True)
            raise self.Database.OperationalError("server closed the connection unexpectedly")
        return create_cursor(self, name)

    monkeypatch.setattr(wrapper, "create_cursor", create_cursor_once_dropped)
    assert cache.get("kept") == "yes"  # read again, on a new connection
    assert dropped and connection.connection is not old
