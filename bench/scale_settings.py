"""Settings for bench/scale.py's gunicorn: the real settings, with a bare JSON view added to the URLs.

The per-client rate limits are raised (not switched off), so that a requests/s loop from one address
is measured rather than answered 429, while each request still pays for being counted.
"""

from mapper.settings import *  # noqa: F403

ROOT_URLCONF = "bench.scale_urls"
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
MAPPER_RATE_LIMITS = {group: "1000000/m" for group in MAPPER_RATE_LIMITS}  # noqa: F405
