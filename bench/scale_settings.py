"""Settings for bench/scale.py's gunicorn: the real settings, with a bare JSON view added to the URLs."""

from mapper.settings import *  # noqa: F403

ROOT_URLCONF = "bench.scale_urls"
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
