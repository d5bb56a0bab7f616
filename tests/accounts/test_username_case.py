"""Usernames are one name in any case: sign-up, sign-in, the lockout and password reset all
treat `Priya` and `priya` alike, and the name is shown as it was written at sign-up."""

import re

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory

PASSWORD = "correct horse battery staple"


@pytest.fixture
def priya(db):
    return UserFactory(username="Priya", email="priya@example.com")


def sign_in(client, username, password=PASSWORD):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def sign_up(client, username):
    return client.post(
        reverse("accounts:signup"),
        {"username": username, "password1": PASSWORD, "password2": PASSWORD},
    )


@pytest.mark.parametrize("typed", ["priya", "PRIYA", "Priya"])
def test_signing_in_works_in_any_case(client, priya, typed):
    response = sign_in(client, typed)

    assert response.status_code == 302
    assert client.get(reverse("accounts:profile")).context["user"] == priya


def test_the_name_is_shown_as_written_at_sign_up(client, priya):
    sign_in(client, "priya")

    assert "Priya" in client.get(reverse("accounts:profile")).content.decode()


def test_sign_up_refuses_a_name_taken_in_another_case(client, priya):
    response = sign_up(client, "pRIYA")

    assert response.status_code == 400
    assert "already exists" in response.content.decode()


def test_sign_up_refuses_a_capitalised_name_when_the_small_one_is_taken(client, db):
    UserFactory(username="sam")

    response = sign_up(client, "Sam")

    assert response.status_code == 400


def test_the_look_alike_check_ignores_case(client, priya):
    response = sign_up(client, "PRlYA")  # a small L for the I

    assert response.status_code == 400
    assert "looks too much like one already taken" in response.content.decode()


def test_failed_sign_ins_in_any_case_count_toward_one_lockout(client, priya):
    for typed in ["PRIYA", "priya", "Priya", "pRiYa", "PRIYA"]:
        sign_in(client, typed, "wrong")

    assert sign_in(client, "priya").status_code == 429
    assert set(AccessAttempt.objects.values_list("username", flat=True)) == {"priya"}


def test_a_password_reset_lifts_the_lockout_in_any_case(client, priya):
    for _ in range(5):
        sign_in(client, "PRIYA", "wrong")
    client.post(reverse("accounts:password_reset"), {"email": "priya@example.com"})
    link = re.search(r"/accounts/password/reset/\S+/", mail.outbox[0].body)[0]
    resetter = Client()
    form = resetter.get(link, follow=True)
    new = "a brand new passphrase"
    resetter.post(form.request["PATH_INFO"], {"new_password1": new, "new_password2": new})

    assert sign_in(Client(), "priya", new).status_code == 302
