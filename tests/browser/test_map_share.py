"""Sharing: copy the link (with feedback), build embed code whose frame any site can show, print the map."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.browser.conftest import DESKTOP, PHONE, screenshot, wait_loaded
from tests.browser.phone_folds import unfold

pytestmark = pytest.mark.browser


def open_share(page):
    unfold(page, "filters")  # on a phone, Share & export is in the filters' fold
    page.get_by_text("Share & export").click()
    return page.locator(".exports__panel")


def test_copy_link_puts_this_view_on_the_clipboard_and_says_so(open_page, seed_events):
    page, problems = open_page("/#map=8/44.5/24.5&kind=military-base")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    wait_loaded(page)
    panel = open_share(page)
    panel.get_by_role("button", name="Copy link").click()
    panel.get_by_role("status").get_by_text("Link copied.").wait_for()
    copied = page.evaluate("() => navigator.clipboard.readText()")
    assert copied == page.url and "kind=military-base" in copied
    assert panel.get_by_label("Link to this view").input_value() == page.url
    problems.assert_none()


def test_without_the_clipboard_api_the_link_is_selected_for_the_reader_to_copy(open_page, seed_events):
    page, problems = open_page("/")
    page.add_init_script("Object.defineProperty(navigator, 'clipboard', {value: undefined})")
    page.reload()
    wait_loaded(page)
    panel = open_share(page)
    panel.get_by_role("button", name="Copy link").click()
    panel.get_by_role("status").get_by_text("press Ctrl+C").wait_for()
    selected = page.evaluate(
        "() => { const f = document.activeElement; return f.value.slice(f.selectionStart, f.selectionEnd); }"
    )
    assert selected == page.url
    problems.assert_none()


@pytest.mark.parametrize(("viewport", "size"), [(DESKTOP, "desktop"), (PHONE, "phone")])
def test_embed_code_follows_the_choices(open_page, seed_events, viewport, size):
    page, problems = open_page("/#map=7/46/25&kind=drone-sighting", viewport=viewport)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    wait_loaded(page)
    panel = open_share(page)
    panel.get_by_text("Embed on a website").click()
    code = panel.get_by_label("Code to paste into your page")
    assert code.input_value().startswith("<iframe src=")
    assert 'width="600" height="450"' in code.input_value()
    assert "embed=1" in code.input_value() and "kind=drone-sighting" in code.input_value()

    panel.get_by_label("Height").fill("300")
    panel.get_by_label("full width").check()
    panel.get_by_label("zoom buttons").uncheck()
    panel.get_by_label("layer switcher").uncheck()
    snippet = code.input_value()
    assert 'width="100%" height="300"' in snippet
    assert "controls=legend,total" in snippet
    panel.get_by_label("this view and its filters").uncheck()
    assert "#" not in code.input_value()  # the default view
    panel.get_by_role("button", name="Copy code").click()
    panel.get_by_role("status").get_by_text("Embed code copied.").wait_for()
    assert page.evaluate("() => navigator.clipboard.readText()") == code.input_value()
    screenshot(page, f"map-share-{size}.png")
    problems.assert_none()


@pytest.fixture
def newsroom():
    """newsroom(snippet) -> the URL of a story page holding the snippet, on another origin than the live server's.

    A real server on loopback (127.0.0.1, the live server is on localhost): Chromium keeps pages it takes for
    public from framing local addresses, so a page the test faked by routing could not frame it.
    """
    servers = []

    def serve(snippet):
        body = f"<!doctype html><title>Story</title><h1>Our story</h1>{snippet}".encode()

        class Story(BaseHTTPRequestHandler):
            def do_GET(self):
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        server = ThreadingHTTPServer(("127.0.0.1", 0), Story)
        servers.append(server)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        return f"http://127.0.0.1:{server.server_port}/story"

    yield serve
    for server in servers:
        server.shutdown()
        server.server_close()


def test_another_site_can_embed_the_map_with_the_chosen_controls(open_page, live_server, newsroom, seed_events):
    src = f"{live_server.url}/?embed=1&controls=legend#kind=military-base"
    page, problems = open_page("/")
    page.goto(newsroom(f'<iframe src="{src}" width="600" height="400" title="Map of events"></iframe>'))
    frame = page.frame_locator("iframe")
    frame.locator('body[data-events-loaded="true"]').wait_for()
    assert frame.locator(".event-marker").count() == 3  # the three bases
    assert frame.locator(".legend").is_visible()
    assert frame.locator(".leaflet-control-zoom").is_hidden() and frame.locator(".view-total").is_hidden()
    assert frame.locator(".site-header, #filters, #event-list").count() == 0
    screenshot(page, "map-embedded.png")
    problems.assert_none()


def test_an_operator_can_restrict_who_embeds_the_map(open_page, live_server, newsroom, seed_events, settings):
    settings.MAPPER_EMBED_ORIGINS = ["https://partner.example.org"]
    src = f"{live_server.url}/?embed=1"
    page, problems = open_page("/")
    page.goto(newsroom(f'<iframe src="{src}"></iframe>'))
    page.wait_for_timeout(1000)
    frame = page.frames[-1]
    assert frame.url in (src, "chrome-error://chromewebdata/")
    assert frame.locator("#map").count() == 0  # refused: the map never loads inside the newsroom's page
    problems.assert_none(ignore=["frame-ancestors", "Refused to frame", "Failed to load resource"])


@pytest.mark.parametrize(("viewport", "size"), [(DESKTOP, "desktop"), (PHONE, "phone")])
def test_print_view_shows_the_map_with_its_legend_and_filters_in_words(open_page, seed_events, viewport, size):
    page, problems = open_page("/#map=7/46/25&kind=military-base,drone-sighting&q=troops", viewport=viewport)
    wait_loaded(page)
    open_share(page)
    page.locator("#print-link").click()
    page.wait_for_url(lambda url: "?print=1#map=" in url)
    wait_loaded(page)
    assert page.locator(".legend__details").evaluate("d => d.open")  # unfolded, on a phone too
    note = page.locator("#print-note").inner_text()
    assert "Military base, Drone sighting" in note and "matching “troops”" in note
    assert page.locator("#filters, #event-list, #timeline").count() == 0
    assert page.locator(".event-marker").count() == int(page.evaluate("() => document.body.dataset.eventsTotal")) > 0
    page.emulate_media(media="print")
    assert page.locator(".leaflet-control-zoom").is_hidden() and page.get_by_role("button", name="Print").is_hidden()
    assert page.get_by_text("Military base").first.is_visible() and page.get_by_text("Other").is_hidden()
    screenshot(page, f"map-print-{size}.png")
    page.emulate_media(media="screen")
    assert page.get_by_role("link", name="Back to the map").get_attribute("href").startswith("/#map=7/")
    problems.assert_none()
