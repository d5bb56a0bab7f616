"""What operators and browsers rely on: health check, security headers, static files."""

import re
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import OperationalError
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
