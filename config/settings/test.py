"""Fast, deterministic settings for the test suite (SQLite unless DATABASE_URL is set)."""

import os
import tempfile
from pathlib import Path

from .base import *  # noqa: F403

# No model or anything else is ever fetched from the network: a missing model fails loudly.
os.environ.setdefault("HF_HUB_OFFLINE", "1")

DEBUG = False
SECRET_KEY = "test-only-not-secret"
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# The manifest needs collectstatic; tests serve files as they are.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not memory: the browser tests' live server then gets connections of its own,
    # so overlapping requests (an autosave during a reveal) behave as in production.
    DATABASES["default"]["TEST"] = {"NAME": BASE_DIR / ".test-db.sqlite3"}  # noqa: F405
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# The suite never depends on a Redis server being there: tests that need the cached_db
# session engine turn it on with override_settings and a local-memory cache.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
SESSION_ENGINE = "django.contrib.sessions.backends.db"
# Recordings of the suite's spoken answers: a directory of its own, never the app's media.
MEDIA_ROOT = Path(tempfile.gettempdir()) / f"interview-prep-test-media-{os.getpid()}"
