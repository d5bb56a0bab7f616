"""Production settings plus a baseline view, for the benchmark only (never deployed)."""

import os

from config.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
LOGGING = {"version": 1, "disable_existing_loggers": True}

# `BENCH_SESSION_ENGINE=django.contrib.sessions.backends.signed_cookies` (or `...db`) measures
# another session engine against the production one on the same data.
if _engine := os.environ.get("BENCH_SESSION_ENGINE"):
    SESSION_ENGINE = _engine
