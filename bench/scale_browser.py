"""Chromium figures for the map page: time to first markers and the longest main-thread task.

Against a running server (nothing is started here)::

    .venv/bin/python bench/scale_browser.py --url http://127.0.0.1:8000/

For each of load, pan and zoom it prints the wall time until the map has drawn
the answer (the page's ``data-events-loaded`` flag; for load, the page's own
``data-first-drawn-ms``: milliseconds from navigation to the first markers) and
the longest main-thread task seen meanwhile (PerformanceObserver "longtask"
entries: tasks of 50 ms or more; "<50" means none was that long). Tiles are
answered with a blank image, so the figures measure our page, not a tile server.
``measure_map(url)`` returns the same figures as a dict; ``measure(port, size, figures)`` adds them
to ``bench/scale.py --browser`` (which serves each archive through gunicorn on ``port``).
"""

import argparse
import base64
import json
import time

CHROMIUM = "/usr/bin/chromium"
TILES = "**/tile.openstreetmap.org/**"
VIEWPORT = {"width": 1280, "height": 800}
# Collects every long task from the page's first script on (add_init_script runs before the page's own).
LONG_TASKS = """
window.__longTasks = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) window.__longTasks.push(entry.duration);
}).observe({ type: "longtask", buffered: true });
"""
# A one-pixel map-coloured PNG, stretched over every tile.
TILE = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGN48eYJAAV4ArlTVdppAAAAAElFTkSuQmCC")
LOADED = "n => document.body.dataset.eventsLoaded === 'true' && Number(document.body.dataset.loadCount) > n"


def _longest_since(page, start: int) -> float:
    """The longest task recorded after the first ``start`` ones (0 when none reached 50 ms)."""
    return page.evaluate("start => Math.max(0, ...window.__longTasks.slice(start))", start)


def _step(page, action) -> dict:
    """Run ``action`` (a pan or a zoom) and time it until the page has drawn the new answer."""
    loads = int(page.evaluate("document.body.dataset.loadCount"))
    tasks = page.evaluate("window.__longTasks.length")
    started = time.perf_counter()
    action()
    page.wait_for_function(LOADED, arg=loads, timeout=60_000)
    return {"drawn_ms": round((time.perf_counter() - started) * 1000), "longest_task_ms": _longest_since(page, tasks)}


def measure_map(url: str, *, view: str = "", chromium: str = CHROMIUM) -> dict:
    """Figures for the map at ``url`` (``view``: a permalink hash such as ``#map=6/46/25``; empty: fit everything)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page(viewport=VIEWPORT)
            page.route(TILES, lambda route: route.fulfill(status=200, content_type="image/png", body=TILE))
            page.add_init_script(LONG_TASKS)
            started = time.perf_counter()
            page.goto(url.rstrip("/") + "/" + view)
            page.wait_for_function(LOADED, arg=0, timeout=120_000)
            load = {
                "drawn_ms": round((time.perf_counter() - started) * 1000),
                "first_markers_ms": int(page.evaluate("document.body.dataset.firstDrawnMs")),
                "longest_task_ms": _longest_since(page, 0),
                "features": page.locator(".event-marker, .event-cluster").count(),
                "total": int(page.evaluate("document.body.dataset.eventsTotal")),
            }
            box = page.locator("#map").bounding_box()
            centre = (box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)

            def pan():
                page.mouse.move(*centre)
                page.mouse.down()
                page.mouse.move(centre[0] - 300, centre[1] - 150, steps=10)
                page.mouse.up()

            pan_figures = _step(page, pan)
            zoom_figures = _step(page, lambda: page.locator(".leaflet-control-zoom-in").click())
        finally:
            browser.close()
    return {"load": load, "pan": pan_figures, "zoom": zoom_figures}


# The view bench/scale.py's browser figures are taken on: a country, where the archive's clusters are.
SCALE_VIEW = "#map=6/46/25"


def measure(port: int, size: int, figures) -> None:
    """bench/scale.py's hook: the map's Chromium figures on the server at ``port`` (an archive of ``size``)."""
    measured = measure_map(f"http://127.0.0.1:{port}/", view=SCALE_VIEW)
    figures.values["map: first markers (ms)"] = measured["load"]["first_markers_ms"]
    for step in ("load", "pan", "zoom"):
        figures.values[f"map: longest task on {step} (ms)"] = measured[step]["longest_task_ms"]


def _task(ms: float) -> str:
    return f"{ms:.0f} ms" if ms else "<50 ms"


def report(figures: dict) -> str:
    load, pan, zoom = figures["load"], figures["pan"], figures["zoom"]
    return "\n".join(
        [
            f"load: first markers {load['first_markers_ms']} ms after navigation, drawn {load['drawn_ms']} ms, "
            f"longest task {_task(load['longest_task_ms'])} ({load['features']} markers and clusters for "
            f"{load['total']:,} events in view)",
            f"pan:  drawn {pan['drawn_ms']} ms (with the page's 200 ms pause), "
            f"longest task {_task(pan['longest_task_ms'])}",
            f"zoom: drawn {zoom['drawn_ms']} ms (with the animation and pause), "
            f"longest task {_task(zoom['longest_task_ms'])}",
        ]
    )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000/", help="the running server's base URL")
    parser.add_argument("--view", default="", help="a permalink hash, e.g. '#map=6/46/25' (default: fit every event)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    figures = measure_map(args.url, view=args.view)
    print(json.dumps(figures, indent=2) if args.json else report(figures))


if __name__ == "__main__":
    main()
