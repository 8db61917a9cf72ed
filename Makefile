# Mapper: `make run` serves the map, `make test` runs the whole suite.
# Each target installs what it needs; nothing is assumed on the machine but Python 3.11+.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python
MANAGE := $(PY) manage.py
HOST   ?= 127.0.0.1
PORT   ?= 8000
WORKERS ?= 2
# make test fails when line coverage of events/ and mapper/ falls under this: 96.18 % (SQLite) and 96.15 %
# (PostgreSQL) measured 2026-12-01 by the whole suite on a fresh clone of 69fea1c (`.ci/run`).
COVERAGE_FLOOR ?= 95

.PHONY: run serve setup test lint lock superuser bench messages clean help

help:  ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(PY):
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Mapper needs Python 3.11 or newer"'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Installs come from the lock files (exact versions with hashes); requirements*.txt keep the ranges.
$(VENV)/.runtime: requirements.lock | $(PY)
	$(BIN)/pip install --quiet --require-hashes -r requirements.lock
	@touch $@

$(VENV)/.dev: requirements-dev.lock $(VENV)/.runtime
	$(BIN)/pip install --quiet --require-hashes -r requirements-dev.lock
	@touch $@

LOCK := $(BIN)/pip-compile --quiet --generate-hashes --strip-extras --no-emit-index-url --no-emit-find-links

lock: | $(PY)  ## Re-resolve the ranges in requirements*.txt into the hashed lock files
	$(BIN)/pip install --quiet pip-tools
	$(LOCK) --output-file requirements.lock requirements.txt
	$(LOCK) --output-file requirements-dev.lock requirements-dev.txt

setup: $(VENV)/.runtime  ## Install, migrate, load seed data and the gazetteer (honours DATABASE_URL)
	$(MANAGE) migrate --noinput
	$(MANAGE) collectstatic --noinput --verbosity 0
	$(MANAGE) load_default_kinds
	$(MANAGE) load_gazetteer --if-empty
	$(MANAGE) import_articles fixtures/articles/
	@echo
	@echo "Ready. Create an admin user with:  make superuser   (or: $(MANAGE) createsuperuser)"

run: setup  ## Set up, then serve the map on http://$(HOST):$(PORT) (DEBUG on unless set) with a task worker
	DEBUG=$${DEBUG:-true} $(MANAGE) db_worker & worker=$$!; trap 'kill $$worker' EXIT INT TERM; \
		DEBUG=$${DEBUG:-true} $(MANAGE) runserver $(HOST):$(PORT)

serve: setup  ## Production mode, same database: gunicorn + WhiteNoise, DEBUG=false (WORKERS=2, 4 threads each)
	@test -n "$$SECRET_KEY" || grep -qs '^SECRET_KEY=' .env || \
		{ echo "SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')" >> .env; \
		  echo "Wrote a new random SECRET_KEY to .env"; }
	DEBUG=false $(BIN)/gunicorn mapper.wsgi --bind $(HOST):$(PORT) --workers $(WORKERS) --threads 4 \
		--timeout 600 --access-logfile - --forwarded-allow-ips "$${FORWARDED_ALLOW_IPS:-127.0.0.1}"

superuser: $(VENV)/.runtime  ## Create a staff superuser interactively
	$(MANAGE) createsuperuser

lint: $(VENV)/.dev  ## ruff, mypy, missing migrations, deploy checks
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(MANAGE) makemigrations --check --dry-run
	DEBUG=false HTTPS=true SECRET_KEY=ci-$$(printf '%060d' 0)-not-secret ALLOWED_HOSTS=mapper.example.org \
		$(MANAGE) check --deploy --fail-level WARNING

test: $(VENV)/.dev lint  ## Install test requirements and run the whole suite
	$(BIN)/playwright --version >/dev/null
	$(BIN)/pytest --cov --cov-report=term --cov-fail-under=$(COVERAGE_FLOOR)

# Translations (README "Translations"). The compiled .mo files are committed, so neither `make run` nor
# `make test` needs GNU gettext; only this target does, and it says so when gettext is missing.
MESSAGES_IGNORE := --ignore=tests --ignore=bench --ignore=docs --ignore=staticfiles --ignore=var --ignore=test-artifacts

messages: $(VENV)/.runtime  ## Update locale/*/LC_MESSAGES/*.po from the code, then compile them (needs GNU gettext)
	@command -v xgettext >/dev/null && command -v msgfmt >/dev/null || \
		{ echo "make messages needs GNU gettext (Debian: apt-get install gettext)"; exit 1; }
	$(MANAGE) makemessages --all --no-location $(MESSAGES_IGNORE)
	$(MANAGE) makemessages --all --no-location --domain djangojs $(MESSAGES_IGNORE)
	$(MANAGE) compilemessages --ignore=.venv --ignore=staticfiles --ignore=var

bench: setup  ## Print the benchmark figures
	$(PY) bench/run_all.py

clean:  ## Remove the virtualenv and the local database
	rm -rf $(VENV) db.sqlite3 db.sqlite3-wal db.sqlite3-shm staticfiles
