"""Controls never hide content: every popup of the seed data opens clear of every control, desktop and phone."""

import math
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from events.models import Event
from tests.browser.conftest import DESKTOP, PHONE, screenshot, wait_loaded

pytestmark = pytest.mark.browser

SEED_ARTICLES = Path(settings.BASE_DIR) / "fixtures" / "articles"

# What a popup must not overlap: Leaflet's controls (zoom, layers, legend, totals, notice, credits), the
# alert, the list (a drawer on phones), the filter bar and the timeline.
OBSTACLES_JS = """() => [...document.querySelectorAll(
    '.leaflet-control, .map-alert:not([hidden]), .event-list, #filters, #timeline')]
  .map(e => ({name: e.className || e.id, r: e.getBoundingClientRect()}))
  .filter(({r}) => r.width && r.height)
  .map(({name, r}) => ({name, left: r.left, top: r.top, right: r.right, bottom: r.bottom}))"""

# The popup (its box, close button and tip), once its auto-pan has come to rest.
POPUP_JS = """() => new Promise(resolve => {
  let last = '', still = 0;
  const measure = () => {
    const popup = document.querySelector('.leaflet-popup');
    if (!popup || getComputedStyle(popup).opacity !== '1') { requestAnimationFrame(measure); return; }
    const boxes = [popup, popup.querySelector('.leaflet-popup-tip')].map(e => e.getBoundingClientRect());
    const r = {left: Math.min(...boxes.map(b => b.left)), top: Math.min(...boxes.map(b => b.top)),
               right: Math.max(...boxes.map(b => b.right)), bottom: Math.max(...boxes.map(b => b.bottom))};
    const key = JSON.stringify(r);
    still = key === last ? still + 1 : 0;
    last = key;
    if (still >= 10 && !document.querySelector('.leaflet-zoom-anim')) resolve(r);
    else requestAnimationFrame(measure);
  };
  measure();
})"""


def overlaps(a, b):
    return a["left"] < b["right"] and b["left"] < a["right"] and a["top"] < b["bottom"] and b["top"] < a["bottom"]


@pytest.fixture
def seed_article(transactional_db, kinds, gazetteer):
    """The article `make run` loads (fixtures/articles/), geocoded from the gazetteer as on a fresh machine."""
    call_command("import_articles", str(SEED_ARTICLES), verbosity=0)
    events = list(Event.objects.filter(status=Event.Status.PUBLISHED).order_by("pk"))
    assert len(events) == 6
    return events


def open_popup(page, event):
    """Open an event's popup as a reader would: a click on its marker, or on its line or area's outline."""
    marker = page.locator(f'.event-marker[data-event-id="{event.pk}"]')
    if marker.count():
        marker.dispatch_event("click")  # also when a control covers it: the popup must still come clear
        return
    entry = page.locator(f'.event-list__item[data-event-id="{event.pk}"]')
    if page.locator(".event-list__toggle").is_visible():
        page.locator(".event-list__toggle").click()
    entry.click()  # flies to its shape and opens the popup


@pytest.mark.parametrize(("viewport", "size"), [(DESKTOP, "desktop"), (PHONE, "phone")])
def test_every_popup_of_the_seed_data_is_clear_of_every_control(open_page, seed_article, viewport, size):
    page, problems = open_page("/", viewport=viewport)
    wait_loaded(page)
    opened = 0
    for event in seed_article:
        page.goto(page.url.split("#")[0] + "#")  # the fitted view of every event, no popup
        page.reload()
        wait_loaded(page)
        open_popup(page, event)
        popup = page.evaluate(POPUP_JS)
        assert event.title in page.locator(".leaflet-popup .event-popup__title").inner_text()
        map_box = page.locator("#map").bounding_box()
        assert map_box["x"] - 0.5 <= popup["left"] and popup["right"] <= map_box["x"] + map_box["width"] + 0.5
        assert map_box["y"] - 0.5 <= popup["top"] and popup["bottom"] <= map_box["y"] + map_box["height"] + 0.5
        hidden_by = [o["name"] for o in page.evaluate(OBSTACLES_JS) if overlaps(popup, o)]
        assert hidden_by == [], f"{event.title}: popup under {hidden_by} at {size}"
        close = page.locator(".leaflet-popup-close-button")
        assert close.is_visible()
        close.click()  # the close button is reachable: nothing covers it
        page.locator(".leaflet-popup").wait_for(state="detached")
        opened += 1
    assert opened == 6
    problems.assert_none()


def centre_putting(lat, lon, zoom, at_x, at_y, width, height):
    """The map centre (lat, lon) that puts a point at pixel (at_x, at_y) of a width x height map (Web Mercator)."""
    scale = 256 * 2**zoom

    def project(lat, lon):
        y = math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))
        return (lon + 180) / 360 * scale, (1 - y / math.pi) / 2 * scale

    x, y = project(lat, lon)
    cx, cy = x - at_x + width / 2, y - at_y + height / 2
    centre_lat = math.degrees(2 * math.atan(math.exp(math.pi * (1 - 2 * cy / scale))) - math.pi / 2)
    return centre_lat, cx / scale * 360 - 180


@pytest.mark.parametrize(("viewport", "size"), [(DESKTOP, "desktop"), (PHONE, "phone")])
def test_a_popup_at_the_legend_stays_clear_of_it(open_page, seed_events, viewport, size):
    """Kogălniceanu drawn under the legend, in the map's top right corner: its popup comes clear of it."""
    page, problems = open_page("/#map=7/46/25", viewport=viewport)
    wait_loaded(page)
    box = page.locator("#map").bounding_box()
    legend_box = page.locator(".legend").bounding_box()
    target = (legend_box["x"] - box["x"] + legend_box["width"] - 20, legend_box["y"] - box["y"] + 15)
    lat, lon = centre_putting(44.3622, 28.4883, 8, *target, box["width"], box["height"])
    page.goto(page.url.split("#")[0] + f"#map=8/{lat:.5f}/{lon:.5f}")
    page.reload()
    wait_loaded(page)
    marker = page.locator(f'.event-marker[data-event-id="{seed_events["kogalniceanu"].pk}"]')
    assert page.evaluate(  # the legend is over the marker
        "([x, y]) => document.elementFromPoint(x, y).closest('.legend') !== null",
        [marker.bounding_box()["x"] + 12, marker.bounding_box()["y"] + 12],
    )
    if size == "desktop":
        assert page.locator(".legend__details").evaluate("d => d.open")  # open on a desktop, folded on a phone
    marker.dispatch_event("click")
    popup = page.evaluate(POPUP_JS)
    legend = page.locator(".legend").bounding_box()
    legend_rect = {
        "left": legend["x"],
        "top": legend["y"],
        "right": legend["x"] + legend["width"],
        "bottom": legend["y"] + legend["height"],
    }
    assert not overlaps(popup, legend_rect)
    screenshot(page, f"map-popup-clear-{size}.png")
    problems.assert_none()
