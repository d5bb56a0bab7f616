"""bench.settings (production settings) for `make soak`, with Django's request errors and
security warnings on stderr: a soak that meets a 4xx or 500 leaves its cause (a traceback)
in the server log that bench/soak.py reads."""

from bench.settings import *  # noqa: F403

LOGGING = {
    "version": 1,
    "disable_existing_loggers": True,
    "formatters": {"plain": {"format": "django %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "loggers": {
        name: {"handlers": ["stderr"], "level": "WARNING", "propagate": False}
        for name in ("django.request", "django.security", "django.db.backends")
    },
}
