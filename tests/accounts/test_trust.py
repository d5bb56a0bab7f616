"""Defects from the "Trust" review: lockouts behind a proxy, password checks that count toward
the lockout, look-alike usernames, blank passwords, sign-up races and leftovers of deletion."""

import re
from datetime import timedelta

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.templatetags.accounts_tags import duration

PASSWORD = "correct horse battery staple"
User = get_user_model()


def sign_in(client, username, password=PASSWORD, **extra):
    return client.post(
        reverse("accounts:login"), {"username": username, "password": password}, **extra
    )


def reset_password_page(client, email):
    """Ask for a reset link and open it: the path of the "choose a new password" form."""
    client.post(reverse("accounts:password_reset"), {"email": email})
    link = re.search(r"http://testserver(/accounts/password/reset/\S+/)", mail.outbox[-1].body)
    return client.get(link.group(1), follow=True).redirect_chain[-1][0]


# Lockout


def lock_out(client, username="owner"):
    for _ in range(5):
        sign_in(client, username, "wrong")


def test_the_lockout_page_says_how_long_in_words(client, owner):
    lock_out(client)

    content = sign_in(client, "owner").content.decode()

    assert "paused for 15 minutes after 5 failed attempts" in content
    assert "PT15M" not in content


@pytest.mark.parametrize(
    ("minutes", "words"),
    [
        (1, "1 minute"),
        (15, "15 minutes"),
        (60, "1 hour"),
        (90, "1 hour 30 minutes"),
        (121, "2 hours 1 minute"),
        (0.5, "1 minute"),
    ],
)
def test_durations_are_written_for_people(minutes, words):
    assert duration(timedelta(minutes=minutes)) == words


def test_a_completed_password_reset_lifts_the_lockout_from_every_address(client, owner):
    elsewhere = Client(REMOTE_ADDR="10.0.0.2")
    lock_out(client)
    lock_out(elsewhere)
    assert sign_in(client, "owner").status_code == 429

    form_path = reset_password_page(client, "owner@example.com")
    new = {"new_password1": "a fresh long passphrase", "new_password2": "a fresh long passphrase"}
    assert client.post(form_path, new).status_code == 302

    assert sign_in(client, "owner", "a fresh long passphrase").status_code == 302
    assert sign_in(elsewhere, "owner", "a fresh long passphrase").status_code == 302


def test_asking_for_a_reset_link_alone_does_not_lift_the_lockout(client, owner):
    lock_out(client)

    reset_password_page(client, "owner@example.com")

    assert sign_in(client, "owner").status_code == 429


# Forms that ask for the current password

PASSWORD_FORMS = {
    "change password": (
        "accounts:password_change",
        lambda password: {
            "old_password": password,
            "new_password1": "a new long passphrase",
            "new_password2": "a new long passphrase",
        },
    ),
    "change email": (
        "accounts:profile",
        lambda password: {"email": "thief@example.com", "password": password},
    ),
    "delete account": ("accounts:delete", lambda password: {"password": password}),
}


def owner_is_unchanged(owner):
    owner.refresh_from_db()
    return owner.check_password(PASSWORD) and owner.email == "owner@example.com"


@pytest.mark.parametrize("name", PASSWORD_FORMS)
def test_wrong_current_passwords_lock_the_form_like_sign_in(client, owner, name):
    url_name, data = PASSWORD_FORMS[name]
    client.force_login(owner)
    for _ in range(4):
        assert client.post(reverse(url_name), data("wrong")).status_code == 400

    fifth = client.post(reverse(url_name), data("wrong"))
    attempt = AccessAttempt.objects.get(username="owner")
    right_password = client.post(reverse(url_name), data(PASSWORD))

    assert fifth.status_code == 429
    assert (attempt.ip_address, attempt.failures_since_start) == ("127.0.0.1", 5)
    assert right_password.status_code == 429
    assert "Too many failed sign-in attempts" in right_password.content.decode()
    assert owner_is_unchanged(owner)


def test_wrong_current_passwords_and_failed_sign_ins_add_up(client, owner):
    client.force_login(owner)
    for _ in range(3):
        client.post(reverse("accounts:delete"), {"password": "wrong"})
    client.logout()
    for _ in range(2):
        sign_in(client, "owner", "wrong")

    assert sign_in(client, "owner").status_code == 429


def test_changing_the_email_needs_the_current_password(client, owner):
    client.force_login(owner)

    response = client.post(reverse("accounts:profile"), {"email": "thief@example.com"})

    content = response.content.decode()
    assert response.status_code == 400
    assert "Your current password: This field is required." in content
    assert "<dd>owner@example.com</dd>" in content
    assert owner_is_unchanged(owner)
    assert mail.outbox == []


def test_a_wrong_password_keeps_the_email_and_says_why(client, owner):
    client.force_login(owner)

    response = client.post(
        reverse("accounts:profile"), {"email": "thief@example.com", "password": "wrong"}
    )

    content = response.content.decode()
    assert response.status_code == 400
    assert "That is not your password. Your email address was not changed." in content
    assert "<dd>owner@example.com</dd>" in content
    assert owner_is_unchanged(owner)


def test_changing_the_email_tells_the_old_address(client, owner):
    client.force_login(owner)

    response = client.post(
        reverse("accounts:profile"), {"email": "new@example.com", "password": PASSWORD}
    )

    assert response.status_code == 302
    owner.refresh_from_db()
    assert owner.email == "new@example.com"
    [notice] = mail.outbox
    assert notice.to == ["owner@example.com"]
    assert notice.subject == "Your Interview Prep email address was changed"
    assert "was changed" in notice.body
    assert "http://testserver/accounts/profile/" in notice.body


def test_removing_the_email_tells_the_old_address(client, owner):
    client.force_login(owner)

    client.post(reverse("accounts:profile"), {"email": "", "password": PASSWORD})

    [notice] = mail.outbox
    assert notice.to == ["owner@example.com"]
    assert "was removed" in notice.body


def test_keeping_the_same_email_sends_nothing(client, owner):
    client.force_login(owner)

    client.post(reverse("accounts:profile"), {"email": "owner@example.com", "password": PASSWORD})

    assert mail.outbox == []


def test_the_profile_asks_for_the_password_beside_the_email(client, owner):
    client.force_login(owner)

    content = client.get(reverse("accounts:profile")).content.decode()

    assert '<label for="id_password">Your current password</label>' in content
    assert 'autocomplete="current-password"' in content


# Passwords

BLANK_PASSWORDS = [" " * 8, "\u3000" * 8, " \t \t \t \t"]


@pytest.mark.parametrize("blank", BLANK_PASSWORDS)
def test_sign_up_refuses_a_password_of_only_spaces(client, db, blank):
    response = client.post(
        reverse("accounts:signup"), {"username": "ada", "password1": blank, "password2": blank}
    )

    assert response.status_code == 400
    assert "This password is only spaces." in response.content.decode()
    assert not User.objects.filter(username="ada").exists()


@pytest.mark.parametrize("blank", BLANK_PASSWORDS)
def test_password_change_refuses_a_password_of_only_spaces(client, owner, blank):
    client.force_login(owner)

    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": blank, "new_password2": blank},
    )

    assert response.status_code == 400
    assert "This password is only spaces." in response.content.decode()
    owner.refresh_from_db()
    assert owner.check_password(PASSWORD)


def test_password_reset_refuses_a_password_of_only_spaces(client, owner):
    form_path = reset_password_page(client, "owner@example.com")

    blank = "\u3000" * 8
    response = client.post(form_path, {"new_password1": blank, "new_password2": blank})

    assert response.status_code == 400
    assert "This password is only spaces." in response.content.decode()
    owner.refresh_from_db()
    assert owner.check_password(PASSWORD)


def test_the_sign_up_form_says_a_password_cannot_be_only_spaces(client, db):
    assert (
        "Your password can’t be only spaces."
        in client.get(reverse("accounts:signup")).content.decode()
    )


# CSRF


def test_the_csrf_cookie_is_out_of_reach_of_scripts(client, db):
    response = client.get(reverse("accounts:signup"))

    assert response.cookies["csrftoken"]["httponly"] is True


# Deletion


def test_deleting_the_account_removes_lockout_records_in_any_case(client, owner):
    for typed in ("OWNER", "Owner"):
        sign_in(Client(), typed, "wrong")
    AccessLog.objects.create(username="oWnEr", ip_address="10.0.0.9", user_agent="x")
    client.force_login(owner)

    client.post(reverse("accounts:delete"), {"password": PASSWORD})

    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        assert not model.objects.filter(username__iexact="owner").exists(), model.__name__


# Sign-up


def sign_up(client, username, **extra):
    return client.post(
        reverse("accounts:signup"),
        {"username": username, "password1": PASSWORD, "password2": PASSWORD},
        **extra,
    )


@pytest.mark.parametrize("lookalike", ["аlice", "aliсe", "alıce"])
def test_sign_up_refuses_letters_from_other_alphabets(client, db, lookalike):
    response = sign_up(client, lookalike)

    assert response.status_code == 400
    assert "Use only letters a to z" in response.content.decode()
    assert not User.objects.filter(username=lookalike).exists()


@pytest.mark.parametrize("lookalike", ["Alice", "ALICE", "a1ice", "aIice", "AL1CE", "ailce"])
def test_sign_up_refuses_a_username_that_looks_like_a_taken_one(client, db, lookalike):
    User.objects.create_user("alice", password=PASSWORD)

    response = sign_up(client, lookalike)

    assert response.status_code == 400
    assert User.objects.count() == 1


@pytest.mark.parametrize(
    ("taken", "lookalike"),
    [("m0rn", "morn"), ("morn", "mom"), ("wim", "vvirn"), ("bo.b", "b0.b")],
)
def test_lookalikes_are_found_whichever_spelling_came_first(client, db, taken, lookalike):
    User.objects.create_user(taken, password=PASSWORD)

    response = sign_up(client, lookalike)

    assert "looks too much like one already taken" in response.content.decode()
    assert not User.objects.filter(username=lookalike).exists()


def test_sign_up_accepts_a_name_that_only_shares_letters_with_a_taken_one(client, db):
    User.objects.create_user("alice", password=PASSWORD)

    assert sign_up(client, "alicia").status_code == 302
    assert sign_up(Client(), "bob.alice").status_code == 302


def test_the_sign_up_form_explains_the_username_rule(client, db):
    content = client.get(reverse("accounts:signup")).content.decode()

    assert "letters a to z (small or capital), digits and @ . + - _" in content
    assert "You sign in with it in any case; it is shown as you type it." in content
    assert "capitals count as small letters, 0 as o, 1 or I as l" in content


def test_losing_a_sign_up_race_for_a_username_says_it_is_taken(client, db, monkeypatch):
    from accounts.forms import SignUpForm

    is_valid = SignUpForm.is_valid

    def taken_right_after_the_check(form):
        valid = is_valid(form)
        User.objects.create_user(form.cleaned_data["username"], password="someone else's")
        return valid

    monkeypatch.setattr(SignUpForm, "is_valid", taken_right_after_the_check)

    response = sign_up(client, "ada")

    assert response.status_code == 400
    assert "A user with that username already exists." in response.content.decode()
    assert User.objects.filter(username="ada").count() == 1
    assert "_auth_user_id" not in client.session
