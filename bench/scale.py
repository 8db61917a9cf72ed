"""The map API at scale: small and large archives, SQLite and PostgreSQL, through gunicorn, side by side.

    python bench/scale.py --sizes 1000,1000000 --databases sqlite,postgresql

For each database and size it builds (once; kept for the next run) an archive with
``generate_events``, starts gunicorn on it (DEBUG=false, 2 workers of 4 threads, as ``make serve``) and
measures over HTTP on loopback:

* the viewport answer (``/api/events/?bbox&zoom``) for world, country and city views, each over
  several different viewports, plain and with a kind filter, a date range and a text query; each
  viewport first as nobody asked it before, then *again* narrowed by about 10 m (not an answer from
  the cache: a new view whose rows were just read, as when a reader pans or zooms there);
* the largest answer (target: none over 2 MB);
* requests/s on city viewports against a bare Django JSON view on the same gunicorn, the two loops taken
  in alternating slices so that both meet the same load (target ≥ 50 %);
* the worker's peak RSS while it streams a full GeoJSON export (target < 250 MB).

Ratios compare the largest size with the smallest (targets: within 3×, text search within 10×).
Other modules add figures through ``MEASURES`` (see ``measures_extra``), e.g. the browser timings
of branch scale-map with ``--browser``.
"""

import argparse
import contextlib
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # bench.* modules (the browser measure) import as a package
PYTHON = sys.executable
BENCH_DATA = REPO / "var" / "bench"
SEED = 1
WORKERS, THREADS = 2, 4  # as `make serve`
CONCURRENCY = 4
THROUGHPUT_SLICES = 10  # the bare and the city loops alternate, so that both meet the same load
# Each viewport is asked twice: first as a view nobody asked before, then narrowed by this much on each side (about
# 10 m), which the answer cache cannot serve but whose rows the database (and the worker) have just read.
NUDGE_DEGREES = 1e-4
# Several viewports of each scale, longitude-first: (west, south, east, north).
VIEWPORTS = {
    "world": (2, [(-180, -85, 180, 85), (-170, -75, 150, 80), (-120, -60, 170, 75), (-150, -70, 160, 85)]),
    "country": (
        6,
        [(20.0, 43.5, 30.0, 48.5), (22.0, 44.5, 40.5, 52.5), (14.0, 49.0, 24.5, 55.0), (5.5, 47.0, 15.5, 55.0)],
    ),
    "city": (
        12,
        [
            (26.00, 44.38, 26.22, 44.50),  # Bucharest
            (30.40, 50.38, 30.65, 50.52),  # Kyiv
            (20.90, 52.17, 21.12, 52.29),  # Warsaw
            (2.25, 48.81, 2.42, 48.90),  # Paris
            (13.28, 52.46, 13.50, 52.57),  # Berlin
        ],
    ),
}
VARIANTS = {
    "": {},
    "kind": {"kind": "military-base"},
    "dates": {"date_from": "2024-01-01", "date_to": "2024-03-31"},
    "text, a place": {"q": "odesa"},
    "text, a common word": {"q": "sighted"},
}
TARGET_RATIO, TARGET_TEXT_RATIO, TARGET_BYTES, TARGET_SHARE, TARGET_RSS_MB = 3.0, 10.0, 2_000_000, 0.5, 250
TARGET_FIRST_MARKERS_RATIO = 1.5


@dataclass
class Figures:
    values: dict = field(default_factory=dict)  # label -> number
    notes: list = field(default_factory=list)


# --- Databases -----------------------------------------------------------------


POSTGRES_NAMES = {}  # size -> database name, from --postgres-databases (default mapper_scale_bench_<size>)


def database_url(database: str, size: int) -> str:
    if database == "sqlite":
        return f"sqlite:///{BENCH_DATA / f'scale-{size}.sqlite3'}"
    return f"postgres://postgres@127.0.0.1:5432/{postgres_name(size)}"


def postgres_name(size: int) -> str:
    return POSTGRES_NAMES.get(size, f"mapper_scale_bench_{size}")


def manage(url: str, *arguments, quiet=True) -> str:
    env = os.environ | {"DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "mapper.settings"}
    result = subprocess.run(
        [PYTHON, "manage.py", *arguments],
        cwd=REPO,
        env=env,
        check=True,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL if quiet else None,
    )
    return result.stdout


def database_ready(database: str, size: int) -> str:
    """Migrate, load the gazetteer and generate ``size`` events unless that archive is already there."""
    url = database_url(database, size)
    BENCH_DATA.mkdir(parents=True, exist_ok=True)
    if database == "postgresql":
        subprocess.run(
            ["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", f"CREATE DATABASE {postgres_name(size)}"],
            capture_output=True,
        )
    manage(url, "migrate", "--noinput", "-v0")
    # The page served with DEBUG=false needs the built static files (`make bench` builds them in `make setup`;
    # run alone, this script would otherwise serve a map page without its scripts and time out waiting for it).
    manage(url, "collectstatic", "--noinput", "-v0")
    output = manage(url, "shell", "-c", "from events.models import Event; print(Event.objects.count())")
    if output.split()[-1:] != [str(size)]:  # the last line (Django's shell may say what it imported first)
        print(f"  building {size:,} events on {database} (once; kept in {url})…", file=sys.stderr, flush=True)
        manage(url, "loaddata", "event_kinds", "-v0")
        manage(url, "load_gazetteer", "--if-empty", "-v0")
        started = time.perf_counter()
        manage(url, "generate_events", "--count", str(size), "--seed", str(SEED), "--replace", "-v0")
        print(f"  generated in {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    return url


# --- The server -------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def gunicorn(url: str):
    """gunicorn as `make serve` runs it (DEBUG=false), with the bench's bare view added; yields (port, pid)."""
    port = free_port()
    env = os.environ | {
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "bench.scale_settings",
        "DEBUG": "false",
        "SECRET_KEY": "bench-" + "x" * 60,
        "PYTHONPATH": str(REPO),
        # Cache keys of this run's own: a fresh data version, so no answer kept by an earlier run
        # (the database cache lives in the archive) is measured as if it were computed.
        "CACHE_KEY_PREFIX": f"bench-{time.time_ns():x}",
    }
    command = [PYTHON, "-m", "gunicorn", "mapper.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", str(WORKERS)]
    command += ["--threads", str(THREADS)]
    server = subprocess.Popen([*command, "--timeout", "900", "--log-level", "warning"], cwd=REPO, env=env)
    try:
        for _ in range(300):
            if server.poll() is not None:
                raise RuntimeError("gunicorn did not start (see its errors above)")
            with contextlib.suppress(OSError):
                if get(port, "/bench/bare/")[0] == 200:
                    break
            time.sleep(0.1)
        yield port, server.pid
    finally:
        server.terminate()
        server.wait(timeout=30)


RATE_LIMIT_NOTE = (
    "rate limits raised to 1,000,000/min so that the loops are not answered 429; "
    "every computed answer is still counted (answers from the cache and 304s are not: docs/caching.md)"
)


def get(port: int, path: str, params=None) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=900)
    try:
        connection.request("GET", path + ("?" + urlencode(params) if params else ""))
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def timed(port, path, params) -> tuple[float, int]:
    started = time.perf_counter()
    status, body = get(port, path, params)
    elapsed = time.perf_counter() - started
    if status != 200:
        raise RuntimeError(f"{path}?{urlencode(params)} answered {status}: {body[:200]!r}")
    return elapsed, len(body)


# --- Measurements -------------------------------------------------------------------


def measure_viewports(port, figures: Figures):
    """Median answer time over the viewports of each scale and variant; the largest answer."""
    largest = 0
    get(port, "/api/events/", {"bbox": "0,0,1,1", "zoom": 5})  # each worker opens its database connection
    get(port, "/api/events/", {"bbox": "0,0,1,1", "zoom": 5})
    for scale, (zoom, boxes) in VIEWPORTS.items():
        for variant, params in VARIANTS.items():
            first, again = [], []
            for box in boxes:
                for times, nudge in ((first, 0.0), (again, NUDGE_DEGREES)):
                    west, south, east, north = box
                    narrowed = (west + nudge, south + nudge, east - nudge, north - nudge)
                    query = {"bbox": ",".join(map(str, narrowed)), "zoom": zoom, **params}
                    elapsed, size = timed(port, "/api/events/", query)
                    times.append(elapsed)
                    largest = max(largest, size)
            label = f"{scale} view{', ' + variant if variant else ''}"
            figures.values[f"{label} (ms)"] = statistics.median(first) * 1000
            figures.values[f"{label}, again (ms)"] = statistics.median(again) * 1000
    figures.values["largest viewport answer (KB)"] = largest / 1000
    for name, path, params in (
        ("list, country view", "/api/events/list/", {"bbox": ",".join(map(str, VIEWPORTS["country"][1][0]))}),
        ("histogram, everything", "/api/events/histogram/", {}),
    ):
        figures.values[f"{name} (ms)"] = statistics.median(timed(port, path, params)[0] for _ in range(3)) * 1000


def requests_answered(port, path_params, seconds: float) -> tuple[int, float]:
    """Requests answered by CONCURRENCY clients in a loop for ``seconds`` (a bounded loop on loopback), and the time."""
    deadline = time.perf_counter() + seconds
    counts = [0] * CONCURRENCY

    def client(index):
        n = index
        while time.perf_counter() < deadline:
            path, params = path_params[n % len(path_params)]
            status, _ = get(port, path, params)
            if status != 200:
                raise RuntimeError(f"{path} answered {status}")
            counts[index] += 1
            n += 1

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(i,)) for i in range(CONCURRENCY)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(counts), time.perf_counter() - started


def measure_throughput(port, figures: Figures, seconds: float):
    """Requests/s on the city viewports and on the bare view, each loop cut into THROUGHPUT_SLICES taken in turn.

    The machine's load moves within seconds: measured one after the other, the two loops met different
    machines, and one code's share ranged from 32 % to 88 % (docs/scaling.md, run 4). In turns, both meet
    the same load; each figure is its slices' requests over their time.
    """
    zoom, boxes = VIEWPORTS["city"]
    loops = {
        "bare JSON view (req/s)": [("/bench/bare/", {})],
        "city viewport (req/s)": [("/api/events/", {"bbox": ",".join(map(str, box)), "zoom": zoom}) for box in boxes],
    }
    answered = dict.fromkeys(loops, 0)
    spent = dict.fromkeys(loops, 0.0)
    for _ in range(THROUGHPUT_SLICES):
        for label, path_params in loops.items():
            count, elapsed = requests_answered(port, path_params, seconds / THROUGHPUT_SLICES)
            answered[label] += count
            spent[label] += elapsed
    bare, mapped = (answered[label] / spent[label] for label in loops)
    figures.values["bare JSON view (req/s)"] = bare
    figures.values["city viewport (req/s)"] = mapped
    figures.values["city viewport / bare view (%)"] = 100 * mapped / bare


def worker_pids(master_pid: int) -> list[int]:
    pids = []
    for status in Path("/proc").glob("[0-9]*/status"):
        with contextlib.suppress(OSError):
            text = status.read_text()
            if f"\nPPid:\t{master_pid}\n" in text:
                pids.append(int(status.parent.name))
    return pids


def rss_mb(pid: int) -> float:
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def measure_export(port, master_pid, figures: Figures, size: int):
    """Stream the full GeoJSON export, reading it as it comes, while sampling the workers' RSS."""
    pids = worker_pids(master_pid)
    before = max(rss_mb(pid) for pid in pids)
    peak, done = [before], threading.Event()

    def sample():
        while not done.is_set():
            peak.append(max(rss_mb(pid) for pid in pids))
            time.sleep(0.05)

    sampler = threading.Thread(target=sample)
    sampler.start()
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=900)
    connection.request("GET", "/api/events/?format=geojson")
    response = connection.getresponse()
    received = 0
    while chunk := response.read(1 << 20):
        received += len(chunk)
    connection.close()
    elapsed = time.perf_counter() - started
    done.set()
    sampler.join()
    figures.values["full export: worker RSS before (MB)"] = before
    figures.values["full export: worker RSS peak (MB)"] = max(peak)
    figures.values["full export: time (s)"] = elapsed
    figures.values["full export: size (MB)"] = received / 1e6
    figures.values["full export: events/s"] = size / elapsed


MEASURES = []  # extra measures: callables (port, size, figures) -> None, run with the server up


def measures_extra(browser: bool) -> list:
    """``MEASURES`` plus, with ``--browser``, bench/scale_browser.py's ``measure`` (the map in Chromium)."""
    extra = list(MEASURES)
    if browser:
        from bench import scale_browser  # written by the scale-map branch

        extra.append(scale_browser.measure)
    return extra


def run(database: str, size: int, seconds: float, extra, *, export=True) -> Figures:
    figures = Figures()
    url = database_ready(database, size)
    with gunicorn(url) as (port, pid):
        measure_viewports(port, figures)
        measure_throughput(port, figures, seconds)
        if export:
            measure_export(port, pid, figures, size)
        for measure in extra:
            measure(port, size, figures)
    return figures


# --- Report ------------------------------------------------------------------------


def target_for(label: str, ratio: float | None, value: float) -> str:
    """The target next to a figure, with PASS/MISS."""

    def verdict(met: bool) -> str:
        return "PASS" if met else "MISS"

    if label == "map: first markers (ms)" and ratio is not None:
        return f"≤ {TARGET_FIRST_MARKERS_RATIO}× {verdict(ratio <= TARGET_FIRST_MARKERS_RATIO)}"
    if label.endswith("(ms)") and "view" in label and ratio is not None:
        limit = TARGET_TEXT_RATIO if "text" in label else TARGET_RATIO
        return f"≤ {limit:.0f}× {verdict(ratio <= limit)}"
    if label.startswith("largest"):
        return f"≤ 2000 KB {verdict(value * 1000 <= TARGET_BYTES)}"
    if label.endswith("bare view (%)"):
        return f"≥ 50 % {verdict(value >= 100 * TARGET_SHARE)}"
    if label.endswith("RSS peak (MB)"):
        return f"< {TARGET_RSS_MB} MB {verdict(value < TARGET_RSS_MB)}"
    return ""


def report(results: dict, sizes: list[int], databases: list[str]) -> None:
    small, large = sizes[0], sizes[-1]
    labels = list(next(iter(results.values())).values)
    header = ["measurement"]
    for database in databases:
        header += [f"{database} {size:,}" for size in sizes] + [f"{large // small:,}× ratio", "target"]
    rows = [header]
    for label in labels:
        row = [label]
        for database in databases:
            values = [results[database, size].values.get(label) for size in sizes]
            row += [_number(value) for value in values]
            ratio = values[-1] / values[0] if len(sizes) > 1 and values[0] else None
            row += [f"{ratio:.2f}" if ratio is not None else "", target_for(label, ratio, values[-1])]
        rows.append(row)
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    for row in rows:
        print(
            "  ".join(
                cell.ljust(width) if i == 0 else cell.rjust(width)
                for i, (cell, width) in enumerate(zip(row, widths, strict=True))
            )
        )


def _number(value) -> str:
    if value is None:
        return "-"
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:.1f}"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,1000000", help="Archive sizes, smallest first (default 1000,1000000).")
    parser.add_argument("--databases", default="sqlite,postgresql", help="sqlite, postgresql or both.")
    parser.add_argument("--seconds", type=float, default=3.0, help="Length of each requests/s loop (default 3).")
    parser.add_argument("--browser", action="store_true", help="Also run bench/scale_browser.py's measure.")
    parser.add_argument("--no-export", action="store_true", help="Skip the full export (minutes at 1M events).")
    parser.add_argument(
        "--postgres-databases",
        default="",
        help="SIZE=NAME,… : PostgreSQL databases to use (default mapper_scale_bench_SIZE), e.g. 1000000=mapper_scale.",
    )
    args = parser.parse_args(argv)
    for pair in filter(None, args.postgres_databases.split(",")):
        size, name = pair.split("=")
        POSTGRES_NAMES[int(size)] = name
    sizes = sorted(int(size) for size in args.sizes.split(","))
    databases = [name.strip() for name in args.databases.split(",") if name.strip()]
    extra = measures_extra(args.browser)
    results = {}
    for database in databases:
        for size in sizes:
            print(f"measuring {database} with {size:,} events…", file=sys.stderr, flush=True)
            results[database, size] = run(database, size, args.seconds, extra, export=not args.no_export)
    print(f"Map API at scale (median over {len(VIEWPORTS['city'][1])} or so viewports each; one run, same machine):")
    print(f"(gunicorn with bench/scale_settings.py: {RATE_LIMIT_NOTE})")
    report(results, sizes, databases)
    BENCH_DATA.mkdir(parents=True, exist_ok=True)
    (BENCH_DATA / "scale-last.json").write_text(
        json.dumps({f"{db} {size}": figures.values for (db, size), figures in results.items()}, indent=1)
    )


if __name__ == "__main__":
    main()
