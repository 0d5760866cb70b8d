"""The app's settings as a production-like server runs them, plus the bench-only URLconf.

DEBUG is off (with it on Django keeps every query in memory, which would both slow the pages
and make worker memory grow) and connections persist between requests, as a live deployment's
would: the trivial view and the pages pay the same per-request costs.
"""

from config.settings import *  # noqa: F403
from config.settings import DATABASES

DEBUG = False
ROOT_URLCONF = "bench.urls"
DATABASES["default"]["CONN_MAX_AGE"] = 60
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
LOGGING = {"version": 1, "disable_existing_loggers": False, "handlers": {}, "loggers": {}}
