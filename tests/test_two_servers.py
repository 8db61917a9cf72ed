"""Two app servers, one PostgreSQL, one Redis: a write through one is in the other's next answer (issue 14)."""

import csv
import io
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from django.conf import settings
from django.contrib.auth.models import User
from django.db import connection

from events.models import Event
from tests.conftest import REDIS_TEST_PREFIX, REDIS_TEST_URL, redis_caches

REPO = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.django_db(transaction=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_url() -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class AppServer:
    """``gunicorn mapper.wsgi`` on a loopback port, on the test database and the test Redis prefix."""

    def __init__(self, name, tmp_path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = os.environ | {
            "DJANGO_SETTINGS_MODULE": "tests.settings",  # the same password hasher as this process
            "DATABASE_URL": database_url(),
            "CACHE_URL": REDIS_TEST_URL,
            "CACHE_KEY_PREFIX": REDIS_TEST_PREFIX,
            "DEBUG": "true",
        }
        self.log = tmp_path / f"{name}.log"
        command = [sys.executable, "-m", "gunicorn", "mapper.wsgi", "-b", f"127.0.0.1:{self.port}", "-w", "2"]
        self.process = subprocess.Popen(command, cwd=REPO, env=env, stdout=self.log.open("w"), stderr=subprocess.STDOUT)

    def wait_ready(self, seconds=30):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"the app server stopped: {self.log.read_text()[-2000:]}")
            try:
                requests.get(self.url + "/admin/login/", timeout=10)
                return self
            except requests.ConnectionError:
                time.sleep(0.2)
        pytest.fail(f"the app server did not start: {self.log.read_text()[-2000:]}")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=20)


@pytest.fixture
def two_servers(transactional_db, tmp_path, settings):
    if connection.vendor != "postgresql":
        pytest.skip("two app servers share one PostgreSQL database (SQLite is one machine's file)")
    settings.CACHES = redis_caches()  # this process, too, sees what the servers cache
    servers = [AppServer(name, tmp_path) for name in ("a", "b")]
    try:
        yield [server.wait_ready() for server in servers]
    finally:
        for server in servers:
            server.stop()


def titles(server, **params):
    response = requests.get(server.url + "/api/events/", params=params, timeout=10)
    assert response.status_code == 200, response.text
    return sorted(feature["properties"]["title"] for feature in response.json()["features"])


def csv_titles(server):
    response = requests.get(server.url + "/api/events/", params={"format": "csv"}, timeout=10)
    assert response.status_code == 200
    return sorted(row["title"] for row in csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def admin_session(server) -> requests.Session:
    session = requests.Session()
    session.get(server.url + "/admin/login/", timeout=10)
    form = {"username": "admin", "password": "pw-for-two-servers", "next": "/admin/"}
    answer = session.post(
        server.url + "/admin/login/", data=form | {"csrfmiddlewaretoken": session.cookies["csrftoken"]}, timeout=10
    )
    assert answer.status_code == 200 and "Log out" in answer.text
    return session


def test_a_write_through_one_server_is_in_the_others_next_answer_and_export(two_servers, make_event):
    server_a, server_b = two_servers
    User.objects.create_superuser("admin", "admin@example.org", "pw-for-two-servers")
    make_event(title="Already public")
    draft = make_event(title="Published through server A", status=Event.Status.DRAFT)
    # Both servers have answered (and cached) the map and the export before the write.
    for server in two_servers:
        assert titles(server) == ["Already public"]
        assert csv_titles(server) == ["Already public"]
    etag_before = requests.get(server_b.url + "/api/events/", timeout=10).headers["ETag"]

    session = admin_session(server_a)
    publish = {
        "action": "publish_selected",
        "_selected_action": [draft.pk],
        "csrfmiddlewaretoken": session.cookies["csrftoken"],
    }
    assert session.post(server_a.url + "/admin/events/event/", data=publish, timeout=10).status_code == 200

    expected = ["Already public", "Published through server A"]
    assert titles(server_b) == expected
    assert csv_titles(server_b) == expected
    revalidated = requests.get(server_b.url + "/api/events/", headers={"If-None-Match": etag_before}, timeout=10)
    assert revalidated.status_code == 200 and revalidated.headers["ETag"] != etag_before
    assert settings.CACHES["default"]["LOCATION"] == REDIS_TEST_URL


def test_a_management_command_write_is_in_both_servers_next_answer(two_servers, make_event):
    make_event(title="Before the command")
    for server in two_servers:
        assert titles(server, q="Before") == ["Before the command"]
    Event.objects.update(title="Renamed by a command")  # what a command's bulk update does, in this process
    for server in two_servers:
        assert titles(server, q="Renamed") == ["Renamed by a command"]
        assert titles(server, q="Before") == []
