"""Browser fixtures: headless system Chromium, tiles served locally, console errors fail the test."""

import os
import struct
import zlib
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls in the
# tests themselves are synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync"]


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
