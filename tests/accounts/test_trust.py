"""Defects from the "Trust" review: lockouts behind a proxy, password checks that count toward
the lockout, look-alike usernames, blank passwords, sign-up races and leftovers of deletion."""

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

PASSWORD = "correct horse battery staple"
User = get_user_model()


def sign_in(client, username, password=PASSWORD, **extra):
    return client.post(
        reverse("accounts:login"), {"username": username, "password": password}, **extra
    )


# Deletion


def test_deleting_the_account_removes_lockout_records_in_any_case(client, owner):
    for typed in ("OWNER", "Owner"):
        sign_in(Client(), typed, "wrong")
    AccessLog.objects.create(username="oWnEr", ip_address="10.0.0.9", user_agent="x")
    client.force_login(owner)

    client.post(reverse("accounts:delete"), {"password": PASSWORD})

    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        assert not model.objects.filter(username__iexact="owner").exists(), model.__name__
