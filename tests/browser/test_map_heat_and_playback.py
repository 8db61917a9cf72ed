"""More ways to see: the heat layer (fed from the server's view) and a timeline that plays, with day-level dates."""

import re

import pytest
from django.db import transaction

from events.cell_index import cell_index_suspended
from events.models import Event
from events.viewport import SINGLES_MAX
from tests.browser.conftest import DESKTOP, PHONE, screenshot, wait_loaded
from tests.browser.phone_folds import unfold

pytestmark = pytest.mark.browser

# The heat canvas's opacity at a point of the page (0 where nothing is drawn).
HEAT_AT = """([x, y]) => {
  const canvas = document.querySelector('canvas.leaflet-heatmap-layer'), box = canvas.getBoundingClientRect();
  return canvas.getContext('2d').getImageData(Math.round(x - box.left), Math.round(y - box.top), 1, 1).data[3];
}"""


def centre(locator):
    box = locator.bounding_box()
    return [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2]


def switch_heat(page, on):
    page.locator(".leaflet-control-layers").hover()
    box = page.get_by_label("Heat map")
    box.check() if on else box.uncheck()
    page.mouse.move(5, 5)


@pytest.mark.parametrize(("viewport", "size"), [(DESKTOP, "desktop"), (PHONE, "phone")])
def test_heat_layer_glows_where_the_events_are(open_page, seed_events, viewport, size):
    page, problems = open_page("/#map=7/44.5/24.8", viewport=viewport)
    wait_loaded(page)
    assert page.locator("canvas.leaflet-heatmap-layer").count() == 0
    switch_heat(page, True)
    page.locator("canvas.leaflet-heatmap-layer").wait_for()
    page.wait_for_timeout(100)  # drawn on the next animation frame
    deveselu = page.locator(f'.event-marker[data-event-id="{seed_events["deveselu"].pk}"]')
    assert page.evaluate(HEAT_AT, centre(deveselu)) > 100
    map_box = page.locator("#map").bounding_box()
    assert page.evaluate(HEAT_AT, [map_box["x"] + map_box["width"] / 2, map_box["y"] + 5]) == 0  # far from any event
    screenshot(page, f"map-heat-{size}.png")
    switch_heat(page, False)
    assert page.locator("canvas.leaflet-heatmap-layer").count() == 0
    problems.assert_none()


@pytest.fixture
def crowd(transactional_db, kinds):
    """More events around Bucharest than the server sends one by one: zoomed out, they come as clusters."""
    with transaction.atomic(), cell_index_suspended():
        Event.objects.bulk_create(
            Event(
                key=f"crowd-{n}",
                title=f"Crowd {n}",
                kind=kinds["other"],
                status=Event.Status.PUBLISHED,
                latitude=44.40 + (n % 20) * 0.01,
                longitude=26.05 + (n // 20) * 0.01,
                precision="exact",
            )
            for n in range(SINGLES_MAX + 50)
        )


def test_heat_layer_weighs_the_server_clusters(open_page, seed_events, crowd):
    """The heat comes from the view's clusters and their counts, as it would at a million events."""
    requests = []
    page, problems = open_page("/#map=6/46/26", requests=requests)
    wait_loaded(page)
    cluster = page.locator(".event-cluster")
    assert cluster.count() >= 1
    switch_heat(page, True)
    page.locator("canvas.leaflet-heatmap-layer").wait_for()
    page.wait_for_timeout(100)
    counts = [int(c) for c in cluster.evaluate_all("cs => cs.map(c => c.dataset.count)")]
    biggest = cluster.nth(counts.index(max(counts)))
    assert page.evaluate(HEAT_AT, centre(biggest)) > 200  # hottest where the biggest cluster is
    assert all("zoom=" in url for url in requests if "/api/events/?" in url)  # only the view's answers were asked for
    problems.assert_none()


@pytest.mark.parametrize(("viewport", "size"), [(DESKTOP, "desktop"), (PHONE, "phone")])
def test_the_timeline_plays_month_by_month_and_pauses(open_page, seed_events, viewport, size):
    page, problems = open_page("/#map=6/46/25", viewport=viewport)
    wait_loaded(page)
    unfold(page, "timeline")  # on a phone the player is in the timeline's fold
    play = page.get_by_role("button", name="Play the timeline")
    play.click()
    assert page.get_by_role("button", name="Pause the timeline").get_attribute("aria-pressed") == "true"
    # The first step: January 2024, which holds Kogălniceanu only.
    page.wait_for_function("() => location.hash.includes('from=2024-01-01&to=2024-01-31')")
    wait_loaded(page, int(page.evaluate("() => document.body.dataset.loadCount")) - 1)
    # Then February, March...
    page.wait_for_function("() => location.hash.includes('from=2024-03-01&to=2024-03-31')", timeout=10_000)
    page.get_by_role("button", name="Pause the timeline").click()
    paused = re.search(r"from=([\d-]+)", page.url).group(1)
    page.wait_for_timeout(1500)
    assert re.search(r"from=([\d-]+)", page.url).group(1) == paused  # it stays where it was paused
    wait_loaded(page, int(page.evaluate("() => document.body.dataset.loadCount")) - 1)
    shown = page.locator(".event-list__title").all_inner_texts()
    if paused == "2024-03-01":
        assert sorted(shown) == ["Drone spotted near the border with Ukraine", "US troops at Deveselu"]
    assert "Bârsana, a border village" not in shown  # undated: not in any month
    screenshot(page, f"map-timeline-playing-{size}.png")
    problems.assert_none()


def test_day_level_dates_select_a_single_day(open_page, seed_events):
    page, problems = open_page("/#map=6/46/25")
    loads = wait_loaded(page)
    page.get_by_label("From date").fill("2024-03-02")
    loads = wait_loaded(page, loads)
    page.get_by_label("To date").fill("2024-03-02")
    wait_loaded(page, loads)
    assert "from=2024-03-02&to=2024-03-02" in page.url
    assert page.locator(".event-list__title").all_inner_texts() == ["US troops at Deveselu"]  # 2 March 2024 only
    problems.assert_none()


def test_playing_day_by_day_steps_one_day_at_a_time(open_page, seed_events):
    page, problems = open_page("/#map=6/46/25&from=2024-03-01&to=2024-03-01")
    wait_loaded(page)
    page.get_by_label("Step").select_option("day")
    page.get_by_role("button", name="Play the timeline").click()
    page.wait_for_function("() => location.hash.includes('from=2024-03-02&to=2024-03-02')")
    page.wait_for_function("() => location.hash.includes('from=2024-03-03&to=2024-03-03')", timeout=10_000)
    page.get_by_role("button", name="Pause the timeline").click()
    problems.assert_none()
