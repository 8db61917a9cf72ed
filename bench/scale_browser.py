"""Chromium figures for the map page: time to first markers and the longest main-thread task.

Against a running server (nothing is started here)::

    .venv/bin/python bench/scale_browser.py --url http://127.0.0.1:8000/

For each of load, pan, zoom, switching the heat layer on, a pan with the heat layer on and two steps
of the timeline's player it prints the wall time until the map has drawn the answer (the page's
``data-events-loaded`` flag; for load, the page's own ``data-first-drawn-ms``: milliseconds from
navigation to the first markers) and the longest main-thread task seen meanwhile, twice:

* its wall time, as the page sees it (PerformanceObserver "longtask" entries: tasks of 50 ms or
  more; "<50" means none was that long). On a loaded machine this counts the time the operating
  system gave the CPU to other processes in the middle of the task;
* the most CPU time one task of the page's main thread took (Chromium's trace, ``toplevel``
  category: each task's thread time), which the machine's load does not inflate.

Tiles are answered with a blank image, so the figures measure our page, not a tile server.
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


# The heat layer has drawn: its canvas is on the map and two frames have passed since (it draws in one).
HEAT_DRAWN = """() => new Promise((resolve) => {
  const drawn = () => document.querySelector('canvas.leaflet-heatmap-layer');
  const wait = () => (drawn() ? requestAnimationFrame(() => requestAnimationFrame(resolve)) : setTimeout(wait, 20));
  wait();
})"""
PLAYBACK_STEPS = 2
MAIN_THREAD = "CrRendererMain"  # the renderer's main thread, as Chromium's trace names it


def _longest_since(page, start: int) -> float:
    """The longest task recorded after the first ``start`` ones (0 when none reached 50 ms)."""
    return page.evaluate("start => Math.max(0, ...window.__longTasks.slice(start))", start)


def _mark(page, phase: str) -> None:
    """Mark the start of a phase in the trace (a performance mark is a trace event too)."""
    page.evaluate("phase => performance.mark('bench:' + phase)", phase)


def _step(page, phase: str, action, *, loads_more=1, drawn=None) -> dict:
    """Run ``action`` and time it until the page has drawn the answer (``loads_more`` more loads) or ``drawn``."""
    _mark(page, phase)
    loads = int(page.evaluate("document.body.dataset.loadCount"))
    tasks = page.evaluate("window.__longTasks.length")
    started = time.perf_counter()
    action()
    if drawn:
        page.evaluate(drawn)
    else:
        page.wait_for_function(LOADED, arg=loads + loads_more - 1, timeout=60_000)
    return {"drawn_ms": round((time.perf_counter() - started) * 1000), "longest_task_ms": _longest_since(page, tasks)}


def _cpu_by_phase(trace: bytes, phases: list[str]) -> dict:
    """The most thread (CPU) time one main-thread task took in each phase, in ms, from a Chromium trace."""
    events = json.loads(trace)["traceEvents"]
    starts = {e["name"][len("bench:") :]: (e["pid"], e["ts"]) for e in events if e.get("name", "").startswith("bench:")}
    pid = starts[phases[1]][0]  # the page's renderer process
    main = {e["tid"] for e in events if e.get("ph") == "M" and e["pid"] == pid and e["args"].get("name") == MAIN_THREAD}
    tasks = [
        e
        for e in events
        if e.get("name") == "ThreadControllerImpl::RunTask" and e["pid"] == pid and e["tid"] in main and "tdur" in e
    ]
    bounds = [0] + [starts[phase][1] for phase in phases[1:]] + [float("inf")]
    return {
        phase: round(max([t["tdur"] for t in tasks if bounds[i] <= t["ts"] < bounds[i + 1]], default=0) / 1000, 1)
        for i, phase in enumerate(phases)
    }


def measure_map(url: str, *, view: str = "", chromium: str = CHROMIUM) -> dict:
    """Figures for the map at ``url`` (``view``: a permalink hash such as ``#map=6/46/25``; empty: fit everything)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page(viewport=VIEWPORT)
            page.route(TILES, lambda route: route.fulfill(status=200, content_type="image/png", body=TILE))
            page.add_init_script(LONG_TASKS)
            browser.start_tracing(page=page, categories=["toplevel", "blink.user_timing"])
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

            def heat_on():
                page.locator(".leaflet-control-layers").hover()
                page.get_by_label("Heat map").check()
                page.mouse.move(5, 5)

            def play():  # two steps of the timeline's player (each a date filter: a new answer), then pause
                page.locator(".playback__play").click()

            figures = {"load": load}
            figures["pan"] = _step(page, "pan", pan)
            figures["zoom"] = _step(page, "zoom", lambda: page.locator(".leaflet-control-zoom-in").click())
            figures["heat"] = _step(page, "heat", heat_on, drawn=HEAT_DRAWN)
            figures["heat pan"] = _step(page, "heat pan", pan)
            figures["playback"] = _step(page, "playback", play, loads_more=PLAYBACK_STEPS)
            page.locator(".playback__play").click()
            cpu = _cpu_by_phase(browser.stop_tracing(), list(figures))
        finally:
            browser.close()
    for phase, ms in cpu.items():
        figures[phase]["longest_task_cpu_ms"] = ms
    return figures


# The view bench/scale.py's browser figures are taken on: a country, where the archive's clusters are.
SCALE_VIEW = "#map=6/46/25"


def measure(port: int, size: int, figures) -> None:
    """bench/scale.py's hook: the map's Chromium figures on the server at ``port`` (an archive of ``size``)."""
    measured = measure_map(f"http://127.0.0.1:{port}/", view=SCALE_VIEW)
    figures.values["map: first markers (ms)"] = measured["load"]["first_markers_ms"]
    for step in PHASES:
        figures.values[f"map: longest task on {step} (ms)"] = measured[step]["longest_task_ms"]
        figures.values[f"map: most CPU in a task on {step} (ms)"] = measured[step]["longest_task_cpu_ms"]


PHASES = ("load", "pan", "zoom", "heat", "heat pan", "playback")
WHAT = {
    "pan": "with the page's 200 ms pause",
    "zoom": "with the animation and pause",
    "heat": "the heat layer switched on",
    "heat pan": "a pan with the heat layer on",
    "playback": f"{PLAYBACK_STEPS} steps of the player, 1.2 s each",
}


def _task(figures: dict) -> tuple[str, str]:
    wall, cpu = figures["longest_task_ms"], figures["longest_task_cpu_ms"]
    return f"longest task {wall:.0f} ms" if wall else "no task of 50 ms", f"most CPU in one task {cpu:.0f} ms"


def report(figures: dict) -> str:
    load = figures["load"]
    lines = [
        f"load: first markers {load['first_markers_ms']} ms after navigation, drawn {load['drawn_ms']} ms, "
        + ", ".join(_task(load))
        + f" ({load['features']} markers and clusters for {load['total']:,} events in view)"
    ]
    for phase in PHASES[1:]:
        step = figures[phase]
        lines.append(f"{phase}: drawn {step['drawn_ms']} ms ({WHAT[phase]}), " + ", ".join(_task(step)))
    return "\n".join(lines)


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
