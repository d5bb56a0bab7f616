"""The header search: words in prompt, answer or pro tip, across guides."""

import pytest
from django.urls import reverse

from tests.factories import GuideFactory, QuestionFactory, SectionFactory


@pytest.fixture
def questions(db):
    ml = SectionFactory(guide=GuideFactory(title="ML", slug="ml"), number=1)
    web = SectionFactory(guide=GuideFactory(title="Web", slug="web"), number=1)
    return {
        "prompt": QuestionFactory(section=ml, number=1, prompt="What is dropout?"),
        "answer": QuestionFactory(
            section=ml, number=2, prompt="Why regularise?", answer="Dropout and L2 help."
        ),
        "pro_tip": QuestionFactory(
            section=web, number=1, prompt="What is a CDN?", pro_tip="Mention DROPOUT rates."
        ),
        "unrelated": QuestionFactory(section=web, number=2, prompt="What is TLS?"),
        "archived": QuestionFactory(
            section=web, number=3, prompt="Old dropout question", archived=True
        ),
    }


def search(client, q):
    return client.get(reverse("guide:search"), {"q": q})


def test_finds_words_in_prompt_answer_and_pro_tip_across_guides(client, questions):
    content = search(client, "dropout").content.decode()

    for key in ("prompt", "answer", "pro_tip"):
        assert questions[key].prompt in content
        assert f'href="{questions[key].get_absolute_url()}"' in content
    assert "What is TLS?" not in content
    assert "3 questions matching “dropout”" in content


def test_archived_questions_are_not_found(client, questions):
    assert "Old dropout question" not in search(client, "dropout").content.decode()


def test_every_word_must_match(client, questions):
    content = search(client, "dropout L2").content.decode()

    assert "Why regularise?" in content
    assert "What is dropout?" not in content


def test_no_match_says_so(client, questions):
    response = search(client, "kubernetes")

    assert response.status_code == 200
    assert "0 questions matching “kubernetes”" in response.content.decode()
    assert "Nothing matched" in response.content.decode()


def test_empty_query_shows_the_form_only(client, questions):
    response = search(client, "  ")

    assert response.status_code == 200
    assert "matching" not in response.content.decode()


def test_overlong_query_is_refused_with_a_message(client, questions):
    response = search(client, "x" * 100_000)

    assert response.status_code == 400
    assert "Search for 200 characters or fewer" in response.content.decode()
