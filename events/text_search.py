"""Full-text search over events and the titles of the articles citing them, with a real index on both databases.

* SQLite: FTS5 tables (``unicode61 remove_diacritics 2``: case and diacritics ignored, so
  ``galati`` finds Galați and ş/ș, ţ/ț are alike) over ``events_event`` and ``events_article``,
  kept in step by triggers, so every write (ORM, ``QuerySet.update()``, raw SQL) updates them.
* PostgreSQL: GIN expression indexes on ``to_tsvector('simple', mapper_unaccent(…))``, where
  ``mapper_unaccent`` is the ``unaccent`` extension when the database lets us install it (else a
  ``translate()`` of the common Latin diacritics). An expression index is never out of step.

``search_index_ensure`` creates whatever is missing; it runs after every ``migrate`` (and
``flush``), because SQLite drops a table's triggers when a later migration rebuilds the table.
A query is split into words; each must appear as a word prefix (``galat`` finds Galați), all
in the event's own text or all in one citing article's title.

Place names are matched through the gazetteer too: a word (or the whole query) that is a
spelling of a gazetteer place also matches that place's other spellings, so "kishinev" finds
the events in Chișinău. The query is expanded before the index is asked (two indexed lookups
in the gazetteer's names, cached per process and keyed by the gazetteer's name ids, so a reload
of the gazetteer is seen at once), so the search stays one index lookup however many events there are.

The list ranks the matches by a score (``text_relevance``): each of the search's first
``SCORED_WORDS`` words counts where it matches, a title match more than any number of place-name
matches, which count more than any number of description matches, which count more than any
number of matches in a citing article's title. So a title with two of the words comes before a
title with one, and a title match before a place match. Equal scores: newest first.
"""

import re
import unicodedata
from functools import lru_cache

from django.db import connection as default_connection
from django.db import transaction
from django.db.models import BooleanField, Case, IntegerField, Q, Value, When
from django.db.models.expressions import Expression, RawSQL

from events.models import PlaceName

WORD_RE = re.compile(r"\w+")
MAX_WORDS = 12

EVENT_TEXT_COLUMNS = ("title", "place_name", "description")
# A spelling in the gazetteer stands for the places it names: the most populous few (a village
# of a thousand people called "Near" should not widen every search for "near").
PLACES_PER_SPELLING = 3
PLACE_MIN_POPULATION = 5_000
SPELLINGS_PER_PLACE = 20
# Where a word matches, and what that weighs: each weight is more than SCORED_WORDS times the next,
# so a match in a heavier place outranks any number in the lighter ones.
SCORED_WORDS = 4
ARTICLE_TITLE = "article title"
FIELD_WEIGHTS = (("title", 125), ("place_name", 25), ("description", 5), (ARTICLE_TITLE, 1))
SPELLINGS_CACHED = 2048  # searches whose gazetteer spellings a process keeps
SQLITE_TABLES = {
    # FTS5 table: (content table, indexed columns)
    "events_event_fts": ("events_event", EVENT_TEXT_COLUMNS),
    "events_article_fts": ("events_article", ("title",)),
}
PG_UNACCENT_FALLBACK = (
    "translate(lower($1), 'áàâäãåăąćčçďéèêëěęğíìîïıłńňñóòôöõőřśšşșťţțúùûüůűýÿźžż', "
    "'aaaaaaaacccdeeeeeegiiiiilnnnoooooorsssssttttuuuuuuyyzzz')"
)


def text_words(text: str) -> list[str]:
    """The words of a search, lower case without diacritics (at most ``MAX_WORDS``)."""
    folded = "".join(c for c in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(c))
    return WORD_RE.findall(folded)[:MAX_WORDS]


def place_spellings(words: list[str]) -> dict[str, list[tuple[str, ...]]]:
    """For each word, and for the whole query, that spells a gazetteer place: the words of its other spellings.

    Cached: the key holds the lowest and highest id of the gazetteer's names (two primary-key lookups), and
    every load of the gazetteer inserts new names with new ids, so a reload is never answered from the cache.
    """
    return _place_spellings(_gazetteer_names_version(), tuple(words))


def _gazetteer_names_version() -> tuple:
    # Two queries, each one step down the primary key: SQLite answers min() and max() together with a scan.
    ids = PlaceName.objects.values_list("id", flat=True)
    return (ids.order_by("id").first(), ids.order_by("-id").first())


@lru_cache(maxsize=SPELLINGS_CACHED)
def _place_spellings(version: tuple, words: tuple[str, ...]) -> dict[str, list[tuple[str, ...]]]:
    forms = list(dict.fromkeys([*words, " ".join(words)]))
    named = (
        PlaceName.objects.filter(normalized__in=forms)
        .filter(Q(place__population__gte=PLACE_MIN_POPULATION) | Q(place__feature_class="A"))
        .order_by("-place__population", "place_id")
        .values_list("normalized", "place_id")
    )
    places: dict[str, list[int]] = {}
    for form, place_id in named:
        if len(places.setdefault(form, [])) < PLACES_PER_SPELLING:
            places[form].append(place_id)
    spellings: dict[int, list[str]] = {}
    wanted = {place_id for ids in places.values() for place_id in ids}
    for place_id, normalized in PlaceName.objects.filter(place_id__in=wanted).values_list("place_id", "normalized"):
        if len(spellings.setdefault(place_id, [])) < SPELLINGS_PER_PLACE:
            spellings[place_id].append(normalized)
    found = {}
    for form, ids in places.items():
        others = {tuple(text_words(spelling)) for place_id in ids for spelling in spellings.get(place_id, [])}
        others.discard(tuple(form.split()))
        found[form] = sorted(other for other in others if other)
    return found


def search_terms(text: str) -> dict:
    """What a search matches, for highlighting: the query's words (as prefixes) and the places' other words."""
    words = text_words(text)
    others = {word for spellings in place_spellings(words).values() for spelling in spellings for word in spelling}
    return {"prefixes": words, "words": sorted(others - set(words))}


def _syntax(postgresql: bool):
    """The index's query syntax: (prefix, phrase, any of, all of)."""
    if postgresql:
        return "{}:*".format, " <-> ".join, " | ".join, " & ".join
    return '"{}"*'.format, lambda words: f'"{" ".join(words)}"', " OR ".join, " AND ".join


def _either(postgresql: bool, first: str, alternatives) -> str:
    _, phrase, any_of, _ = _syntax(postgresql)
    return f"({any_of([first, *map(phrase, alternatives)])})" if alternatives else f"({first})"


def _word_queries(words: list[str], postgresql: bool) -> list[str]:
    """Each word's own query: the word as a prefix, or one of the other spellings of the place it names."""
    spellings = place_spellings(words)
    prefix = _syntax(postgresql)[0]
    return [_either(postgresql, prefix(word), spellings.get(word, [])) for word in words]


def _query(words: list[str], postgresql: bool) -> str:
    """The index's query: every word (or one of its place's spellings); or one spelling of the whole query's place."""
    all_of = _syntax(postgresql)[3]
    whole = place_spellings(words).get(" ".join(words), []) if len(words) > 1 else []
    return _either(postgresql, all_of(_word_queries(words, postgresql)), whole)


def _matching_sql(postgresql: bool) -> str:
    """Events whose text matches the query given as the first parameter."""
    if postgresql:
        return f"SELECT id FROM events_event WHERE {_pg_vector(EVENT_TEXT_COLUMNS)} @@ {_PG_QUERY}"
    return "SELECT rowid FROM events_event_fts WHERE events_event_fts MATCH %s"


def _cited_sql(postgresql: bool) -> str:
    """Articles whose title matches the query given as the first parameter."""
    if postgresql:
        return f"SELECT id FROM events_article WHERE {_pg_vector(('title',))} @@ {_PG_QUERY}"
    return "SELECT rowid FROM events_article_fts WHERE events_article_fts MATCH %s"


def text_condition(text: str) -> Q:
    """Events whose text, or one citing article's title, has every word of ``text``; none when it has no word."""
    words = text_words(text)
    if not words:
        return Q(pk__in=[])
    postgresql = default_connection.vendor == "postgresql"
    query = _query(words, postgresql)
    if postgresql:
        return Q(RawSQL(_pg_condition(), [query, query], output_field=BooleanField()))
    cited = f"SELECT event_id FROM events_citation WHERE article_id IN ({_cited_sql(False)})"
    # One id list (a UNION of two index lookups), never an OR the planner would answer with a scan.
    matching = RawSQL(f"{_matching_sql(False)} UNION {cited}", [query, query])
    return Q(pk__in=matching)


def _pg_condition() -> str:
    """The event's own vector against the query, or its id among the citing articles' events (an array).

    Both sides are index conditions, so PostgreSQL answers with one bitmap (``BitmapOr`` of the GIN
    index and the primary key), ANDed with the view's bbox index when that is narrower, and reads each
    matching row once. As an id list (``id IN (SELECT id … @@ …)``) every row of a common word was
    read to get its id, then again for the view: about a second per query at a million (docs/scaling.md, run 6).
    """
    vector = _pg_vector(tuple(f'"events_event"."{column}"' for column in EVENT_TEXT_COLUMNS))
    cited = f"SELECT event_id FROM events_citation WHERE article_id IN ({_cited_sql(True)})"
    return f'({vector} @@ {_PG_QUERY} OR "events_event"."id" = ANY(ARRAY({cited})))'


def text_relevance(text: str) -> tuple:
    """Ordering terms: the events matching ``text`` by their score, highest first (none without words).

    Each (word, field) term asks the index for the events where the word is in that field *and*
    the whole search matches, so its id list is never longer than the search's own answer.
    """
    words = text_words(text)
    if not words:
        return ()
    postgresql = default_connection.vendor == "postgresql"
    all_of = _syntax(postgresql)[3]
    whole_query = _query(words, postgresql)
    score: Expression = Value(0)
    for word_query in _word_queries(words, postgresql)[:SCORED_WORDS]:
        for field, weight in FIELD_WEIGHTS:
            if field == ARTICLE_TITLE:
                sql = f"SELECT event_id FROM events_citation WHERE article_id IN ({_cited_sql(postgresql)})"
                where = RawSQL(sql, [word_query])
            elif postgresql:
                sql = f"{_matching_sql(True)} AND {_pg_vector((field,))} @@ {_PG_QUERY}"
                where = RawSQL(sql, [whole_query, word_query])
            else:
                where = RawSQL(_matching_sql(False), [all_of([f"{{{field}}} : {word_query}", whole_query])])
            score = score + Case(When(pk__in=where, then=Value(weight)), default=Value(0), output_field=IntegerField())
    return (score.desc(),)


_PG_QUERY = "to_tsquery('simple', mapper_unaccent(%s))"


def _pg_vector(columns) -> str:
    text = " || ' ' || ".join(f"coalesce({column}, '')" for column in columns)
    return f"to_tsvector('simple'::regconfig, mapper_unaccent({text}))"


# --- Keeping the index ------------------------------------------------------------


def search_index_ensure(connection=default_connection) -> None:
    """Create the search tables, triggers, functions and indexes that are missing (idempotent)."""
    if connection.vendor == "sqlite":
        _sqlite_ensure(connection)
    elif connection.vendor == "postgresql":
        _pg_ensure(connection)


def _sqlite_ensure(connection):
    with connection.cursor() as cursor:
        for fts, (table, columns) in SQLITE_TABLES.items():
            cursor.execute("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s", [f"{fts}_%"])
            if cursor.fetchone()[0] >= 3 and _sqlite_table_exists(cursor, fts):
                continue
            names = ", ".join(columns)
            new = ", ".join(f"new.{column}" for column in columns)
            old = ", ".join(f"old.{column}" for column in columns)
            cursor.execute(
                f"CREATE VIRTUAL TABLE IF NOT EXISTS {fts} USING fts5({names}, content='{table}', "
                "content_rowid='id', tokenize='unicode61 remove_diacritics 2')"
            )
            insert = f"INSERT INTO {fts}(rowid, {names}) VALUES (new.id, {new});"
            delete = f"INSERT INTO {fts}({fts}, rowid, {names}) VALUES ('delete', old.id, {old});"
            cursor.execute(f"CREATE TRIGGER IF NOT EXISTS {fts}_insert AFTER INSERT ON {table} BEGIN {insert} END")
            cursor.execute(f"CREATE TRIGGER IF NOT EXISTS {fts}_delete AFTER DELETE ON {table} BEGIN {delete} END")
            cursor.execute(
                f"CREATE TRIGGER IF NOT EXISTS {fts}_update AFTER UPDATE OF {names} ON {table} "
                f"BEGIN {delete} {insert} END"
            )
            cursor.execute(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")


def _sqlite_table_exists(cursor, name) -> bool:
    cursor.execute("SELECT count(*) FROM sqlite_master WHERE name = %s", [name])
    return cursor.fetchone()[0] > 0


def _pg_ensure(connection):
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_proc WHERE proname = 'mapper_unaccent'")
        if not cursor.fetchone()[0]:
            body = PG_UNACCENT_FALLBACK
            try:
                with transaction.atomic(using=connection.alias):  # a savepoint: a refusal leaves no broken transaction
                    cursor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
                body = "lower(public.unaccent('public.unaccent'::regdictionary, $1))"
            except Exception:  # no contrib package, or no right to install it: the fallback still folds
                pass
            cursor.execute(
                "CREATE OR REPLACE FUNCTION mapper_unaccent(text) RETURNS text "
                f"LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT {body} $$"
            )
        cursor.execute(
            f"CREATE INDEX IF NOT EXISTS event_text_search ON events_event USING gin ({_pg_vector(EVENT_TEXT_COLUMNS)})"
        )
        for column in EVENT_TEXT_COLUMNS:  # each field's own index, for the ranking's terms
            vector = _pg_vector((column,))
            cursor.execute(f"CREATE INDEX IF NOT EXISTS event_{column}_search ON events_event USING gin ({vector})")
        cursor.execute("DROP INDEX IF EXISTS event_name_search")  # title and place together: the old ranking's
        cursor.execute(
            f"CREATE INDEX IF NOT EXISTS article_title_search ON events_article USING gin ({_pg_vector(('title',))})"
        )
