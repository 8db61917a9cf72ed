"""Project-wide protections: hosts, error pages, framing, CSP, deploy checks."""

import os
import secrets
import subprocess
import sys
import threading

import pytest
from django.conf import settings
from django.db import OperationalError, connection, connections, transaction
from django.test import Client

from events.models import EventKind

MANAGE = [sys.executable, str(settings.BASE_DIR / "manage.py")]


def test_foreign_host_header_is_refused(client):
    response = client.get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400


@pytest.mark.urls("tests.urls_failing")
def test_server_error_shows_friendly_page_without_details(db, settings):
    settings.DEBUG = False
    response = Client(raise_request_exception=False).get("/boom/")
    assert response.status_code == 500
    body = response.content.decode()
    assert "Something went wrong" in body
    assert "SECRET internal detail" not in body and "Traceback" not in body


def test_admin_cannot_be_framed_and_pages_carry_a_strict_csp(client):
    response = client.get("/admin/login/")
    assert response["X-Frame-Options"] == "DENY"
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "object-src 'none'" in csp


def _deploy_check(**environ):
    # Start from this process's environment minus what a production host would not have
    # (the browser tests set DJANGO_ALLOW_ASYNC_UNSAFE for Playwright's event loop).
    local_only = {"SECRET_KEY", "DEBUG", "HTTPS", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in local_only}
    env.update(DJANGO_SETTINGS_MODULE="mapper.settings", **environ)
    return subprocess.run(
        [*MANAGE, "check", "--deploy", "--fail-level", "WARNING"], env=env, capture_output=True, text=True
    )


def test_production_settings_pass_the_deploy_check():
    result = _deploy_check(
        DEBUG="false", HTTPS="true", SECRET_KEY=secrets.token_urlsafe(50), ALLOWED_HOSTS="mapper.example.org"
    )
    assert result.returncode == 0, result.stderr


def test_deploy_check_refuses_the_development_secret_key():
    result = _deploy_check(DEBUG="false", HTTPS="true", ALLOWED_HOSTS="mapper.example.org")
    assert result.returncode != 0
    assert "mapper.E010" in result.stderr


def test_https_setting_turns_on_redirect_secure_cookies_and_hsts():
    """Hostile-inputs row 43, from the environment production uses: plain HTTP gets a 301 to HTTPS."""
    script = (
        "import django; django.setup()\n"
        "from django.conf import settings as s\n"
        "from django.test import Client\n"
        "r = Client().get('/', HTTP_HOST='mapper.example.org')\n"
        "print(r.status_code, r['Location'], s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE,"
        " s.SESSION_COOKIE_HTTPONLY, s.SECURE_HSTS_SECONDS)\n"
    )
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_ALLOW_ASYNC_UNSAFE", "DEBUG"}}
    env.update(
        DJANGO_SETTINGS_MODULE="mapper.settings",
        HTTPS="true",
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="mapper.example.org",
    )
    result = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, cwd=settings.BASE_DIR
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["301", "https://mapper.example.org/", "True", "True", "True", "3600"]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite locking behaviour")
@pytest.mark.django_db(transaction=True)
def test_two_sqlite_writers_wait_for_each_other_instead_of_failing():
    """Read-then-write in two threads at once: IMMEDIATE transactions serialise them."""
    errors = []
    barrier = threading.Barrier(2)

    def writer(n):
        try:
            barrier.wait()
            with transaction.atomic():
                count = EventKind.objects.count()
                EventKind.objects.create(slug=f"kind-{n}", name=f"Kind {count}")
        except Exception as exc:  # noqa: BLE001 - the assertion reports it
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert EventKind.objects.count() == 2


def test_a_database_locked_past_its_timeout_gives_a_friendly_503(rf):
    from events.middleware import DatabaseBusyMiddleware

    middleware = DatabaseBusyMiddleware(lambda request: None)
    response = middleware.process_exception(rf.post("/admin/"), OperationalError("database is locked"))
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert b"Nothing was lost" in response.content


def _settings_in_a_fresh_process(*names, **environ):
    """The named settings as mapper.settings computes them from ``environ`` alone (no .env, no DEBUG)."""
    script = "import django; django.setup()\nfrom django.conf import settings as s\n" + "".join(
        f"print(repr(s.{name}))\n" for name in names
    )
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_ALLOW_ASYNC_UNSAFE", "DEBUG"}}
    env.update(DJANGO_SETTINGS_MODULE="mapper.settings", **environ)
    result = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, cwd=settings.BASE_DIR
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split("\n")[: len(names)]


def test_debug_is_off_unless_the_environment_turns_it_on():
    """Issue 9: DEBUG was on when the variable was unset, so a forgotten setting showed tracebacks."""
    debug, storage = _settings_in_a_fresh_process("DEBUG", "STORAGES['staticfiles']['BACKEND']")
    assert (debug, storage) == ("False", "'mapper.storage.StaticFilesStorage'")
    assert _settings_in_a_fresh_process("DEBUG", DEBUG="true") == ["True"]


def test_make_run_turns_debug_on_for_local_serving():
    makefile = (settings.BASE_DIR / "Makefile").read_text()
    run_recipe = makefile.split("\nrun:", 1)[1].split("\n\n", 1)[0]
    assert "DEBUG=$${DEBUG:-true} $(MANAGE) runserver" in run_recipe


@pytest.mark.parametrize("path", ["/", "/admin/login/", "/api/events/", "/feeds/events/", "/no-such-page/"])
def test_no_page_may_be_framed_by_anyone(client, kinds, path):
    """Row 41; issue 9: frame-ancestors 'self' on every page overrode X-Frame-Options: DENY."""
    response = client.get(path)
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
