"""“Check my answer” under a revealed question: hints for a typed answer, with htmx or as a
plain form POST, stored nowhere."""

from django.urls import reverse

from guide.models import Question
from practice.models import AnswerNote
from tests.factories import QuestionFactory

LEAK = "Fitting the scaler on the full dataset before the split leaks test data."


def check_url(question):
    return reverse("practice:check_answer", args=[question.pk])


def test_a_revealed_question_offers_the_check_my_answer_form(client, seed_guide):
    question = Question.objects.get(section__guide=seed_guide, number=9)

    page = client.get(question.get_revealed_url()).content.decode()

    assert "Check my answer" in page
    assert f'action="{check_url(question)}"' in page


def test_a_hidden_answer_has_no_check_form(client, seed_guide):
    question = Question.objects.get(section__guide=seed_guide, number=9)

    assert "Check my answer" not in client.get(question.get_absolute_url()).content.decode()


def test_htmx_gets_the_hints_as_a_fragment(client, seed_guide):
    question = Question.objects.get(section__guide=seed_guide, number=9)

    response = client.post(check_url(question), {"answer": LEAK}, headers={"HX-Request": "true"})

    content = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in content
    assert "Covered:</span>" in content
    assert "Train-test contamination" in content
    assert "Your words: “Fitting the scaler on the full dataset" in content
    assert "Not found:</span>" in content  # target leakage
    assert "HX-Request" in response["Vary"]


def test_without_javascript_the_form_posts_to_a_page_with_the_answer_kept(client, seed_guide):
    question = Question.objects.get(section__guide=seed_guide, number=9)

    response = client.post(check_url(question), {"answer": LEAK})

    content = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Check my answer</h1>" in content
    assert f">{LEAK}</textarea>" in content
    assert "Covered:</span>" in content


def test_nothing_typed_is_stored(client, owner, seed_guide):
    question = Question.objects.get(section__guide=seed_guide, number=9)
    client.force_login(owner)

    client.post(check_url(question), {"answer": LEAK})

    assert not AnswerNote.objects.exists()


def test_an_empty_answer_is_asked_for(client, seed_guide):
    question = Question.objects.get(section__guide=seed_guide, number=9)

    response = client.post(check_url(question), {"answer": ""}, headers={"HX-Request": "true"})

    assert response.status_code == 200
    assert "Type an answer to check." in response.content.decode()


def test_someone_elses_private_question_is_not_found(client, owner, other_user):
    question = QuestionFactory(section__guide__owner=owner)
    client.force_login(other_user)

    assert client.post(check_url(question), {"answer": "x"}).status_code == 404


def test_checking_needs_a_post(client, seed_guide):
    question = Question.objects.get(section__guide=seed_guide, number=9)

    assert client.get(check_url(question)).status_code == 405
