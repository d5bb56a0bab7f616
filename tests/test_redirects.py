"""`next`: only a local path is followed, and it reaches `Location` / `HX-Redirect`
percent-encoded; anything else falls back to the page's default."""

import pytest
from django.contrib.auth import get_user_model
from django.test import RequestFactory
from django.urls import reverse

from common.redirects import safe_next
from practice.models import ConfidenceRating
from tests.factories import QuestionFactory

PASSWORD = "correct horse battery staple"
HTMX = {"HX-Request": "true"}


@pytest.fixture
def question(db):
    return QuestionFactory(section__guide__slug="ml", number=1)


def rate(client, question, next_url, **extra):
    url = reverse("practice:rate", args=[question.pk])
    return client.post(url, {"confidence": "3", "next": next_url}, **extra)


@pytest.mark.parametrize(
    "next_url",
    [
        "x",
        "practice:review",
        "//evil.example/",
        "/\\evil.example/",
        "https://evil.example/",
        "http://testserver/review/",
        "javascript:alert(1)",
        "/review/?a=\nb",
        "/review/?a=\rb",
        "/review/?a=\x00",
        "",
    ],
)
def test_it_uses_the_default_for_anything_but_a_local_path(next_url):
    request = RequestFactory().post("/", {"next": next_url})

    assert safe_next(request, "/default/") == "/default/"


def test_it_percent_encodes_a_local_path_with_non_ascii_characters():
    request = RequestFactory().get("/", {"next": "/review/?q=ф&x=a b"})

    assert safe_next(request, "/default/") == "/review/?q=%D1%84&x=a%20b"


def test_it_sends_a_signed_in_visitor_of_sign_up_home_when_next_is_a_view_name(client, owner):
    client.force_login(owner)

    response = client.get(reverse("accounts:signup"), {"next": "x"})

    assert (response.status_code, response["Location"]) == (302, "/")


def test_it_signs_up_and_signs_in_when_next_is_a_view_name(client, db):
    response = client.post(
        reverse("accounts:signup"),
        {"username": "ada", "password1": PASSWORD, "password2": PASSWORD, "next": "x"},
    )

    assert (response.status_code, response["Location"]) == (302, "/")
    assert get_user_model().objects.filter(username="ada").exists()
    assert "ada" in client.get("/").content.decode()


def test_it_saves_a_rating_once_and_returns_to_the_question_when_next_is_a_view_name(
    client, owner, question
):
    client.force_login(owner)

    response = rate(client, question, "x")

    assert (response.status_code, response["Location"]) == (302, question.get_revealed_url())
    assert ConfidenceRating.objects.filter(user=owner).count() == 1


def test_it_redirects_a_rating_to_the_percent_encoded_review_path(client, owner, question):
    client.force_login(owner)

    response = rate(client, question, "/review/?q=ф")

    assert response["Location"] == "/review/?q=%D1%84"


def test_it_sends_htmx_on_to_the_percent_encoded_review_path(client, owner, question):
    client.force_login(owner)

    response = rate(client, question, "/review/?q=ф", headers=HTMX)

    assert response.status_code == 200
    assert response["HX-Redirect"] == "/review/?q=%D1%84"


@pytest.mark.parametrize("next_url", ["/review/?a=\nb", "/review/?a=\x00"])
def test_it_answers_htmx_with_the_rated_fragment_when_next_holds_control_characters(
    client, owner, question, next_url
):
    client.force_login(owner)

    response = rate(client, question, next_url, headers=HTMX)

    assert response.status_code == 200
    assert "HX-Redirect" not in response
    assert 'name="confidence"' in response.content.decode()
    assert ConfidenceRating.objects.filter(user=owner).count() == 1
