"""On a phone the map is the main thing: the filters and the timeline fold behind a button each.

At 360×740 the filter bar, the timeline and the list's bar used to leave the map about 260 px tall.
"""

import pytest

from events.models import Event
from tests.browser.conftest import DESKTOP, PHONE, screenshot, wait_loaded
from tests.browser.phone_folds import unfold

pytestmark = pytest.mark.browser

MAP_HEIGHT = "document.getElementById('map').getBoundingClientRect().height"
# What a phone's map must at least be: two thirds of the window, whatever the language.
PHONE_MAP_SHARE = 2 / 3


@pytest.mark.parametrize("locale", ["en-GB", "uk-UA"])
def test_on_a_phone_the_map_takes_most_of_the_screen_and_the_folds_open(open_in, seed_events, locale):
    page, problems = open_in("/", locale, viewport=PHONE)
    wait_loaded(page)
    language = locale[:2]
    assert page.evaluate(MAP_HEIGHT) >= PHONE["height"] * PHONE_MAP_SHARE
    assert page.locator("input[name=q]").is_visible()  # search stays at hand
    assert page.locator("select[name=near_border]").is_hidden()
    assert page.locator(".timeline__bars").is_hidden()
    assert page.locator(".timeline__range").is_visible()  # the dates in force still show
    screenshot(page, f"map-phone-folded-{language}.png")

    folded = page.evaluate(MAP_HEIGHT)
    unfold(page, "filters")
    assert page.locator('.phone-fold[aria-controls="filters"]').get_attribute("aria-expanded") == "true"
    assert page.locator("select[name=near_border]").is_visible()
    unfold(page, "timeline")
    assert page.locator(".timeline__bars").is_visible()
    assert page.locator(".playback__play").is_visible()
    page.wait_for_function(f"h => {MAP_HEIGHT} < h", arg=folded)  # the map gives the room back, and is redrawn
    screenshot(page, f"map-phone-unfolded-{language}.png")

    page.locator('.phone-fold[aria-controls="filters"]').click()
    assert page.locator("select[name=near_border]").is_hidden()
    problems.assert_none()


def test_on_a_desktop_nothing_is_folded(open_page, seed_events):
    page, problems = open_page("/", viewport=DESKTOP)
    wait_loaded(page)
    assert page.locator(".phone-fold").evaluate_all("buttons => buttons.filter(b => b.checkVisibility())") == []
    assert page.locator("select[name=near_border]").is_visible()
    assert page.locator(".timeline__bars").is_visible()
    problems.assert_none()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_with_no_dated_event_the_timeline_is_one_line(open_page, seed_events, viewport):
    Event.objects.update(date=None)
    page, problems = open_page("/", viewport=viewport)
    wait_loaded(page)
    timeline = page.locator("#timeline")
    timeline.get_by_text("No dated events").wait_for()
    for part in (".timeline__track", ".timeline__axis", ".playback", ".phone-fold"):
        assert timeline.locator(part).is_hidden(), part
    footer = timeline.locator(".timeline__footer").bounding_box()
    band = timeline.bounding_box()
    assert band["height"] <= footer["height"] + 16  # the footer and the padding, no empty band above
    screenshot(page, f"map-no-dates-{'phone' if viewport is PHONE else 'desktop'}.png")
    problems.assert_none()


def _overlap(a, b) -> bool:
    return (
        a["x"] < b["x"] + b["width"]
        and b["x"] < a["x"] + a["width"]
        and a["y"] < b["y"] + b["height"]
        and b["y"] < a["y"] + a["height"]
    )


@pytest.mark.parametrize(
    ("viewport", "locale"),
    [(PHONE, "en-GB"), (PHONE, "uk-UA"), ({"width": 390, "height": 844}, "en-GB"), (DESKTOP, "en-GB")],
    ids=["360-en", "360-uk", "390-en", "desktop"],
)
def test_the_scale_bar_the_total_and_the_credits_never_cover_each_other(open_in, seed_events, viewport, locale):
    """On a phone the credits span the map's width (two lines at 360 px): the scale bar and the total sat under them."""
    page, problems = open_in("/", locale, viewport=viewport)
    wait_loaded(page)
    boxes = {
        name: page.locator(selector).bounding_box()
        for name, selector in [
            ("scale", ".leaflet-control-scale"),
            ("total", ".view-total"),
            ("credits", ".leaflet-control-attribution"),
        ]
    }
    map_box = page.locator("#map").bounding_box()
    for name, box in boxes.items():
        assert box is not None and box["width"] > 0, name
        assert map_box["y"] <= box["y"] and box["y"] + box["height"] <= map_box["y"] + map_box["height"] + 0.5, name
    names = list(boxes)
    for i, first in enumerate(names):
        for second in names[i + 1 :]:
            assert not _overlap(boxes[first], boxes[second]), (first, second, boxes)
    screenshot(page, f"map-bottom-controls-{viewport['width']}-{locale[:2]}.png")
    problems.assert_none()
