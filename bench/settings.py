"""Production settings plus a baseline view, for the benchmark only (never deployed)."""

from config.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
LOGGING = {"version": 1, "disable_existing_loggers": True}
