"""A large archive on the map: server clusters with exact totals, a paged list, a timeline that counts everything."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.db.models import F
from django.test import Client

from events.models import Event
from events.services.generating import events_generate
from tests.browser.conftest import DESKTOP, MANY_EVENTS, PHONE, screenshot, wait_loaded

pytestmark = pytest.mark.browser


def asked(requests, kind):
    """The query of the page's last request for its view ("view": /api/events/?bbox&zoom) or its list ("list")."""
    for url in reversed(requests):
        parts = urlsplit(url)
        query = {key: values[0] for key, values in parse_qs(parts.query).items()}
        if (kind == "view" and parts.path == "/api/events/" and "zoom" in query) or (
            kind == "list" and parts.path == "/api/events/list/"
        ):
            return query
    raise AssertionError(f"no {kind} request in {requests}")


def shown_total(page):
    return int(page.evaluate("document.body.dataset.eventsTotal"))


def bbox_of(query):
    return [float(part) for part in query["bbox"].split(",")]


def in_view(query):
    """The published events in the bbox the page asked for, counted by the database."""
    return Event.objects.published().in_bbox(*bbox_of(query))


def drawn_total(page):
    """Single markers plus the exact counts of the clusters drawn."""
    return page.evaluate(
        """() => document.querySelectorAll('.event-marker').length
            + [...document.querySelectorAll('.event-cluster')].reduce((sum, c) => sum + Number(c.dataset.count), 0)"""
    )


def test_clusters_add_up_to_the_database_count_and_zooming_in_fetches_the_view(open_page, many_events):
    requests = []
    page, problems = open_page("/#map=6/46.0/26.0", requests=requests)
    loads = wait_loaded(page)
    query = asked(requests, "view")
    expected = in_view(query).count()
    assert 0 < expected < MANY_EVENTS
    assert shown_total(page) == expected
    assert page.locator(".event-cluster").count() > 0
    assert drawn_total(page) == expected  # nothing cut: every event in view is in a cluster or drawn
    assert page.locator(".view-total").inner_text() == f"{expected:,} events in view"
    screenshot(page, "map-many-country.png")

    # A cluster's tooltip gives its count per kind, which add up to its count.
    cluster = page.locator(".event-cluster").first
    cluster.hover()
    tooltip = page.locator(".leaflet-tooltip .event-cluster__tooltip")
    tooltip.wait_for()
    per_kind = [int(line.rsplit(": ", 1)[1].replace(",", "")) for line in tooltip.locator("li").all_inner_texts()]
    assert sum(per_kind) == int(cluster.get_attribute("data-count"))
    assert "Military base: " in tooltip.inner_text()

    # Click the biggest cluster: the map zooms to its members and asks for the new view.
    biggest = page.locator(".event-cluster").evaluate_all(
        "cs => cs.map(c => Number(c.dataset.count)).indexOf(Math.max(...cs.map(c => Number(c.dataset.count))))"
    )
    page.locator(".event-cluster").nth(biggest).click()
    wait_loaded(page, loads)
    zoomed = asked(requests, "view")
    assert int(zoomed["zoom"]) > int(query["zoom"])
    expected = in_view(zoomed).count()
    assert shown_total(page) == expected and drawn_total(page) == expected
    assert page.locator(".view-total").inner_text() == f"{expected:,} events in view"
    problems.assert_none()


def test_a_city_view_draws_single_events_with_their_popups(open_page, many_events):
    requests = []
    page, problems = open_page("/#map=14/44.43/26.10", requests=requests)
    wait_loaded(page)
    assert drawn_total(page) == in_view(asked(requests, "view")).count() == shown_total(page)
    assert page.locator(".event-cluster").count() == 0
    first = page.locator(".event-marker").first
    first.click()
    popup = page.locator(".leaflet-popup .event-popup")
    popup.wait_for()
    assert popup.locator("h3").inner_text() == first.get_attribute("title")
    assert "Why here?" in popup.inner_text()
    screenshot(page, "map-many-city.png")
    problems.assert_none()


def listed_ids(page):
    ids = page.locator(".event-list__item").evaluate_all("items => items.map(item => item.dataset.eventId)")
    return [int(i) for i in ids]


def test_list_shows_the_total_and_pages_newest_first(open_page, many_events):
    requests = []
    page, problems = open_page("/#map=8/44.43/26.10", requests=requests)
    wait_loaded(page)
    events = in_view(asked(requests, "list")).order_by(F("date").desc(nulls_last=True), "title", "pk")
    total = events.count()
    assert page.locator(".event-list__count").inner_text() == f"({total:,})"
    assert listed_ids(page) == list(events.values_list("pk", flat=True)[:50])
    # Hovering an event that a cluster holds highlights that cluster.
    page.locator(".event-list__item").first.hover()
    assert page.locator(".event-cluster.is-highlighted").count() == 1

    more = page.get_by_role("button", name="Show 50 more")
    footer = page.locator(".event-list__footer")
    assert f"50 of {total:,} shown" in footer.inner_text()
    more.focus()
    page.keyboard.press("Enter")  # keyboard-operable
    page.wait_for_function("() => document.querySelectorAll('.event-list__item').length === 100")
    assert listed_ids(page) == list(events.values_list("pk", flat=True)[:100])
    assert f"100 of {total:,} shown" in footer.inner_text()
    problems.assert_none()


def test_timeline_counts_every_matching_event_not_the_ones_drawn(open_page, many_events):
    page, problems = open_page("/#map=12/44.43/26.10&kind=military-base")
    wait_loaded(page)
    matching = Event.objects.published().filter(kind__slug="military-base")
    bars = page.locator("#timeline rect").evaluate_all("rs => rs.map(r => Number(r.dataset.count))")
    assert sum(bars) == matching.filter(date__isnull=False).count()
    assert len(bars) == 60  # five years of months, the empty ones drawn too
    undated = matching.filter(date__isnull=True).count()
    assert f"{undated:,} undated" in page.locator("#timeline").inner_text()
    problems.assert_none()


def test_permalink_opens_an_event_that_a_cluster_holds(open_page, many_events):
    event = next(e for e in many_events if abs(e.latitude - 44.43) < 0.05 and abs(e.longitude - 26.10) < 0.05)
    requests = []
    page, problems = open_page(f"/#map=6/45.00000/26.00000&event={event.pk}", requests=requests)
    wait_loaded(page)
    answer = Client().get("/api/events/", asked(requests, "view")).json()  # the same question, asked here
    assert event.pk not in [feature.get("id") for feature in answer["features"]]  # the server holds it in a cluster

    popup = page.locator(".event-popup")
    popup.wait_for()
    assert popup.locator("h3").inner_text() == event.title
    assert "map=6/45.00000/26.00000" in page.evaluate("location.hash")  # the view stayed as linked
    problems.assert_none()


@pytest.mark.parametrize(("viewport", "name"), [(DESKTOP, "map-many-world.png"), (PHONE, "map-many-phone.png")])
def test_screenshots_of_a_large_archive(open_page, many_events, viewport, name):
    page, problems = open_page("/", viewport=viewport)
    wait_loaded(page)
    assert page.locator(".event-cluster").count() > 0
    screenshot(page, name)
    problems.assert_none()


def overlapping_clusters(page):
    """Pairs of drawn cluster icons (and cluster icons and markers) whose boxes on screen intersect."""
    return page.evaluate(
        """() => {
            const boxes = sel => [...document.querySelectorAll(sel)].map(e => e.getBoundingClientRect());
            const clusters = boxes('.event-cluster'), markers = boxes('.event-marker');
            const meet = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
            const pairs = [];
            clusters.forEach((a, i) => {
                clusters.slice(i + 1).forEach(b => meet(a, b) && pairs.push([a.x, a.y, b.x, b.y]));
                markers.forEach(b => meet(a, b) && pairs.push([a.x, a.y, b.x, b.y]));
            });
            return pairs;
        }"""
    )


def test_cluster_icons_never_overlap_and_still_add_up(open_page, many_events):
    for view in ("4/46.0/26.0", "6/46.0/26.0", "8/44.43/26.10", "10/44.43/26.10"):  # one archive copy, four views
        requests = []
        page, problems = open_page(f"/#map={view}", requests=requests)
        wait_loaded(page)
        expected = in_view(asked(requests, "view")).count()
        assert page.locator(".event-cluster").count() > 0, view
        assert overlapping_clusters(page) == [], view
        assert shown_total(page) == expected and drawn_total(page) == expected, view
        # Each cluster's counts per kind (its accessible name: "N events (n Kind, …). Zoom in.") add up to its count.
        for count, label in page.locator(".event-cluster").evaluate_all(
            "cs => cs.map(c => [Number(c.dataset.count), c.getAttribute('aria-label')])"
        ):
            kinds = label[label.index("(") + 1 : label.rindex(")")].split(", ")
            assert sum(int(kind.split(" ", 1)[0].replace(",", "")) for kind in kinds) == count, label
        problems.assert_none()
        page.context.close()


def test_border_choices_count_the_events_inside_clusters_too(open_page, transactional_db, kinds):
    events_generate(3000, seed=7, gazetteer=False)
    requests = []
    page, problems = open_page("/#map=5/46.0/26.0", requests=requests)
    wait_loaded(page)
    assert page.locator(".event-cluster").count() > 0
    near = in_view(asked(requests, "view")).exclude(border_country="")
    expected = set(near.values_list("border_country", flat=True))
    markers = page.locator(".event-marker").evaluate_all("ms => ms.map(m => Number(m.dataset.eventId))")
    drawn_alone = set(near.filter(pk__in=markers).values_list("border_country", flat=True))
    assert expected - drawn_alone  # some border countries are only inside clusters: the singles alone would miss them
    offered = page.get_by_label("Near the borders of").locator("option").evaluate_all("os => os.map(o => o.value)")
    assert set(offered) - {""} == expected
    problems.assert_none()
