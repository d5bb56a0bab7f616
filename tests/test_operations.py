"""What operators and browsers rely on: health check, security headers, static files."""

import logging
import re
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import OperationalError, close_old_connections, connection
from django.templatetags.static import static
from django.test import Client, override_settings

from tests.factories import QuestionFactory


def test_health_check_answers_200_when_the_database_is_reachable(client, db):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert "no-cache" in response["Cache-Control"]


def test_health_check_answers_503_when_the_database_is_not(client, db):
    with mock.patch("config.health.connection.cursor", side_effect=OperationalError("down")):
        response = client.get("/healthz")

    assert response.status_code == 503
    assert b"database unavailable" in response.content


def test_health_check_names_the_session_cache_when_redis_is_down(client, db, caplog):
    from tests.accounts.test_sessions import REDIS_DOWN

    caplog.set_level(logging.CRITICAL, logger="config.health")
    with REDIS_DOWN:
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.content == b"cache (redis) unavailable\n"


def test_health_check_names_every_dependency_that_is_down(client, db, caplog):
    from tests.accounts.test_sessions import REDIS_DOWN

    caplog.set_level(logging.CRITICAL, logger="config.health")
    down = mock.patch("config.health.connection.cursor", side_effect=OperationalError("down"))
    with REDIS_DOWN, down:
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.content == b"database unavailable\ncache (redis) unavailable\n"


def test_health_check_answers_200_when_the_session_cache_answers(client, db):
    local = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    with override_settings(
        SESSION_ENGINE="accounts.session_store",
        SESSION_CACHE_ALIAS="sessions",
        CACHES={"default": local, "sessions": local},
    ):
        response = client.get("/healthz")

    assert response.status_code == 200


@pytest.mark.parametrize("path", ["/", "/search/?q=bias", "/accounts/login/"])
def test_pages_carry_a_strict_content_security_policy(client, db, path):
    response = client.get(path)

    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy


def test_pages_have_no_inline_script_or_style(client, owner, db):
    question = QuestionFactory(section__guide__slug="ml")
    client.force_login(owner)

    for path in ("/", "/guides/ml/", question.get_revealed_url(), "/review/", "/mock/"):
        content = client.get(path).content.decode()
        assert not re.search(r"<script(?![^>]*\bsrc=)", content), path
        assert "<style" not in content, path
        assert " style=" not in content, path


def test_static_files_are_compressed_and_cached_far_into_the_future(tmp_path, settings):
    settings.STATIC_ROOT = tmp_path
    storage = "whitenoise.storage.CompressedManifestStaticFilesStorage"
    with override_settings(
        STORAGES=settings.STORAGES | {"staticfiles": {"BACKEND": storage}},
        WHITENOISE_USE_FINDERS=False,
        WHITENOISE_AUTOREFRESH=False,
        DEBUG=False,
    ):
        call_command("collectstatic", interactive=False, verbosity=0)
        url = static("css/app.css")
        response = Client().get(url, headers={"Accept-Encoding": "gzip, br"})

    assert re.search(r"/static/css/app\.[0-9a-f]{12}\.css$", url)
    assert response.status_code == 200
    assert response["Content-Encoding"] in {"gzip", "br"}
    assert "max-age=315360000" in response["Cache-Control"]
    assert "immutable" in response["Cache-Control"]


def test_health_check_answers_head_like_get(client, db):
    response = client.head("/healthz")

    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db(transaction=True)
def test_a_connection_the_database_dropped_is_replaced_before_a_request_uses_it(
    client, monkeypatch
):
    """What a PostgreSQL restart leaves in each worker: a kept connection nobody answers on."""
    monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", 60)  # as in production
    connection.close()
    connection.ensure_connection()  # kept open after an earlier request
    stale = connection.connection
    stale.close()  # the server went away
    # SQLite cannot tell; PostgreSQL's check (SELECT 1) fails on such a connection.
    monkeypatch.setattr(connection, "is_usable", lambda: connection.connection is not stale)

    close_old_connections()  # what Django does as every request starts
    response = client.get("/healthz")

    assert response.status_code == 200
    assert connection.connection is not stale
