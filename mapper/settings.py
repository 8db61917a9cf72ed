"""Mapper settings.

Every value has a safe local default; production differs only by environment
variables (read with django-environ, ``DATABASE_URL`` included). See README
"Configuration" for the list.
"""

from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONCE, NONE, SELF

from mapper.tiles import tile_origin

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# Off unless the environment turns it on (`make run` does, for local serving).
DEBUG = env.bool("DEBUG", default=False)
DEFAULT_SECRET_KEY = "local-development-only-key-change-me-in-production-0123456789abcdef"
SECRET_KEY = env("SECRET_KEY", default=DEFAULT_SECRET_KEY)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # SimpleAdminConfig: autodiscovery would import leaflet.admin, which needs
    # GDAL (GeoDjango). We register our admin modules in EventsConfig.ready().
    "django.contrib.admin.apps.SimpleAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "csp",
    "axes",
    "django_ratelimit",
    "leaflet",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "events",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The interface language: the set_language cookie, else the browser's Accept-Language, else English.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before anything reads a parameter: a NUL in one is a 400, never a database error.
    "events.middleware.NulParameterMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Records who made each change in the history tables (django-simple-history).
    "simple_history.middleware.HistoryRequestMiddleware",
    "events.middleware.DatabaseBusyMiddleware",
    # Last, as django-axes requires: refuses logins while an account is locked out.
    "axes.middleware.AxesMiddleware",
]

# Admin brute force: 5 failures for one username from one address lock that pair out
# for 30 minutes (HTTP 429). The client address is REMOTE_ADDR unless a proxy in front
# is trusted to overwrite X-Forwarded-For (TRUSTED_PROXY_COUNT), so a spoofed header
# neither resets nor dodges the count.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False  # lockouts are still logged as warnings
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
# One rule for the client address, shared by the login lockout and the rate limits.
AXES_CLIENT_IP_CALLABLE = "events.rate_limits.client_address"

ROOT_URLCONF = "mapper.urls"
WSGI_APPLICATION = "mapper.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
# Each worker thread keeps its connection between requests, on both databases: opening one costs more
# than a cached answer (SQLite: the WAL pragma, and the last close checkpoints and deletes the WAL file;
# 8 ms a request, measured in docs/scaling.md run 4). Health-checked, so a dropped one is reopened.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Two writers (an admin save during an import) wait for the lock instead of
    # failing at once with "database is locked" (Django 5.1+ options).
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
else:
    # The bitmap of a broad text search (100,000s of events at a million) must fit in memory, exact: a
    # lossy one rechecks every row of its pages. JIT off: it compiled a world view's GROUP BY under a
    # common word for 0.4 s of a 1.4 s query, and no map query runs long enough to win it back.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        f"-c work_mem={env('PG_WORK_MEM', default='64MB')} -c jit=off"
    )

# --- Caching and rate limits (README "Caching and rate limits", docs/caching.md) ----
# One cache shared by every worker: the database cache by default (no extra service;
# `migrate` creates its tables), Redis with CACHE_URL=redis://host:6379/N.
# "default" holds rate-limit counts and the geocoder's shared rate limit; "answers" holds
# the data version and map answers (one read fetches both), and is bounded; "matches" holds large
# searches' matches for every worker.
CACHE_URL = env("CACHE_URL", default="dbcache://mapper_cache")
CACHE_KEY_PREFIX = env("CACHE_KEY_PREFIX", default="mapper")
MAPPER_ANSWER_CACHE_SECONDS = env.int("MAPPER_ANSWER_CACHE_SECONDS", default=600)
MAPPER_ANSWER_CACHE_MAX_ENTRIES = env.int("MAPPER_ANSWER_CACHE_MAX_ENTRIES", default=500)
MAPPER_ANSWER_CACHE_MAX_BYTES = env.int("MAPPER_ANSWER_CACHE_MAX_BYTES", default=2_000_000)
MAPPER_HTTP_MAX_AGE = env.int("MAPPER_HTTP_MAX_AGE", default=30)
# Each worker's own copies of kept answers, served only under the shared current version (events/local_copies.py).
MAPPER_ANSWER_LOCAL_BYTES = env.int("MAPPER_ANSWER_LOCAL_BYTES", default=16_000_000)
# Each worker's copies of text searches' matches, as arrays (events/kept_matches.py): a common word at a
# million events (137,000 matches) takes 8 MB.
MAPPER_MATCHES_LOCAL_BYTES = env.int("MAPPER_MATCHES_LOCAL_BYTES", default=64_000_000)


def _cache_config(alias_suffix, *, max_entries, timeout):
    config = env.cache_url_config(CACHE_URL)
    config["KEY_PREFIX"] = CACHE_KEY_PREFIX + alias_suffix
    config["TIMEOUT"] = timeout
    if config["BACKEND"] == "django.core.cache.backends.db.DatabaseCache":
        config["BACKEND"] = "mapper.cache.DatabaseCache"  # atomic incr, for exact rate-limit counts
        config["LOCATION"] += alias_suffix.replace("-", "_")
        config["OPTIONS"] = {"MAX_ENTRIES": max_entries}
    return config


CACHES = {
    "default": _cache_config("", max_entries=100_000, timeout=300),
    "answers": _cache_config(
        "-answers", max_entries=MAPPER_ANSWER_CACHE_MAX_ENTRIES, timeout=MAPPER_ANSWER_CACHE_SECONDS
    ),
    # Large text searches' matches, read once for every worker (events/kept_matches.py): up to 16 MB each,
    # so few of them (one per search, overwritten under the next data version).
    "matches": _cache_config("-matches", max_entries=32, timeout=MAPPER_ANSWER_CACHE_SECONDS),
}

# Per-client limits on the public endpoints, "count/period" (s, m, h, d), counted in the
# shared cache by django-ratelimit; over the limit a client gets 429 with Retry-After.
RATELIMIT_ENABLE = env.bool("RATELIMIT_ENABLE", default=True)
MAPPER_RATE_LIMITS = {
    "api": env("MAPPER_RATE_LIMIT_API", default="300/m"),  # every /api/ request, exports included
    "exports": env("MAPPER_RATE_LIMIT_EXPORTS", default="30/m"),  # downloads (?format=), on top of "api"
    "feed": env("MAPPER_RATE_LIMIT_FEED", default="60/m"),
    "pages": env("MAPPER_RATE_LIMIT_PAGES", default="120/m"),  # map, event and article pages
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The interface is translated (README "Translations"); names are each language's own, for the switcher.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("ro", "Română"), ("uk", "Українська")]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600  # a reader's choice is remembered for a year
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Hashed, compressed files whatever DEBUG is, so that the files `make setup` collects also serve
# `make serve` (DEBUG=false). With DEBUG=true the pages link the plain names, served from the apps.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "mapper.storage.StaticFilesStorage"},
}

# Security headers. Production turns HTTPS on with HTTPS=true.
HTTPS = env.bool("HTTPS", default=False)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=3600 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
if env.bool("BEHIND_TLS_PROXY", default=False):
    # Only when the proxy always overwrites X-Forwarded-Proto.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_HTTPONLY = True
# Silenced on purpose: HSTS for subdomains and preloading are site-wide commitments
# an operator opts into (SECURE_HSTS_INCLUDE_SUBDOMAINS / SECURE_HSTS_PRELOAD);
# we do not make them for every deployment.
SILENCED_SYSTEM_CHECKS = [
    # django-ratelimit lists only memcached and django-redis as supported: Django's own
    # RedisCache increments atomically (INCR) and so does mapper.cache.DatabaseCache.
    "django_ratelimit.W001",
    *([] if SECURE_HSTS_INCLUDE_SUBDOMAINS else ["security.W005"]),
    *([] if SECURE_HSTS_PRELOAD else ["security.W021"]),
]
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"

# --- Map ------------------------------------------------------------------
MAPPER_TILES_URL = env("MAPPER_TILES_URL", default="https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAPPER_TILES_ATTRIBUTION = env(
    "MAPPER_TILES_ATTRIBUTION",
    default='&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
)

LEAFLET_CONFIG = {
    # Centre of the seed article's region; the page then fits the events.
    "DEFAULT_CENTER": (env.float("MAPPER_MAP_LAT", default=46.0), env.float("MAPPER_MAP_LON", default=25.0)),
    "DEFAULT_ZOOM": env.int("MAPPER_MAP_ZOOM", default=6),
    "MIN_ZOOM": 2,
    "MAX_ZOOM": 18,
    "TILES": [("OpenStreetMap", MAPPER_TILES_URL, {"attribution": MAPPER_TILES_ATTRIBUTION, "maxZoom": 19})],
    # Every map (main, embed, event and article pages, the admin) credits the data Mapper ships;
    # the tiles credit theirs (OpenStreetMap by default) in their own attribution.
    "ATTRIBUTION_PREFIX": (
        '<a href="https://leafletjs.com">Leaflet</a> | <a href="https://www.geonames.org/" title="Place names:'
        ' GeoNames, CC BY 4.0">GeoNames</a> | <a href="https://www.naturalearthdata.com/" title="Boundaries:'
        ' Natural Earth, public domain">Natural Earth</a>'
    ),
    "RESET_VIEW": False,
    "NO_GLOBALS": True,
}

# Sites allowed to frame the embeddable map (/?embed=1): "*" (the default) is any site, as it shows public,
# read-only data; a list (e.g. https://newsroom.example.org) restricts it to those. Every other page refuses frames.
MAPPER_EMBED_ORIGINS = env.list("MAPPER_EMBED_ORIGINS", default=["*"])

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        # The tiles' origin comes from MAPPER_TILES_URL itself: the two can never disagree.
        "img-src": [SELF, "data:", *filter(None, [tile_origin(MAPPER_TILES_URL)])],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],  # as X-Frame-Options: DENY; the embed view lists its own
        "form-action": [SELF],
    }
}

# --- Geocoding --------------------------------------------------------------
# Ordered provider chain; "gazetteer" is offline, "nominatim" goes online.
MAPPER_GEOCODERS = env.list("MAPPER_GEOCODERS", default=["gazetteer"])
MAPPER_GEOCODER_USER_AGENT = env("MAPPER_GEOCODER_USER_AGENT", default="")
MAPPER_NOMINATIM_DOMAIN = env("MAPPER_NOMINATIM_DOMAIN", default="nominatim.openstreetmap.org")
MAPPER_NOMINATIM_SCHEME = env("MAPPER_NOMINATIM_SCHEME", default="https")
MAPPER_GEOCODER_TIMEOUT = env.float("MAPPER_GEOCODER_TIMEOUT", default=5.0)
# Nominatim's usage policy: at most one request a second, for all workers together (shared cache).
MAPPER_NOMINATIM_MIN_DELAY = env.float("MAPPER_NOMINATIM_MIN_DELAY", default=1.0)
MAPPER_GEOCODER_BACKOFF_SECONDS = env.float("MAPPER_GEOCODER_BACKOFF_SECONDS", default=2.0)  # first retry wait
# Below this confidence a geocoded event is saved as "needs review", not pinned.
MAPPER_GEOCODE_MIN_CONFIDENCE = env.float("MAPPER_GEOCODE_MIN_CONFIDENCE", default=0.6)

# --- Importing --------------------------------------------------------------
# Import files larger than this are refused before they are read (command line and admin).
MAPPER_IMPORT_MAX_BYTES = env.int("MAPPER_IMPORT_MAX_BYTES", default=20_000_000)
# Admin uploads wait here until their import has run.
MAPPER_IMPORT_DIR = Path(env("MAPPER_IMPORT_DIR", default=str(BASE_DIR / "var" / "imports")))

# --- Background tasks (django-tasks) ------------------------------------------
# The database backend needs `python manage.py db_worker` running (`make run` starts one);
# MAPPER_TASKS_INLINE=true runs each task at once, inside the request, for development.
TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend"
        if env.bool("MAPPER_TASKS_INLINE", default=False)
        else "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

# One stream, stderr, for every process (web, db_worker, commands): imports, geocoder failures and rate
# limits, tasks. LOG_LEVEL (DEBUG, INFO, WARNING, ERROR) sets how much of it is written.
LOG_LEVEL = env("LOG_LEVEL", default="INFO").upper()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "stream": "ext://sys.stderr", "formatter": "plain"}},
    "root": {"handlers": ["stderr"], "level": LOG_LEVEL},
}

# Evaluation corpora and other projects' test files, read in place (never copied): benchmarks and tests
# that skip without them. From a worktree, point MAPPER_SHARED_DIR at the checkout's shared/ folder.
MAPPER_SHARED_DIR = env.path("MAPPER_SHARED_DIR", default=str(BASE_DIR.parent / "shared"))

# Geoparsing (docs/geoparse.md): the kind proposed for a sentence no kind's cue words match.
MAPPER_GEOPARSE_OTHER_KIND = env("MAPPER_GEOPARSE_OTHER_KIND", default="other")
