"""A busy database ends a command with one clear sentence and nothing written (issue 9)."""

import sqlite3

import pytest
from django.core.management import CommandError, call_command
from django.db import OperationalError, connection

from events.database_busy import BUSY_SENTENCE, database_is_busy
from events.management.base import MapperCommand
from events.models import Article, Event
from tests.conftest import ARTICLE_DATA


@pytest.fixture
def write_lock_held_elsewhere(db):
    """Another connection holds SQLite's write lock; ours gives up after 0.1 s instead of 20 s."""
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's file lock; PostgreSQL's lock timeout is the next test's case")
    options = connection.settings_dict["OPTIONS"]
    timeout = options.get("timeout")
    connection.close()
    options["timeout"] = 0.1
    other = sqlite3.connect(connection.settings_dict["NAME"], isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    yield
    other.rollback()
    other.close()
    connection.close()
    options["timeout"] = timeout


@pytest.mark.django_db(transaction=True)
def test_an_import_into_a_locked_database_says_so_in_one_sentence_and_writes_nothing(
    importer_ready, write_lock_held_elsewhere
):
    with pytest.raises(CommandError) as caught:
        call_command("import_articles", str(ARTICLE_DATA / "good.json"), verbosity=0)

    assert str(caught.value) == BUSY_SENTENCE
    assert caught.value.__cause__ is None and caught.value.__suppress_context__  # no traceback chained
    assert (Article.objects.count(), Event.objects.count()) == (0, 0)  # WAL: we can still read


class PostgresLockTimeout(Exception):
    sqlstate = "55P03"


def test_a_postgresql_lock_timeout_counts_as_busy_and_other_errors_do_not():
    lock_timeout = OperationalError("canceling statement due to lock timeout")
    lock_timeout.__cause__ = PostgresLockTimeout()

    assert database_is_busy(lock_timeout)
    assert database_is_busy(OperationalError("database is locked"))
    assert not database_is_busy(OperationalError("no such table: events_event"))
    assert not database_is_busy(ValueError("database is locked"))


def test_other_database_errors_still_raise():
    class Broken(MapperCommand):
        def handle(self, *args, **options):
            raise OperationalError("no such table: events_event")

    with pytest.raises(OperationalError, match="no such table"):
        call_command(Broken())
