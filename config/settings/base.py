"""Settings shared by every environment. Environment variables are read here and in the
environment modules; see the README's Configuration section for the full list."""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

from .env import env_int, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = env_str("DJANGO_SECRET_KEY")
DEBUG = False
ALLOWED_HOSTS: list[str] = []

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "guide",
    "accounts",
    "practice",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # A partner interview's unchanged polls: 304 before sessions and authentication.
    "practice.partner.middleware.unchanged_polls",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Dates and days in the signed-in person's time zone.
    "accounts.middleware.local_time",
    # A signed-in person's responses: Cache-Control: private, no-store.
    "accounts.middleware.private_responses",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.sign_in_links",
                "practice.plans.context_processors.review_due",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DJANGO_DB_CONN_MAX_AGE", 60),
        # A kept connection is checked before a request reuses it: after a database
        # restart, the first request of each worker reconnects instead of failing.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Take the write lock at BEGIN, so two overlapping writes (an autosave and a reveal)
    # wait for each other instead of failing with "database is locked"; WAL lets reads go on.
    # synchronous=FULL: in WAL mode every commit syncs the log, so a rating that was
    # answered 2xx survives a power cut (NORMAL could lose the last commits).
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Renderings (pages, page parts, plans) are cached in each process's own memory: every key
# names the content version or the data it was made from, so a worker never serves another
# worker's stale copy, and a read costs no round trip (a shared Redis cache made visitors'
# pages 20 % slower in `make bench`). Sessions are different: signing out deletes one, and
# every worker must see that at once. With a Redis server (REDIS_URL) they are read from it
# (cached_db: written through to the database), which saves a query on every signed-in
# request; without one they stay in the database.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        # A few MB of rendered pages and plans per worker; the oldest go first.
        "OPTIONS": {"MAX_ENTRIES": 1000},
    }
}
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES["sessions"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        # A Redis that does not answer costs a signed-in request half a second, not a hang.
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }
    SESSION_CACHE_ALIAS = "sessions"
    # cached_db that keeps serving sessions from the database while Redis is down.
    SESSION_ENGINE = "accounts.session_store"
else:
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "accounts.passwords.NotOnlyWhitespaceValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env_str("DJANGO_STATIC_ROOT") or BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# No inline script or style anywhere: every script and stylesheet is a static file.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        # Recordings play from the server and, before upload, from the browser's own blob.
        "media-src": [SELF, "blob:"],
        "form-action": [SELF],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "object-src": [NONE],
    }
}

# Spoken answers (practice/spoken_answers). Recordings go through Django's storage: by default
# files under MEDIA_ROOT, which is private (never under static/, never served by URL: a view
# checks the owner). Web and worker processes on several machines need a shared storage
# (a network file system mounted at MEDIA_ROOT, or an object store's storage backend).
MEDIA_ROOT = env_str("DJANGO_MEDIA_ROOT") or BASE_DIR / "media"
# The job queue: Django 6's tasks through its backport, jobs in the database, run by
# `manage.py transcription_worker` (one or more processes, on any machine with the database).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# The speech model: "tiny.en" ships with the app (requirements/whisper-models.txt); any other
# CTranslate2 Whisper model (base.en, base) is a directory of the operator's: WHISPER_MODEL_DIR.
WHISPER_MODEL = env_str("WHISPER_MODEL", "tiny.en")
WHISPER_MODEL_DIR = env_str("WHISPER_MODEL_DIR")
# CPU threads per worker: 1 leaves the other cores to web requests.
WHISPER_THREADS = env_int("WHISPER_THREADS", 1)
SPOKEN_ANSWER_MAX_SECONDS = 5 * 60
SPOKEN_ANSWER_MAX_BYTES = 10 * 1024 * 1024
# A transcription claimed longer ago than this belonged to a worker that died: it is queued again.
SPOKEN_ANSWER_STALE_SECONDS = env_int("SPOKEN_ANSWER_STALE_SECONDS", 600)

# Pages hand the token to htmx in `hx-headers`; no script needs to read the cookie.
CSRF_COOKIE_HTTPONLY = True

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "practice:home"
LOGOUT_REDIRECT_URL = None  # show registration/logged_out.html

# Sign-in throttling: 5 failures for a username from one address lock it for a while.
AXES_FAILURE_LIMIT = 5
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# Usernames are one name in any case: `Priya` and `priya` share one count of failures.
AXES_USERNAME_CALLABLE = "accounts.usernames.lockout_username"
AXES_COOLOFF_TIME = timedelta(minutes=env_int("DJANGO_LOGIN_COOLOFF_MINUTES", 15))
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_DISABLE_ACCESS_LOG = True  # keep failures only; successful sign-ins are not logged
AXES_VERBOSE = False
# The address that gets locked: REMOTE_ADDR unless proxies are trusted (production).
AXES_CLIENT_IP_CALLABLE = "accounts.client_ip.client_ip_address"
TRUSTED_PROXY_COUNT = 0

# Where people reach the app: links in emails sent without a request (reminders) start here.
SITE_URL = env_str("DJANGO_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

DEFAULT_FROM_EMAIL = env_str("DJANGO_DEFAULT_FROM_EMAIL", "Interview Prep <noreply@localhost>")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "INFO")},
    # django-axes logs every sign-in at INFO; failures and lockouts are warnings.
    "loggers": {"axes": {"level": "WARNING"}},
}
