"""Production settings: refuse to start without secrets, and pass Django's deploy checks."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "DJANGO_SECRET_KEY": "test-only-Qm3v9Lx2pR7tZk4wYc8nBf1hJd6sGa0eUo5iVyT3kq8ZpXw",
    "DJANGO_ALLOWED_HOSTS": "prep.example.com",
    "DJANGO_SITE_URL": "https://prep.example.com",
}


def manage(*args, **env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT,
        env=clean | env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_a_secret_key():
    env = PRODUCTION | {"DJANGO_SECRET_KEY": ""}

    result = manage("check", **env)

    assert result.returncode != 0
    assert "Set the DJANGO_SECRET_KEY environment variable." in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    env = PRODUCTION | {"DJANGO_ALLOWED_HOSTS": ""}

    result = manage("check", **env)

    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS" in result.stderr


def test_deploy_checks_are_clean_in_production():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_development_needs_no_environment_variables():
    result = manage("check")

    assert result.returncode == 0, result.stderr


def test_links_in_emails_start_with_the_configured_site_url_in_production():
    show = "from django.conf import settings; print(settings.SITE_URL)"

    chosen = manage("shell", "-c", show, **PRODUCTION | {"DJANGO_SITE_URL": "https://x.org/"})

    assert chosen.stdout.strip().splitlines()[-1] == "https://x.org"


def test_production_refuses_to_start_without_a_site_url():
    result = manage("check", **PRODUCTION | {"DJANGO_SITE_URL": ""})

    assert result.returncode != 0
    assert "Set DJANGO_SITE_URL to the address people reach the site at" in result.stderr


@pytest.mark.parametrize("target", ["run", "serve"])
def test_make_gives_links_in_emails_the_address_it_serves_on(target):
    result = subprocess.run(
        ["make", "-n", target, "HOST=127.0.0.1", "PORT=8123"],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert 'DJANGO_SITE_URL="${DJANGO_SITE_URL:-http://127.0.0.1:8123}"' in result.stdout


def test_with_redis_sessions_are_read_from_the_shared_cache():
    show = (
        "from django.conf import settings;"
        "print(settings.CACHES[settings.SESSION_CACHE_ALIAS]['BACKEND'],"
        " settings.SESSION_ENGINE, settings.CACHES['default']['BACKEND'])"
    )

    with_redis = manage("shell", "-c", show, **PRODUCTION, REDIS_URL="redis://127.0.0.1:6379/9")
    without = manage("shell", "-c", show, **PRODUCTION, REDIS_URL="")

    locmem = "django.core.cache.backends.locmem.LocMemCache"
    assert with_redis.stdout.splitlines()[-1].split() == [
        "django.core.cache.backends.redis.RedisCache",
        "accounts.session_store",  # cached_db that works on while Redis is down
        locmem,  # renderings stay in each process: versioned keys, no round trip
    ]
    # A cache of each process's own would let a signed-out session live on in another worker.
    assert without.stdout.splitlines()[-1].split() == [
        locmem,
        "django.contrib.sessions.backends.db",
        locmem,
    ]


def test_sqlite_syncs_every_commit_to_disk(tmp_path):
    show = (
        "from django.db import connection; cursor = connection.cursor();"
        "print(cursor.execute('PRAGMA journal_mode').fetchone()[0],"
        " cursor.execute('PRAGMA synchronous').fetchone()[0])"
    )

    result = manage(
        "shell", "-c", show, **PRODUCTION, DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}"
    )

    # WAL with synchronous=FULL (2): a commit returns once the log is on disk.
    assert result.stdout.splitlines()[-1].split() == ["wal", "2"], result.stderr


def test_kept_database_connections_are_checked_before_each_request_reuses_them():
    show = (
        "from django.conf import settings; database = settings.DATABASES['default'];"
        "print(database['CONN_MAX_AGE'], database['CONN_HEALTH_CHECKS'])"
    )

    result = manage("shell", "-c", show, **PRODUCTION)

    # After a PostgreSQL restart, a worker's first request must not fail on a dead connection.
    assert result.stdout.splitlines()[-1].split() == ["60", "True"], result.stderr
