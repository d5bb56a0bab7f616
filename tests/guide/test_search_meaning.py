"""Search by meaning: the database's full-text search and nearest neighbours by sentence
embedding, merged; each result says why it matched; when no result holds every word, the
closest ones under a line that says so. On SQLite and PostgreSQL alike."""

import re

import pytest
from django.urls import reverse

from guide.models import Guide, SearchDocument
from tests.factories import QuestionFactory


def results(client, q) -> list[tuple[str, str]]:
    """(question number or tip title, why) of each result, in order."""
    response = client.get(reverse("practice:search"), {"q": q})
    assert response.status_code == 200
    items = re.findall(r'<li class="result">(.*?)</li>', response.content.decode(), re.S)
    found = []
    for item in items:
        number = re.search(r'<span class="question-number">Q(\d+)\.</span>', item)
        why = re.search(r'<p class="result-why">Matched: (.*?)</p>', item).group(1)
        found.append((f"Q{number.group(1)}" if number else "tip", why))
    return found


def numbers(found, top=None):
    return [number for number, _why in found][:top]


def test_imbalanced_finds_class_imbalance(client, seed_guide):
    assert "Q4" in numbers(results(client, "imbalanced"), top=3)


def test_neural_network_vanishing_finds_the_vanishing_gradient_question(client, seed_guide):
    assert numbers(results(client, "neural network vanishing"))[0] == "Q5"


def test_a_typo_finds_the_transformer_questions_as_closest(client, seed_guide):
    response = client.get(reverse("practice:search"), {"q": "tranformer"})

    assert "No result holds every word of “tranformer”" in response.content.decode()
    assert set(numbers(results(client, "tranformer"), top=2)) == {"Q6", "Q8"}


def test_a_question_in_plain_words_finds_dropout_and_regularisation(client, seed_guide):
    found = results(client, "how to stop a model memorising training data")

    assert "Q7" in numbers(found, top=8)
    assert dict(found)["Q7"] == "some of the words and similar meaning"
    assert "Q15" in numbers(found)


def test_each_result_says_why_it_matched(client, seed_guide):
    found = dict(results(client, "imbalanced"))

    assert found["Q4"] == "similar meaning"
    assert found["Q13"] == "the words and similar meaning"
    assert found["Q3"] == "the words"


def test_a_query_whose_words_all_match_has_no_closest_line(client, seed_guide):
    response = client.get(reverse("practice:search"), {"q": "dropout"})

    assert "No result holds every word" not in response.content.decode()


def test_nonsense_finds_nothing_by_meaning(client, seed_guide):
    assert results(client, "zzqx") == []


def test_search_documents_store_their_embeddings(seed_guide):
    documents = SearchDocument.objects.filter(guide=seed_guide)

    assert documents.count() == 15 + seed_guide.tips.count()
    assert all(len(bytes(d.embeddings)) == 2 * 256 * 2 for d in documents)


def test_an_edit_moves_a_question_by_meaning(client, owner):
    question = QuestionFactory(
        section__guide__owner=owner, prompt="Which animal is this?", answer="An okapi."
    )
    client.force_login(owner)
    before = numbers(results(client, "a striped horse from Africa"))
    question.prompt = "Why does a zebra have stripes?"
    question.render_html()
    question.save()
    Guide.content_changed(question.section.guide_id)

    assert before == []
    assert numbers(results(client, "a striped horse from Africa")) == [f"Q{question.number}"]


@pytest.mark.parametrize("query", ["dropout", "gradient"])
def test_another_persons_private_guide_is_not_found_by_meaning(client, owner, other_user, query):
    QuestionFactory(section__guide__owner=owner, prompt="Explain dropout and gradients.")
    client.force_login(other_user)

    assert results(client, query) == []


def test_documents_indexed_before_embeddings_existed_are_found_by_meaning(
    client, seed_guide, monkeypatch
):
    from guide import search_meaning

    # Several blocks of the index as it is read, the documents without vectors among them.
    monkeypatch.setattr(search_meaning, "BLOCK_DOCUMENTS", 4)
    without = SearchDocument.objects.filter(title__icontains="imbalance")
    assert without.update(embeddings=None) >= 1
    search_meaning.clear_cache()

    assert "Q4" in numbers(results(client, "imbalanced"), top=3)
    assert numbers(results(client, "neural network vanishing"))[0] == "Q5"
