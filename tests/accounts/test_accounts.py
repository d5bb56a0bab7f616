"""Sign-up, sign-in (with lockout), sign-out, passwords, profile, data download, deletion."""

import csv
import io
import json
import re

import pytest
from axes.models import AccessAttempt
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse

from guide.models import Guide, Question
from practice.models import ConfidenceRating, QuestionProgress
from practice.rating import rate_question
from tests.factories import QuestionFactory

PASSWORD = "correct horse battery staple"
User = get_user_model()


@pytest.fixture
def question(db):
    return QuestionFactory(prompt="What is bias?", section__guide__slug="ml")


def sign_in(client, username, password=PASSWORD, **extra):
    return client.post(
        reverse("accounts:login"), {"username": username, "password": password}, **extra
    )


# Sign-up


def test_signing_up_creates_the_account_and_signs_in(client, db):
    response = client.post(
        reverse("accounts:signup"),
        {"username": "ada", "email": "", "password1": PASSWORD, "password2": PASSWORD},
    )

    assert response.status_code == 302
    assert User.objects.filter(username="ada", email="").exists()
    assert "ada" in client.get("/").content.decode()


def test_sign_up_returns_to_the_question_it_came_from(client, question):
    response = client.post(
        reverse("accounts:signup"),
        {"username": "ada", "password1": PASSWORD, "password2": PASSWORD, "next": "/guides/ml/"},
    )

    assert response["Location"] == "/guides/ml/"


def test_weak_passwords_are_refused_with_the_validators_messages(client, db):
    response = client.post(
        reverse("accounts:signup"), {"username": "ada", "password1": "123", "password2": "123"}
    )

    content = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in content
    assert "This password is too short." in content
    assert not User.objects.filter(username="ada").exists()


def described_by_ids_missing(content: str) -> list[str]:
    """Every id an aria-describedby names that no element of the page carries."""
    ids = set(re.findall(r'\bid="([^"]+)"', content))
    named = [
        name
        for value in re.findall(r'aria-describedby="([^"]*)"', content)
        for name in value.split()
    ]
    assert named
    return [name for name in named if name not in ids]


def test_every_hint_and_error_the_sign_up_fields_point_to_is_on_the_page(client, db):
    page = client.get(reverse("accounts:signup")).content.decode()
    refused = client.post(
        reverse("accounts:signup"),
        {"username": "ada", "password1": PASSWORD, "password2": "different", "time_zone": "x"},
    ).content.decode()

    assert described_by_ids_missing(page) == []
    assert described_by_ids_missing(refused) == []
    assert 'aria-describedby="id_password2_helptext id_password2_error"' in refused
    assert 'id="id_password2_error"' in refused


def test_a_taken_username_is_refused(client, owner):
    response = client.post(
        reverse("accounts:signup"),
        {"username": "owner", "password1": PASSWORD, "password2": PASSWORD},
    )

    assert "A user with that username already exists." in response.content.decode()
    assert User.objects.filter(username="owner").count() == 1


# Sign-in, lockout, sign-out


def test_signing_in_goes_back_to_next(client, owner):
    response = client.post(
        reverse("accounts:login"),
        {"username": "owner", "password": PASSWORD, "next": "/guides/ml/questions/1/"},
    )

    assert response.status_code == 302
    assert response["Location"] == "/guides/ml/questions/1/"


def test_a_wrong_password_shows_an_error(client, owner):
    response = sign_in(client, "owner", "wrong")

    assert response.status_code == 400
    assert "Please enter a correct username and password." in response.content.decode()


def test_five_failures_lock_the_username_even_for_the_right_password(client, owner):
    for _ in range(4):
        assert sign_in(client, "owner", "wrong").status_code == 400

    locked = sign_in(client, "owner", "wrong")
    right_password = sign_in(client, "owner", PASSWORD)

    assert locked.status_code == 429
    assert "Too many failed sign-in attempts" in locked.content.decode()
    assert right_password.status_code == 429
    assert "_auth_user_id" not in client.session


def test_lockout_is_per_address(owner):
    attacker = Client(REMOTE_ADDR="10.0.0.1")
    for _ in range(5):
        sign_in(attacker, "owner", "wrong")

    elsewhere = Client(REMOTE_ADDR="10.0.0.2")
    response = sign_in(elsewhere, "owner", PASSWORD)

    assert response.status_code == 302
    assert AccessAttempt.objects.filter(username="owner").exists()


def test_sign_out_is_a_post_form_in_the_header(client, owner):
    client.force_login(owner)

    content = client.get("/").content.decode()
    assert re.search(r'<form method="post" action="/accounts/logout/"', content)
    assert client.get(reverse("accounts:logout")).status_code == 405

    response = client.post(reverse("accounts:logout"))

    assert response.status_code == 200
    assert "You are signed out" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_header_links_for_visitors_and_members(client, owner):
    visitor = client.get("/").content.decode()
    assert "Sign in" in visitor
    assert "Sign up" in visitor
    assert "/review/" not in visitor

    client.force_login(owner)
    member = client.get("/").content.decode()
    for link in ('href="/review/"', 'href="/progress/"', 'href="/accounts/profile/"'):
        assert link in member
    assert "Sign out" in member


def test_sign_in_link_brings_the_visitor_back_to_the_page(client, question):
    content = client.get("/guides/ml/").content.decode()

    assert 'href="/accounts/login/?next=%2Fguides%2Fml%2F"' in content


# Passwords


def test_password_change(client, owner):
    client.force_login(owner)

    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "a new long passphrase",
            "new_password2": "a new long passphrase",
        },
    )

    assert response.status_code == 302
    owner.refresh_from_db()
    assert owner.check_password("a new long passphrase")


def test_password_reset_sends_a_link_that_works(client, owner):
    client.post(reverse("accounts:password_reset"), {"email": "owner@example.com"})

    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/accounts/password/reset/\S+/)", mail.outbox[0].body)
    assert link
    form_page = client.get(link.group(1), follow=True)
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "reset long passphrase", "new_password2": "reset long passphrase"},
    )
    assert response.status_code == 302
    owner.refresh_from_db()
    assert owner.check_password("reset long passphrase")


# Profile and data


def test_profile_needs_sign_in(client, db):
    response = client.get(reverse("accounts:profile"))

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_profile_shows_only_the_signed_in_users_numbers(client, owner, other_user, question):
    rate_question(user=owner, question=question, confidence=3)
    rate_question(user=owner, question=question, confidence=4)
    client.force_login(other_user)

    content = client.get(reverse("accounts:profile")).content.decode()

    assert "<h1>other</h1>" in content
    assert "<dt>Ratings given</dt><dd>0</dd>" in content


def test_data_download_as_json_holds_every_rating(client, owner, other_user, question):
    rate_question(user=owner, question=question, confidence=2, seconds_spent=30)
    rate_question(user=owner, question=question, confidence=4)
    rate_question(user=other_user, question=question, confidence=1)
    client.force_login(owner)

    response = client.get(reverse("accounts:export_json"))

    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.getvalue())
    assert data["user"]["username"] == "owner"
    assert [r["confidence"] for r in data["ratings"]] == [2, 4]
    assert data["ratings"][0]["seconds_spent"] == 30
    assert data["ratings"][0]["question"] == "What is bias?"
    assert len(data["current_confidence"]) == 1
    assert data["current_confidence"][0]["confidence"] == 4


def test_data_download_as_csv_has_a_row_per_rating(client, owner, other_user, question):
    rate_question(user=owner, question=question, confidence=5)
    rate_question(user=other_user, question=question, confidence=1)
    client.force_login(owner)

    response = client.get(reverse("accounts:export_csv"))

    rows = list(csv.DictReader(io.StringIO(response.getvalue().decode())))
    assert response["Content-Type"].startswith("text/csv")
    assert [row["confidence"] for row in rows] == ["5"]
    assert rows[0]["guide"] == "ml"


def test_data_download_as_csv_writes_no_cell_a_spreadsheet_reads_as_a_formula(
    client, owner, question
):
    question.prompt = '=HYPERLINK("https://evil.example","Click")'
    question.save()
    rate_question(user=owner, question=question, confidence=3)
    client.force_login(owner)

    response = client.get(reverse("accounts:export_csv"))

    rows = list(csv.DictReader(io.StringIO(response.getvalue().decode())))
    assert rows[0]["question"] == '\'=HYPERLINK("https://evil.example","Click")'
    assert rows[0]["confidence"] == "3"


def test_data_download_needs_sign_in(client, db):
    for name in ("accounts:export_json", "accounts:export_csv"):
        assert client.get(reverse(name)).status_code == 302


# Deletion


def test_deleting_needs_the_right_password_and_changes_nothing_otherwise(client, owner, question):
    rate_question(user=owner, question=question, confidence=3)
    client.force_login(owner)

    response = client.post(reverse("accounts:delete"), {"password": "wrong"})

    assert response.status_code == 400
    assert "That is not your password. Nothing was deleted." in response.content.decode()
    assert User.objects.filter(pk=owner.pk).exists()
    assert ConfidenceRating.objects.filter(user=owner).count() == 1


def test_deleting_the_account_leaves_nothing_of_the_user(client, owner, other_user, question):
    rate_question(user=owner, question=question, confidence=3)
    rate_question(user=other_user, question=question, confidence=2)
    sign_in(Client(), "owner", "wrong")
    client.force_login(owner)

    response = client.post(reverse("accounts:delete"), {"password": PASSWORD}, follow=True)

    assert (
        "Your account and all your practice data have been deleted." in response.content.decode()
    )
    assert not User.objects.filter(username="owner").exists()
    assert not AccessAttempt.objects.filter(username="owner").exists()
    for model in apps.get_app_config("practice").get_models():
        if any(field.name == "user" for field in model._meta.fields):
            assert not model.objects.filter(user_id=owner.pk).exists(), model.__name__
    assert ConfidenceRating.objects.filter(user=other_user).count() == 1
    assert QuestionProgress.objects.filter(user=other_user).count() == 1
    assert "_auth_user_id" not in client.session


def test_profile_lets_the_user_add_an_email_for_password_resets(client, db):
    user = User.objects.create_user("noemail", password=PASSWORD)
    client.force_login(user)

    response = client.post(
        reverse("accounts:profile"), {"email": "me@example.com", "password": PASSWORD}
    )

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.email == "me@example.com"


def test_profile_refuses_an_invalid_email_and_keeps_the_old_one(client, owner):
    client.force_login(owner)

    response = client.post(reverse("accounts:profile"), {"email": "not an email"})

    assert response.status_code == 400
    assert "Email address: Enter a valid email address." in response.content.decode()
    owner.refresh_from_db()
    assert owner.email == "owner@example.com"


def test_the_error_summary_names_each_field(client, db):
    content = client.post(reverse("accounts:signup"), {}).content.decode()

    assert "Username: This field is required." in content
    assert "Password: This field is required." in content


def test_deleting_the_account_deletes_the_guides_the_person_wrote(client, owner, other_user):
    QuestionFactory(section__guide__owner=owner)
    theirs = QuestionFactory(section__guide__owner=other_user)
    client.force_login(owner)

    client.post(reverse("accounts:delete"), {"password": PASSWORD})

    assert list(Guide.objects.values_list("owner", flat=True)) == [other_user.pk]
    assert list(Question.objects.all()) == [theirs]
