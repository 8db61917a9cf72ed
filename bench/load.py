"""Bounded load on loopback against a real gunicorn: the map request and the feed, on SQLite and PostgreSQL.

    python bench/load.py                      # 50 clients for 30 s per phase, both databases
    python bench/load.py --quick              # 10 clients for 5 s, to see that it works
    python bench/load.py --clients 100 --duration 60 --databases sqlite

Two phases per database, each against a fresh gunicorn (TRUSTED_PROXY_COUNT=1, so each
simulated client sends its own X-Forwarded-For address as a proxy in front would):

* ``many clients``: every client has its own address and asks as fast as it can, so each
  one soon goes over its own limit (MAPPER_RATE_LIMIT_API, _FEED): 429s appear per client;
* ``one address``: all clients share one address, so the limit is reached within a second.

Printed per phase and endpoint: requests/s, p50/p95/p99 latency, and counts of 2xx/304, 429,
5xx and "database is locked" (a 503 from the busy-database page, or the message in the
server log). Figures are for comparing within one run on this noisy machine.
"""

import argparse
import http.client
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
MAP_REQUEST = "/api/events/?bbox=24,44,26,46"  # a region of a few hundred events, as the map asks it
FEED_REQUEST = "/feeds/events/"
ENDPOINTS = {"map": MAP_REQUEST, "feed": FEED_REQUEST}
DEFAULT_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/mapper_bench_load"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=50, help="concurrent clients (default 50)")
    parser.add_argument("--duration", type=float, default=30.0, help="seconds per phase (default 30)")
    parser.add_argument("--quick", action="store_true", help="10 clients for 5 s per phase")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (default 4)")
    parser.add_argument("--events", type=int, default=3000, help="published events to load first (default 3000)")
    parser.add_argument("--databases", default="sqlite,postgres", help="comma-separated: sqlite, postgres")
    parser.add_argument("--postgres-url", default=os.environ.get("BENCH_POSTGRES_URL", DEFAULT_POSTGRES_URL))
    args = parser.parse_args()
    if args.quick:
        args.clients, args.duration = 10, 5.0
    print(
        f"{args.clients} clients, {args.duration:.0f} s a phase, {args.workers} gunicorn workers, {args.events} events"
    )
    print(
        f"{'database':<9} {'phase':<13} {'endpoint':<5} {'requests':>8} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} "
        f"{'p99 ms':>7} {'2xx/304':>7} {'429':>6} {'5xx':>4} {'locked':>6}"
    )
    with tempfile.TemporaryDirectory(prefix="mapper-load-") as scratch:
        for database in args.databases.split(","):
            url = f"sqlite:///{scratch}/load.sqlite3" if database == "sqlite" else args.postgres_url
            if database == "postgres" and not postgres_ready(url):
                print(f"{database:<9} skipped: no PostgreSQL at {url}")
                continue
            prepare(url, args.events)
            for phase, shared_address in (("many clients", False), ("one address", True)):
                log = Path(scratch) / f"{database}-{phase.replace(' ', '-')}.log"
                with Server(url, args.workers, log) as server:
                    results = load(server.port, args.clients, args.duration, shared_address)
                    locked_in_log = server.log_count("database is locked")
                report(database, phase, results, args.duration, locked_in_log)


def postgres_ready(url) -> bool:
    """Create the benchmark database if the server is there (a clean one each run)."""
    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    for statement in (f"DROP DATABASE IF EXISTS {name}", f"CREATE DATABASE {name}"):
        if subprocess.run(["psql", admin, "-qc", statement], capture_output=True).returncode != 0:
            return False
    return True


def environment(database_url) -> dict:
    return os.environ | {
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "mapper.settings",
        "DEBUG": "false",
        "TRUSTED_PROXY_COUNT": "1",
        "LOG_LEVEL": "WARNING",
    }


def prepare(database_url, count):
    """Migrate (which creates the cache tables), load the kinds and ``count`` published events."""
    env = environment(database_url)
    for command in (["migrate", "--noinput", "-v0"], ["loaddata", "event_kinds", "-v0"]):
        subprocess.run([sys.executable, "manage.py", *command], cwd=REPO, env=env, check=True)
    subprocess.run([sys.executable, __file__, "--seed", str(count)], cwd=REPO, env=env, check=True)


def seed(count):
    """Events spread over Romania and its neighbours, one article each ten (run inside Django)."""
    import django

    sys.path.insert(0, str(REPO))
    django.setup()
    from events.models import Article, Citation, Event, EventKind

    kinds = list(EventKind.objects.all())
    rng = random.Random(7)
    articles = Article.objects.bulk_create(
        Article(title=f"Bench article {n}", slug=f"bench-{n}", url=f"https://news.example.org/{n}", text="…")
        for n in range(max(count // 10, 1))
    )
    events = Event.objects.bulk_create(
        Event(
            key=f"bench-{n}",
            title=f"Bench event {n}",
            kind=kinds[n % len(kinds)],
            place_name="Somewhere",
            latitude=rng.uniform(43.5, 48.5),
            longitude=rng.uniform(20.5, 29.5),
            precision="settlement",
            status=Event.Status.PUBLISHED,
        )
        for n in range(count)
    )
    Citation.objects.bulk_create(
        Citation(event=event, article=articles[n % len(articles)], quote="…") for n, event in enumerate(events)
    )


class Server:
    """gunicorn on a free loopback port; stopped (and its log kept for counting) on exit."""

    def __init__(self, database_url, workers, log_path):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.log_path, self.workers = log_path, workers
        command = [sys.executable, "-m", "gunicorn", "mapper.wsgi", "-b", f"127.0.0.1:{self.port}", "-w", str(workers)]
        self.process = subprocess.Popen(
            command, cwd=REPO, env=environment(database_url), stdout=log_path.open("w"), stderr=subprocess.STDOUT
        )

    def __enter__(self):
        """Wait until every worker has answered both endpoints once (imports and first queries are not load)."""
        deadline = time.monotonic() + 120
        answered = 0
        while answered < 4 * self.workers:
            if time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn did not start: {self.log_path.read_text()[-2000:]}")
            try:
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
                for path in ENDPOINTS.values():
                    connection.request("GET", path, headers={"X-Forwarded-For": f"192.0.2.{answered % 250}"})
                    connection.getresponse().read()
                    answered += 1
            except OSError:
                time.sleep(0.2)
        return self

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=30)

    def log_count(self, text) -> int:
        return self.log_path.read_text(errors="replace").count(text)


def load(port, clients, duration, shared_address) -> dict:
    """``clients`` threads asking the map request and the feed in turn until ``duration`` is up."""
    results = defaultdict(list)  # endpoint -> [(status, seconds, busy page?)]
    stop_at = time.monotonic() + duration
    lock = threading.Lock()

    def client(number):
        address = "198.51.100.1" if shared_address else f"10.{number // 250}.{number % 250}.1"
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        names = list(ENDPOINTS)
        turn = number
        while time.monotonic() < stop_at:
            name = names[turn % len(names)]
            turn += 1
            started = time.perf_counter()
            try:
                connection.request("GET", ENDPOINTS[name], headers={"X-Forwarded-For": address})
                response = connection.getresponse()
                body = response.read()
                status = response.status
            except (OSError, http.client.HTTPException):
                connection.close()
                status, body = 599, b""
            elapsed = time.perf_counter() - started
            with lock:
                results[name].append((status, elapsed, b"database is busy" in body))

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def report(database, phase, results, duration, locked_in_log):
    for name in ENDPOINTS:
        rows = results.get(name, [])
        if not rows:
            continue
        statuses = Counter(status for status, _elapsed, _busy in rows)
        times = sorted(elapsed * 1000 for _status, elapsed, _busy in rows)
        centiles = statistics.quantiles(times, n=100) if len(times) > 1 else times * 99
        ok = sum(count for status, count in statuses.items() if 200 <= status < 400)
        server_errors = sum(count for status, count in statuses.items() if status >= 500)
        locked = sum(busy for _status, _elapsed, busy in rows) + (locked_in_log if name == "map" else 0)
        print(
            f"{database:<9} {phase:<13} {name:<5} {len(rows):>8} {len(rows) / duration:>7.1f} "
            f"{centiles[49]:>7.1f} {centiles[94]:>7.1f} {centiles[98]:>7.1f} {ok:>7} {statuses[429]:>6} "
            f"{server_errors:>4} {locked:>6}",
            flush=True,
        )


if __name__ == "__main__":
    if sys.argv[1:2] == ["--seed"]:
        seed(int(sys.argv[2]))
    else:
        main()
