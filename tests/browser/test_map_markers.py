"""What the map draws: markers for published events only, honest precision, safe popups."""

import pytest

from events.models import Article, Event
from tests.browser.conftest import DESKTOP, PHONE, screenshot, wait_loaded

pytestmark = pytest.mark.browser


def marker(page, event):
    return page.locator(f'.event-marker[data-event-id="{event.pk}"]')


def shown_marker_count(page):
    """Markers drawn one by one plus those counted inside clusters (their exact count)."""
    singles = page.locator(".event-marker").count()
    counts = page.locator(".event-cluster").evaluate_all("clusters => clusters.map(c => c.dataset.count)")
    clustered = sum(int(count) for count in counts)
    return singles + clustered


def test_published_events_appear_and_drafts_do_not(open_page, seed_events):
    page, problems = open_page("/")
    wait_loaded(page)

    assert page.locator(".view-total").inner_text() == "6 events in view"  # the published ones with a location
    assert shown_marker_count(page) == 5  # the five published events with a point
    titles = page.locator(".event-list__title").all_inner_texts()
    assert "US troops at Deveselu" in titles and "Drone spotted near the border with Ukraine" in titles
    assert "Secret draft at Sibiu" not in page.content()
    assert marker(page, seed_events["draft"]).count() == 0
    problems.assert_none()


def test_popup_shows_the_facts_and_a_safe_link_to_each_source(open_page, seed_events):
    page, problems = open_page("/")
    wait_loaded(page)

    marker(page, seed_events["kogalniceanu"]).click()
    popup = page.locator(".leaflet-popup .event-popup")
    popup.wait_for()
    text = popup.inner_text()
    for expected in (
        "US troops at Mihail Kogălniceanu airbase",
        "Military base",
        "15 January 2024",
        "exact location",
        "troops",
        "1700",
        "us troops scope",  # attribute names as written, not title-cased ("Us Troops Scope")
        "NATO role",
        "Why here?",
        "US soldiers are stationed",
    ):
        assert expected in text
    link = popup.locator(".event-popup__source a")
    assert link.get_attribute("target") == "_blank"
    assert link.get_attribute("rel") == "noopener noreferrer"
    assert link.evaluate("a => a.href") == page.evaluate(
        "url => new URL(url).href", seed_events["kogalniceanu"].citations.get().article.url
    )
    assert popup.locator("svg[onload]").count() == 0  # the quote in the URL never broke out of the attribute

    popup.locator(".event-popup__more").click()
    page.wait_for_url(f"**/events/{seed_events['kogalniceanu'].pk}/")
    problems.assert_none()


def test_popup_says_how_precise_and_when(open_page, seed_events):
    page, problems = open_page(f"/#map=10/47.8167/24.0667&event={seed_events['barsana'].pk}")
    wait_loaded(page)
    popup = page.locator(".event-popup")
    popup.wait_for()
    assert "date unknown" in popup.inner_text()
    assert "settlement" in popup.inner_text()
    problems.assert_none()


def test_hostile_title_is_shown_as_text_and_runs_nothing(open_page, seed_events):
    page, problems = open_page(f"/#map=9/45.75/21.23&event={seed_events['hostile'].pk}")
    wait_loaded(page)

    popup = page.locator(".event-popup")
    popup.wait_for()
    assert popup.locator("h3").inner_text() == "<img src=x onerror=alert(1)>"
    assert "<script>alert(2)</script>" in popup.inner_text()
    assert "<b>Nowhere</b>" in popup.inner_text()
    assert page.locator(".event-popup img, .event-list img, .event-popup script, .event-popup b").count() == 0
    assert "<img src=x onerror=alert(1)>" in page.locator(".event-list__title").all_inner_texts()
    assert marker(page, seed_events["hostile"]).get_attribute("title") == "<img src=x onerror=alert(1)>"
    page.wait_for_timeout(200)  # give a would-be onerror handler its chance to fire
    problems.assert_none()  # includes: no dialog opened


def test_region_event_is_a_line_and_approximate_points_have_circles_where_legible(open_page, seed_events):
    page, problems = open_page("/#map=10/44.06667/24.38333")
    wait_loaded(page)
    assert page.locator("path.event-uncertainty").count() == 1  # Deveselu's 3 km: some 27 px wide at zoom 10

    page.goto(page.url.split("#")[0] + "#map=7/46.0/25.0")  # a few pixels wide here: not drawn
    page.reload()
    wait_loaded(page)
    assert page.locator(".event-marker").count() == 5
    assert page.locator("path.event-uncertainty").count() == 0
    assert marker(page, seed_events["drone"]).count() == 0  # never a pin
    line = page.locator("path.event-area")
    assert line.count() == 1
    # Click on the line itself (the middle of its bounding box is off the line).
    x, y = line.evaluate(
        """path => {
            const point = path.getPointAtLength(path.getTotalLength() / 2), m = path.getScreenCTM();
            return [point.x * m.a + m.e, point.y * m.d + m.f];
        }"""
    )
    page.mouse.click(x, y)
    popup = page.locator(".event-popup")
    popup.wait_for()
    assert "Drone spotted near the border with Ukraine" in popup.inner_text()
    assert "somewhere in the region — shown as an area" in popup.inner_text()
    problems.assert_none()


def test_an_area_takes_clicks_on_its_outline_not_its_inside(open_page, seed_events, kinds):
    """A region known only by a point is a 50 km area: the marker inside it stays clickable.

    Its point is 28 km north of Deveselu, in another grid cell: at the same point the two would be one cluster."""
    Event.objects.create(
        key="region-area",
        title="Somewhere around Deveselu",
        kind=kinds["other"],
        status=Event.Status.PUBLISHED,
        latitude=44.3167,
        longitude=24.3833,
        precision="region",
    )
    page, problems = open_page("/#map=8/44.3167/24.3833")
    wait_loaded(page)
    area = page.locator("path.event-area")
    assert area.count() == 1
    marker(page, seed_events["deveselu"]).click()  # in the middle of the area: the area does not swallow it
    assert page.locator(".event-popup h3").inner_text() == "US troops at Deveselu"
    page.keyboard.press("Escape")
    page.wait_for_timeout(400)  # the popup's pan of the map ends
    box = area.bounding_box()  # measured now: the popup panned the map
    page.mouse.click(box["x"] + box["width"] / 2 + 40, box["y"] + box["height"] / 2)  # inside, off the marker
    page.wait_for_timeout(300)
    assert page.locator(".event-popup").count() == 0
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + 1.5)  # on the outline (its top)
    assert page.locator(".event-popup h3").inner_text() == "Somewhere around Deveselu"
    problems.assert_none()


@pytest.mark.parametrize(("viewport", "name"), [(DESKTOP, "map-desktop.png"), (PHONE, "map-phone.png")])
def test_screenshots_without_console_errors(open_page, seed_events, viewport, name):
    page, problems = open_page(f"/#event={seed_events['campia'].pk}", viewport=viewport)
    wait_loaded(page)
    page.locator(".event-popup").wait_for()
    screenshot(page, name)
    problems.assert_none()


def test_popup_link_to_an_article_without_url_opens_its_page(open_page, seed_events):
    """The seed article has no URL of its own: the popup links to our article page, in a new tab."""
    article = seed_events["kogalniceanu"].citations.get().article
    Article.objects.filter(pk=article.pk).update(url=None, text="Romania is set to embark on drone production.")
    page, problems = open_page("/")
    wait_loaded(page)

    marker(page, seed_events["kogalniceanu"]).click()
    link = page.locator(".leaflet-popup .event-popup__source a")
    with page.context.expect_page() as opened:
        link.click()
    article_page = opened.value
    article_page.wait_for_load_state()
    assert article_page.url.endswith(f"/articles/{article.slug}/")
    assert article_page.locator("h1").inner_text() == article.title
    assert "Romania is set to embark" in article_page.locator("main").inner_text()
    problems.assert_none()
