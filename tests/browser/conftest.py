"""Browser fixtures: headless system Chromium, tiles served locally, console errors fail the test."""

import os
import random
import struct
import zlib
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction

from events.bulk_load import bulk_load
from events.cell_index import cell_index_suspended
from events.day_index import day_index_suspended
from events.models import Article, Citation, Event, EventKind
from events.services.data_version import data_version_bump

# Playwright's sync API runs an event loop in this thread; the ORM calls in the
# tests themselves are synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def tile_png(rgb=(232, 236, 228), size=256) -> bytes:
    """A plain map-coloured tile with a thin grid line, so screenshots show the tile edges."""
    line, plain = bytes((200, 205, 195)) * size, bytes(rgb) * size
    rows = b"".join(b"\x00" + (line if y == 0 else bytes((200, 205, 195)) + plain[3:]) for y in range(size))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


@pytest.fixture(scope="session")
def browser():
    playwright_sync = pytest.importorskip("playwright.sync_api")
    if not Path("/usr/bin/chromium").exists():
        pytest.skip("system Chromium not installed (apt-get install chromium)")
    with playwright_sync.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """A fresh page whose tile requests get a local PNG and whose console errors are collected."""
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    tile = tile_png()
    page.route("**/tile.openstreetmap.org/**", lambda route: route.fulfill(body=tile, content_type="image/png"))
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.console_errors = errors
    ARTIFACTS.mkdir(exist_ok=True)
    yield page
    context.close()
    assert errors == [], f"console errors: {errors}"


# --- The map page ------------------------------------------------------------

TILES = "**/tile.openstreetmap.org/**"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 360, "height": 740}


class PageProblems:
    """Console errors, uncaught exceptions and dialogs seen by a page."""

    def __init__(self, page):
        self.console_errors, self.page_errors, self.dialogs = [], [], []
        page.on("console", lambda message: message.type == "error" and self.console_errors.append(message.text))
        page.on("pageerror", lambda error: self.page_errors.append(str(error)))
        page.on("dialog", self._dialog)

    def _dialog(self, dialog):
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def assert_none(self, ignore=()):
        errors = [e for e in self.console_errors if not any(fragment in e for fragment in ignore)]
        assert errors == [] and self.page_errors == [] and self.dialogs == []


@pytest.fixture
def open_page(browser, live_server):
    """open_page(path, viewport=DESKTOP, tiles=True, routes=(), requests=None) -> (page, problems).

    tiles=False: every tile fails. requests: a list that gets the URL of every request the page makes.
    """
    contexts = []
    tile = tile_png()

    def open_(path="/", *, viewport=DESKTOP, tiles=True, routes=(), requests=None):
        context = browser.new_context(viewport=viewport)
        contexts.append(context)
        page = context.new_page()
        problems = PageProblems(page)
        if tiles:
            page.route(TILES, lambda route: route.fulfill(status=200, content_type="image/png", body=tile))
        else:
            page.route(TILES, lambda route: route.abort())
        for pattern, handler in routes:
            page.route(pattern, handler)
        if requests is not None:
            page.on("request", lambda request: requests.append(request.url))
        page.goto(live_server.url + path)
        return page, problems

    yield open_
    for context in contexts:
        context.close()


def wait_loaded(page, after=0):
    """Wait until the map has loaded its events more than ``after`` times; returns the new load count."""
    page.wait_for_function(  # no body yet when it runs as a new page starts (after a navigation): keep waiting
        "n => document.body?.dataset.eventsLoaded === 'true' && Number(document.body.dataset.loadCount) > n", arg=after
    )
    return int(page.evaluate("document.body.dataset.loadCount"))


def screenshot(page, name):
    """Save a screenshot to test-artifacts/ once zooms, cluster moves and popup fade-ins have finished."""
    page.wait_for_function(
        """() => !document.querySelector('.leaflet-zoom-anim, .leaflet-cluster-anim')
            && [...document.querySelectorAll('.leaflet-popup')].every(p => getComputedStyle(p).opacity === '1')"""
    )
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / name)


@pytest.fixture
def seed_events(transactional_db, kinds):
    """The seed article's events, plus a draft, a hostile title and an event with no location."""
    article = Article.objects.create(
        title="Romania and Ukraine to produce drones together",
        slug="romania-ukraine-drones",
        url='https://news.example.org/romania-ukraine-drones?q="><svg/onload=alert(1)>',
        publisher="Example News",
        country_hint="RO",
    )

    def event(key, title, kind, quote, **fields):
        values = {"key": key, "title": title, "kind": kinds[kind], "status": Event.Status.PUBLISHED} | fields
        created = Event.objects.create(**values)
        Citation.objects.create(event=created, article=article, quote=quote)
        return created

    return {
        "kogalniceanu": event(
            "kogalniceanu",
            "US troops at Mihail Kogălniceanu airbase",
            "military-base",
            "US soldiers are stationed at the Mihail Kogălniceanu airbase.",
            place_name="Mihail Kogălniceanu airbase",
            latitude=44.3622,
            longitude=28.4883,
            precision="exact",
            date=date(2024, 1, 15),
            attributes={"troops": 1700, "us_troops_scope": "all three bases", "NATO_role": "host"},
        ),
        "deveselu": event(
            "deveselu",
            "US troops at Deveselu",
            "military-base",
            "… as well as the Deveselu … bases.",
            place_name="Deveselu",
            latitude=44.0667,
            longitude=24.3833,
            precision="settlement",
            date=date(2024, 3, 2),
        ),
        "campia": event(
            "campia-turzii",
            "US troops at Câmpia Turzii",
            "military-base",
            "… and Cimbia Turzii bases.",
            place_name="Cimbia Turzii",
            latitude=46.5027,
            longitude=23.8856,
            precision="near",
            date=date(2024, 6, 20),
        ),
        "barsana": event(
            "barsana",
            "Bârsana, a border village",
            "border-village",
            "the border village of Bârsana",
            place_name="Bârsana",
            latitude=47.8167,
            longitude=24.0667,
            precision="settlement",
            border_country="UA",
            border_distance_km=9.5,
            border_zone={"RO-UA": 9.5, "RO": 9.5, "UA": 9.5},
        ),
        "drone": event(
            "drone-near-border",
            "Drone spotted near the border with Ukraine",
            "drone-sighting",
            "a drone was spotted near the border with Ukraine",
            place_name="the border with Ukraine",
            precision="region",
            date=date(2024, 3, 28),
            geometry={
                "type": "LineString",
                "coordinates": [[22.9, 47.95], [24.0, 47.95], [25.5, 47.75], [26.6, 48.25]],
            },
        ),
        "hostile": event(
            "hostile",
            "<img src=x onerror=alert(1)>",
            "other",
            "<script>alert(2)</script>",
            place_name="<b>Nowhere</b>",
            latitude=45.75,
            longitude=21.23,
            precision="exact",
            date=date(2024, 6, 1),
        ),
        "no_location": event(
            "production",
            "Joint drone production",
            "production-site",
            "Romania is set to embark on …",
            place_name="Romania",
            precision="country",
        ),
        "draft": event(
            "draft",
            "Secret draft at Sibiu",
            "other",
            "not yet checked",
            place_name="Sibiu",
            latitude=45.79,
            longitude=24.15,
            precision="exact",
            status=Event.Status.DRAFT,
            date=date(2024, 2, 1),
        ),
    }


# --- A large archive -----------------------------------------------------------

MANY_EVENTS = 20_000
# Dense places the generated events gather around: (latitude, longitude, spread in degrees).
PLACES = [
    (44.43, 26.10, 0.15),  # Bucharest
    (46.77, 23.59, 0.1),  # Cluj-Napoca
    (47.16, 27.59, 0.1),  # Iași
    (45.44, 28.05, 0.08),  # Galați
    (50.45, 30.52, 0.2),  # Kyiv
    (46.48, 30.73, 0.12),  # Odesa
    (49.84, 24.03, 0.1),  # Lviv
    (47.01, 28.86, 0.1),  # Chișinău
    (42.70, 23.32, 0.12),  # Sofia
    (47.50, 19.04, 0.15),  # Budapest
    (45.0, 25.0, 2.0),  # spread over the countryside
]


def _many_events_rows(kinds) -> tuple[list[Article], list[Event], list[tuple[int, int, str]]]:
    """MANY_EVENTS published events around real places: every kind and precision, five years, 10 % undated.

    One article per hundred events, one citation each (event number, article number, quote)."""
    rng = random.Random(14)
    kind_list = list(kinds.values())
    precisions = ["exact", "near", "settlement", "exact", "near"]
    articles = [
        Article(title=f"Report {n}", slug=f"report-{n}", url=f"https://news.example.org/{n}", publisher="Example News")
        for n in range(MANY_EVENTS // 100)
    ]
    events = []
    for n in range(MANY_EVENTS):
        latitude, longitude, spread = rng.choice(PLACES)
        day = date(2020, 1, 1) + timedelta(days=rng.randrange(5 * 365))
        events.append(
            Event(
                key=f"generated-{n}",
                title=f"Generated event {n}",
                kind=kind_list[n % len(kind_list)],
                status=Event.Status.PUBLISHED,
                latitude=round(min(85, max(-85, rng.gauss(latitude, spread))), 5),
                longitude=round(rng.gauss(longitude, spread), 5),
                precision=precisions[n % len(precisions)],
                place_name=f"Place {n % 97}",
                date=None if rng.random() < 0.1 else day,
            )
        )
    return articles, events, [(n, n // 100, f"Quote {n}") for n in range(MANY_EVENTS)]


# The archive's own copy, kept between tests: a flush empties Django's tables, not these.
MANY_TABLES = {Article: "many_article", Event: "many_event", Citation: "many_citation"}


@pytest.fixture(scope="session")
def many_events_template(django_db_setup, django_db_blocker):
    """The large archive, built once per session (bulk inserts, derived tables rebuilt once) and copied aside."""
    with django_db_blocker.unblock(), transaction.atomic(), bulk_load():
        call_command("loaddata", "event_kinds", verbosity=0)
        articles, events, citations = _many_events_rows({kind.slug: kind for kind in EventKind.objects.all()})
        articles = Article.objects.bulk_create(articles)
        events = Event.objects.bulk_create(events, batch_size=2000)
        Citation.objects.bulk_create(
            (Citation(event=events[e], article=articles[a], quote=quote) for e, a, quote in citations),
            batch_size=2000,
        )
        with connection.cursor() as cursor:
            for model, table in MANY_TABLES.items():
                cursor.execute(f"DROP TABLE IF EXISTS {table}")
                cursor.execute(f"CREATE TABLE {table} AS SELECT * FROM {model._meta.db_table}")
            cursor.execute("ALTER TABLE many_event ADD COLUMN kind_slug varchar(50)")
            slug = "SELECT slug FROM events_eventkind k WHERE k.id = many_event.kind_id"
            cursor.execute(f"UPDATE many_event SET kind_slug = ({slug})")
            for model in (Citation, Event, Article, EventKind):  # the tests' own database starts empty
                cursor.execute(f"DELETE FROM {model._meta.db_table}")
    yield
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        for table in MANY_TABLES.values():
            cursor.execute(f"DROP TABLE IF EXISTS {table}")


@pytest.fixture
def many_events(many_events_template, transactional_db, kinds):
    """The large archive in this test's database: copied in from the session's template (well under a second),
    the indexes, cluster and day counts and search index rebuilt once (``bulk_load``), kinds matched by slug."""
    with transaction.atomic(), bulk_load(), connection.cursor() as cursor:
        for model, table in MANY_TABLES.items():
            columns = [field.column for field in model._meta.concrete_fields]
            names = ", ".join(columns)
            if model is Event:
                chosen = ", ".join("k.id" if c == "kind_id" else f"s.{c}" for c in columns)
                source = f"{table} s JOIN events_eventkind k ON k.slug = s.kind_slug"
            else:
                chosen, source = names, table
            cursor.execute(f"INSERT INTO {model._meta.db_table} ({names}) SELECT {chosen} FROM {source}")
        for statement in connection.ops.sequence_reset_sql(no_style(), list(MANY_TABLES)):
            cursor.execute(statement)
    data_version_bump()  # raw inserts send no signal: answers cached for an earlier test's data are stale
    yield list(Event.objects.order_by("pk"))
    # Emptied here with the count triggers off: the flush after the test would delete row by row through them.
    with transaction.atomic(), cell_index_suspended(), day_index_suspended(), connection.cursor() as cursor:
        for model in (Citation, Event, Article):
            cursor.execute(f"DELETE FROM {model._meta.db_table}")


@pytest.fixture
def open_in(browser, live_server):
    """open_in(path, locale, viewport=DESKTOP) -> (page, problems): a browser whose language is ``locale``."""
    contexts = []
    tile = tile_png()

    def open_(path, locale, *, viewport=DESKTOP):
        context = browser.new_context(viewport=viewport, locale=locale)
        contexts.append(context)
        page = context.new_page()
        problems = PageProblems(page)
        page.route(TILES, lambda route: route.fulfill(status=200, content_type="image/png", body=tile))
        page.goto(live_server.url + path)
        return page, problems

    yield open_
    for context in contexts:
        context.close()
