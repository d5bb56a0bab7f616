"""Signing out and changing the password end a session everywhere, with the session engine
of either setting: sessions in the database (no shared cache), or read from a shared cache
and written through to the database (`cached_db`, when REDIS_URL is set); and with Redis
down, signed-in pages go on working from the database."""

import logging

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from tests.accounts.test_accounts import PASSWORD

PROFILE = "/accounts/profile/"
LOCAL_MEMORY = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
# Sessions in a Redis that does not answer: nothing listens on port 1.
REDIS_DOWN = override_settings(
    SESSION_ENGINE="accounts.session_store",
    SESSION_CACHE_ALIAS="sessions",
    CACHES={
        "default": LOCAL_MEMORY,
        "sessions": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        },
    },
)

ENGINES = {
    "db": override_settings(SESSION_ENGINE="django.contrib.sessions.backends.db"),
    "cached_db": override_settings(
        SESSION_ENGINE="accounts.session_store",
        CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}},
    ),
}


@pytest.fixture(params=ENGINES)
def session_engine(request):
    with ENGINES[request.param]:
        yield request.param


def signed_in_client(username) -> Client:
    client = Client()
    response = client.post(reverse("accounts:login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def same_cookie(client) -> Client:
    """Another client sending the same session cookie (a copied cookie, another worker)."""
    copy = Client()
    copy.cookies = client.cookies.__class__(client.cookies)
    return copy


def test_a_signed_out_session_cookie_no_longer_signs_in(session_engine, owner):
    client = signed_in_client("owner")
    copy = same_cookie(client)
    assert copy.get(PROFILE).status_code == 200

    client.post(reverse("accounts:logout"))

    response = copy.get(PROFILE)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_changing_the_password_signs_out_the_other_devices(session_engine, owner):
    laptop = signed_in_client("owner")
    phone = signed_in_client("owner")

    laptop.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "a new long passphrase",
            "new_password2": "a new long passphrase",
        },
    )

    assert laptop.get(PROFILE).status_code == 200
    assert phone.get(PROFILE).status_code == 302


def test_a_rating_needs_a_live_session(session_engine, owner, question_to_rate):
    client = signed_in_client("owner")
    copy = same_cookie(client)
    client.post(reverse("accounts:logout"))

    response = copy.post(reverse("practice:rate", args=[question_to_rate.pk]), {"confidence": 4})

    assert response.status_code == 302
    assert not owner.confidence_ratings.exists()


@pytest.fixture
def question_to_rate(db):
    from tests.factories import QuestionFactory

    return QuestionFactory(section__guide__slug="ml")


@pytest.fixture
def redis_down(caplog):
    caplog.set_level(logging.CRITICAL, logger="accounts.session_store")
    with REDIS_DOWN:
        yield


def test_with_redis_down_a_person_signs_in_and_their_pages_work(redis_down, owner):
    client = signed_in_client("owner")

    assert client.get(PROFILE).status_code == 200
    # Another worker, reading the same session from the database.
    assert same_cookie(client).get(PROFILE).status_code == 200


def test_with_redis_down_a_rating_is_saved(redis_down, owner, question_to_rate):
    client = signed_in_client("owner")

    response = client.post(reverse("practice:rate", args=[question_to_rate.pk]), {"confidence": 4})

    assert response.status_code == 302
    assert owner.confidence_ratings.count() == 1


def test_with_redis_down_signing_out_ends_the_session(redis_down, owner):
    client = signed_in_client("owner")
    copy = same_cookie(client)

    assert client.post(reverse("accounts:logout")).status_code == 200

    assert copy.get(PROFILE).status_code == 302
