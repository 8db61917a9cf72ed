"""Full-text search: a real index on both databases that ignores case and diacritics, kept in step by every write."""

import pytest
from django.apps import apps
from django.db import connection

from events.apps import derived_tables_after_migrate
from events.models import Article, Citation, Event
from events.selectors import EventFilter, events_matching
from events.services.generating import events_generate
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
    """SQLite drops a table's triggers when a migration rebuilds the table; the post_migrate handler puts them back."""
    make_event(title="Drone over Galați")
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            for name in ("insert", "update", "delete"):
                cursor.execute(f"DROP TRIGGER events_event_fts_{name}")
            cursor.execute("DROP TABLE events_event_fts")
    derived_tables_after_migrate(app_config=apps.get_app_config("events"), using="default")  # as migrate does
    assert found(client, "galati") == ["Drone over Galați"]
    make_event(title="Drone over Odesa")
    assert found(client, "odesa") == ["Drone over Odesa"]
    search_index_ensure()  # idempotent
    assert found(client, "drone") == ["Drone over Galați", "Drone over Odesa"]


def test_search_uses_an_index(kinds):
    # Some events and fresh statistics: on an empty table PostgreSQL rightly reads the status index instead.
    events_generate(300, seed=3, gazetteer=False)
    sql, params = events_matching(EventFilter(q="galati")).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")  # on a small table the planner would rightly scan it
        cursor.execute(("EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN ") + sql, params)
        plan = " ".join(str(row) for row in cursor.fetchall())
    index = "events_event_fts VIRTUAL TABLE INDEX" if connection.vendor == "sqlite" else "event_text_search"
    assert index in plan


# --- Through the gazetteer, ranked, highlighted ---------------------------------------

LIST_API = "/api/events/list/"


@pytest.mark.usefixtures("gazetteer")
@pytest.mark.parametrize(
    ("q", "title"),
    [
        ("kishinev", "Drone over Chișinău"),  # an old spelling of the place, from the gazetteer
        ("Kishinev drone", "Drone over Chișinău"),
        ("Кишинёв", "Drone over Chișinău"),  # in Cyrillic
        ("chisinau", "Drone over Chișinău"),
        ("Chişinău", "Drone over Chișinău"),  # s with cedilla finds s with comma below
        ("galatz", "Port of Galați"),
    ],
)
def test_other_spellings_of_a_place_find_its_events(client, make_event, q, title):
    make_event(title="Drone over Chișinău", place_name="Chișinău")
    make_event(title="Port of Galați", place_name="Galați")
    make_event(title="Drone over Odesa", place_name="Odesa")
    assert found(client, q) == [title]


@pytest.mark.usefixtures("gazetteer")
def test_a_word_that_names_no_place_is_not_widened(client, make_event):
    make_event(title="Drone over Chișinău", place_name="Chișinău")
    assert found(client, "kishinevx") == []
    assert found(client, "drone odesa") == []


def list_titles(client, q):
    answer = response_json(client.get(LIST_API, {"q": q, "bbox": "-180,-90,180,90"}))
    return [row["title"] for row in answer["results"]], answer.get("highlight")


def test_events_named_by_the_search_come_before_those_only_describing_it(client, make_event):
    from datetime import date

    make_event(title="Newer report", description="Troops seen near Galați", date=date(2024, 5, 1))
    make_event(title="Drone over Galați", date=date(2023, 1, 1))
    make_event(title="Older flight", place_name="Galați", date=date(2022, 1, 1))
    titles, _ = list_titles(client, "galati")
    assert titles == ["Drone over Galați", "Older flight", "Newer report"]  # names first, then newest first
    titles, _ = list_titles(client, "")
    assert titles[0] == "Newer report"  # without a search: newest first


@pytest.mark.usefixtures("gazetteer")
def test_the_list_says_which_words_to_highlight(client, make_event):
    make_event(title="Drone over Chișinău", place_name="Chișinău")
    titles, highlight = list_titles(client, "Kishinev")
    assert titles == ["Drone over Chișinău"]
    assert highlight["prefixes"] == ["kishinev"]
    assert "chisinau" in highlight["words"]
    assert list_titles(client, "")[1] is None


# --- The list's ranking: a score, then the date ---------------------------------------


def test_a_title_match_ranks_before_a_place_a_description_and_an_article_title(client, make_event):
    from datetime import date

    news = Article.objects.create(title="Galați port news", slug="galati-port-news", url="https://example.org/g")
    only_cited = make_event(title="Port report", place_name="Deveselu", date=date(2026, 1, 1))
    Citation.objects.create(event=only_cited, article=news, quote="…")
    make_event(title="Newer report", description="Troops seen near Galați", date=date(2025, 5, 1))
    make_event(title="Older flight", place_name="Galați", date=date(2024, 1, 1))
    make_event(title="Drone over Galați", place_name="Deveselu", date=date(2022, 1, 1))
    titles, _ = list_titles(client, "galati")
    assert titles == ["Drone over Galați", "Older flight", "Newer report", "Port report"]


def test_more_words_matched_in_the_title_rank_first_then_the_newest(client, make_event):
    from datetime import date

    make_event(title="Galați report", description="A drone overhead", date=date(2026, 1, 1))
    make_event(title="Drone seen", place_name="Galați", date=date(2025, 1, 1))
    make_event(title="Drone over Galați", date=date(2020, 1, 1))
    make_event(title="Drone crash at Galați", date=date(2021, 1, 1))
    titles, _ = list_titles(client, "drone galati")
    # Both words in the title (newest first), then one in the title and one in the place, then in the description.
    assert titles == ["Drone crash at Galați", "Drone over Galați", "Drone seen", "Galați report"]


@pytest.mark.usefixtures("gazetteer")
def test_the_gazetteer_spellings_are_cached_until_the_gazetteer_changes(django_assert_max_num_queries):
    from events.models import PlaceName
    from events.text_search import place_spellings

    first = place_spellings(["kishinev"])
    assert ("chisinau",) in first["kishinev"]
    with django_assert_max_num_queries(2) as asked:  # the gazetteer's version only: the spellings come from the cache
        assert place_spellings(["kishinev"]) == first
    assert not [query for query in asked.captured_queries if "normalized" in query["sql"]]
    # What a reload does: names replaced by new rows (new ids).
    kishinev = PlaceName.objects.filter(normalized="kishinev")
    place_ids = list(kishinev.values_list("place_id", flat=True))
    kishinev.delete()
    PlaceName.objects.bulk_create(PlaceName(place_id=pk, normalized="kishinyov") for pk in place_ids)
    assert place_spellings(["kishinev"]) == {}
    assert ("chisinau",) in place_spellings(["kishinyov"])["kishinyov"]
