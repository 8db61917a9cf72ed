"""The map in Romanian and Ukrainian (Accept-Language, or the switcher): legend, filters, list, popups, timeline.

Screenshots of each language at desktop and phone size go to test-artifacts/ (docs/img/ keeps copies).
"""

import pytest

from events.models import Event
from tests.browser.conftest import PHONE, screenshot, wait_loaded
from tests.browser.phone_folds import unfold

pytestmark = pytest.mark.browser

# What a reader sees, per language; kind names are the shipped kinds' (events/services/kinds.py).
SEEN = {
    "ro": {
        "legend": "Tipuri",
        "kind": "Bază militară",
        "placeholder": "Căutați titluri, locuri, articole…",
        "total": "6 evenimente vizibile",
        "list_heading": "Evenimente vizibile",
        "all_dates": "Toate datele",
        "popup": ["Bază militară", "15 ianuarie 2024", "loc exact", "De ce aici?", "Pagina evenimentului"],
        "zone": "Se arată evenimentele pe o rază de 30 km de granițele țării Ucraina, de ambele părți.",
        "border_option": "Ucraina",
        "outlines": "Contururile țărilor (offline)",
        "toggle": "Arată lista",
        "heat": "Hartă termică",
    },
    "uk": {
        "legend": "Типи",
        "kind": "Військова база",
        "placeholder": "Шукайте заголовки, місця, статті…",
        "total": "6 видимих подій",
        "list_heading": "Видимі події",
        "all_dates": "Усі дати",
        "popup": ["Військова база", "15 січня 2024", "точне місце", "Чому тут?", "Сторінка події"],
        "zone": "Показано події в межах 30 км від кордонів країни Україна, по обидва боки.",
        "border_option": "Україна",
        "outlines": "Контури країн (офлайн)",
        "toggle": "Показати список",
        "heat": "Теплова мапа",
    },
}
ENGLISH = [
    "Kinds",
    "Why here?",
    "events in view",
    "All dates",
    "Show list",
    "Search titles",
    "Areas and lines",
    "Play",
    "month by month",
    "Share & export",
    "without a location",
]


HASH_SETTLED = """() => {
  const settled = window.location.hash.includes("event=") && window.location.hash === window.__lastHash;
  window.__lastHash = window.location.hash;
  return settled;
}"""


def open_popup(page, event):
    page.locator(f'.event-marker[data-event-id="{event.pk}"]').click()
    popup = page.locator(".leaflet-popup .event-popup")
    popup.wait_for()
    return popup


@pytest.mark.parametrize("language", ["ro", "uk"])
def test_the_map_ui_speaks_the_browsers_language(open_in, seed_events, language):
    seen = SEEN[language]
    page, problems = open_in("/", {"ro": "ro-RO", "uk": "uk-UA"}[language])
    wait_loaded(page)

    assert page.evaluate("document.documentElement.lang") == language
    legend = page.locator(".legend")
    assert legend.locator("summary").inner_text() == seen["legend"]
    assert seen["kind"] in legend.inner_text()
    assert page.get_attribute("input[name=q]", "placeholder") == seen["placeholder"]
    assert page.locator(".view-total").inner_text() == seen["total"]
    assert seen["list_heading"] in page.locator("#event-list-heading").inner_text()
    assert seen["kind"] in " ".join(page.locator(".event-list__meta").all_inner_texts())
    assert seen["all_dates"] in page.locator(".timeline").inner_text()
    assert seen["outlines"] in page.locator(".leaflet-control-layers").text_content()

    popup = open_popup(page, seed_events["kogalniceanu"])
    text = popup.inner_text()
    for expected in seen["popup"]:
        assert expected in text
    screenshot(page, f"map-{language}-desktop.png")

    page.keyboard.press("Escape")
    before = int(page.evaluate("document.body.dataset.loadCount"))
    page.select_option("select[name=near_border]", label=seen["border_option"])
    wait_loaded(page, before)
    assert page.locator(".filters__zone").inner_text() == seen["zone"]

    body = page.locator("body").inner_text()
    assert not [words for words in ENGLISH if words in body]
    layers = page.locator(".leaflet-control-layers").text_content()  # folded: names read without opening it
    assert "Heat map" not in layers and seen["heat"] in layers
    problems.assert_none()


@pytest.mark.parametrize("language", ["ro", "uk"])
def test_the_phone_map_in_each_language(open_in, seed_events, language):
    seen = SEEN[language]
    page, problems = open_in("/", language, viewport=PHONE)
    wait_loaded(page)
    toggle = page.locator(".event-list__toggle")
    assert toggle.inner_text() == seen["toggle"]
    unfold(page, "filters")  # every control in view, for the checks below
    unfold(page, "timeline")
    # Nothing the translation lengthened spills out of its control.
    overflowing = page.evaluate(
        """() => [...document.querySelectorAll('button, summary, label, .view-total, .legend')]
            .filter(el => el.offsetParent !== null && el.scrollWidth > el.clientWidth + 1)
            .map(el => el.className || el.tagName)"""
    )
    assert overflowing == []
    # A select's chosen option is not cut short (20 px for the arrow, inside the padding).
    cut = page.evaluate(
        """() => [...document.querySelectorAll('select')].filter(select => {
            const probe = document.createElement('span');
            probe.style.cssText = `position: absolute; white-space: nowrap; font: ${getComputedStyle(select).font}`;
            probe.textContent = select.selectedOptions[0].textContent;
            document.body.append(probe);
            const style = getComputedStyle(select);
            const room = select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - 20;
            const wide = probe.getBoundingClientRect().width > room;
            probe.remove();
            return wide;
        }).map(select => select.name)"""
    )
    assert cut == []
    unfolded = page.locator('.phone-fold[aria-expanded="true"]')
    while unfolded.count():
        unfolded.first.click()  # folded again: the screenshot shows what a reader sees first
    # The list's bar stays one line: its toggle is inside the window, not pushed below it.
    box = toggle.bounding_box()
    assert box["y"] + box["height"] <= PHONE["height"]
    open_popup(page, seed_events["deveselu"])
    screenshot(page, f"map-{language}-phone.png")
    problems.assert_none()


def test_the_switcher_changes_the_language_keeps_the_view_and_is_remembered(open_in, seed_events):
    page, problems = open_in("/", "en-GB")
    wait_loaded(page)
    assert page.locator(".legend summary").inner_text() == "Kinds"
    assert page.locator(".language-form__submit").is_hidden()  # choosing is enough
    open_popup(page, seed_events["deveselu"])
    # The popup may pan the map to come clear of the controls; the view is written on the pan's end. Under a
    # loaded machine the pan ends after the popup shows, so read the view once it holds for two polls.
    page.wait_for_function(HASH_SETTLED, polling=500)
    hash_before = page.evaluate("window.location.hash")
    assert f"event={seed_events['deveselu'].pk}" in hash_before

    with page.expect_navigation():
        page.select_option("select[name=language]", "uk")
    wait_loaded(page)
    assert page.evaluate("document.documentElement.lang") == "uk"
    assert page.locator(".legend summary").inner_text() == "Типи"
    assert page.evaluate("window.location.hash") == hash_before  # the same view and open event
    page.locator(".leaflet-popup .event-popup").wait_for()  # the permalink's event reopened, in Ukrainian
    assert "Чому тут?" in page.locator(".leaflet-popup .event-popup").inner_text()

    # Remembered: another page, and the map again, stay Ukrainian though the browser asks for English.
    page.goto(page.url.split("#")[0].rstrip("/") + seed_events["deveselu"].get_absolute_url())
    assert page.locator("dt").first.inner_text() == "Місце"
    assert page.locator("select[name=language]").input_value() == "uk"
    problems.assert_none()


def test_the_event_page_in_romanian_with_its_small_map(open_in, seed_events):
    event = seed_events["barsana"]
    page, problems = open_in(event.get_absolute_url(), "ro-RO", viewport=PHONE)
    page.wait_for_function("() => document.body.dataset.eventsLoaded === 'true'")
    facts = page.locator(".facts").inner_text()
    for expected in ("Loc", "Bârsana", "localitate", "Granița", "9,5 km de granița cu Ucraina"):
        assert expected in facts
    assert page.locator("#sources-heading").inner_text() == "Surse"
    assert page.locator("#event-map").get_attribute("aria-label") == "Harta acestui eveniment"
    screenshot(page, "event-ro-phone.png")
    problems.assert_none()


def test_the_land_borders_overlay_names_the_countries_in_the_pages_language(open_in, seed_events):
    Event.objects.filter(pk=seed_events["barsana"].pk).update(country_code="RO")
    page, problems = open_in("/", "uk-UA")
    wait_loaded(page)
    page.locator(".leaflet-control-layers").hover()
    page.get_by_label("Сухопутні кордони").check()
    page.wait_for_function("() => document.body.dataset.bordersDrawn === '5'")
    tooltips = page.evaluate(
        """() => { const names = [];
            for (const path of document.querySelectorAll('path.border-line')) {
                path.dispatchEvent(new MouseEvent('mouseover', { bubbles: true }));
                names.push(...[...document.querySelectorAll('.leaflet-tooltip')].map(tip => tip.textContent));
                path.dispatchEvent(new MouseEvent('mouseout', { bubbles: true }));
            }
            return names; }"""
    )
    assert "Кордон Румунія – Україна" in tooltips and "Кордон Румунія – Молдова" in tooltips
    problems.assert_none()
