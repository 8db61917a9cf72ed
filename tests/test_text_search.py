"""Full-text search: a real index on both databases that ignores case and diacritics, kept in step by every write."""

import pytest
from django.core.management import call_command
from django.db import connection

from events.models import Article, Citation, Event
from events.selectors import EventFilter, events_matching
from events.text_search import search_index_ensure
from tests.responses import response_json

API = "/api/events/"


def found(client, q):
    return sorted(f["properties"]["title"] for f in response_json(client.get(API, {"q": q}))["features"])


@pytest.mark.parametrize(
    ("q", "title"),
    [
        ("galati", "Drone over Galați"),
        ("GALATI", "Drone over Galați"),
        ("Galaţi", "Drone over Galați"),  # t with cedilla finds t with comma below
        ("barsana", "Village of Bârsana"),
        ("BÂRSANA", "Village of Bârsana"),
        ("constanta", "Port of Constanţa"),  # and the other way round
        ("gala", "Drone over Galați"),  # a word prefix
        ("kogalniceanu", "Base at Mihail Kogălniceanu"),
    ],
)
def test_search_ignores_case_and_diacritics(client, make_event, q, title):
    for text in ("Drone over Galați", "Village of Bârsana", "Port of Constanţa", "Base at Mihail Kogălniceanu"):
        make_event(title=text)
    assert found(client, q) == [title]


def test_every_word_must_match(client, make_event):
    make_event(title="Drone over Galați")
    make_event(title="Drone over Odesa")
    assert found(client, "drone galati") == ["Drone over Galați"]
    assert found(client, "drone") == ["Drone over Galați", "Drone over Odesa"]
    assert found(client, "!!!") == []


def test_edits_by_any_path_reach_the_index(client, make_event, article):
    event = make_event(title="Old title")
    event.title = "Renamed by a save"
    event.save()
    assert found(client, "renamed") == ["Renamed by a save"] and found(client, "old") == []
    Event.objects.filter(pk=event.pk).update(place_name="Tulcea")  # a raw update, as a migration might do
    assert found(client, "tulcea") == ["Renamed by a save"]
    Article.objects.filter(pk=article.pk).update(title="Ceasefire report")
    assert found(client, "ceasefire") == ["Renamed by a save"]
    Citation.objects.all().delete()
    assert found(client, "ceasefire") == []
    event.delete()
    assert found(client, "renamed") == []


@pytest.mark.django_db(transaction=True)
def test_the_index_is_rebuilt_when_a_migration_dropped_it(client, make_event):
    """SQLite drops a table's triggers when a migration rebuilds the table; migrate puts them back."""
    make_event(title="Drone over Galați")
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            for name in ("insert", "update", "delete"):
                cursor.execute(f"DROP TRIGGER events_event_fts_{name}")
            cursor.execute("DROP TABLE events_event_fts")
    call_command("migrate", verbosity=0)
    assert found(client, "galati") == ["Drone over Galați"]
    make_event(title="Drone over Odesa")
    assert found(client, "odesa") == ["Drone over Odesa"]
    search_index_ensure()  # idempotent
    assert found(client, "drone") == ["Drone over Galați", "Drone over Odesa"]


def test_search_uses_an_index(db):
    sql, params = events_matching(EventFilter(q="galati")).query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")  # on a tiny table the planner would rightly scan it
        cursor.execute(("EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN ") + sql, params)
        plan = " ".join(str(row) for row in cursor.fetchall())
    index = "events_event_fts VIRTUAL TABLE INDEX" if connection.vendor == "sqlite" else "event_text_search"
    assert index in plan
