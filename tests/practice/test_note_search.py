"""Search finds a person's own "My answer" notes for them alone, by any spelling of a word."""

import pytest
from django.urls import reverse

from practice.services import save_answer_note
from tests.factories import QuestionFactory


@pytest.fixture
def question(db):
    return QuestionFactory(prompt="Tell me about a conflict in your team.", answer="Listen first.")


def search(client, query):
    return client.get(reverse("practice:search"), {"q": query}).content.decode()


def test_the_owner_finds_their_note_with_the_words_marked(client, owner, question):
    save_answer_note(user=owner, question=question, text="My **STAR** story: the sprint review.")
    client.force_login(owner)

    page = search(client, "sprint")

    assert "Your notes: 1 match" in page
    assert "<mark>sprint</mark> review" in page
    assert f"#my-answer-{question.pk}" in page


def test_nobody_else_finds_the_note(client, owner, other_user, question):
    save_answer_note(user=owner, question=question, text="The sprint review story.")
    client.force_login(other_user)

    assert "Your notes" not in search(client, "sprint")
    client.logout()
    assert "Your notes" not in search(client, "sprint")


def test_british_and_american_spellings_and_endings_find_a_note(client, owner, question):
    save_answer_note(user=owner, question=question, text="Their behaviour changed after training.")
    client.force_login(owner)

    assert "<mark>behaviour</mark>" in search(client, "behavior")
    assert "<mark>training</mark>" in search(client, "train")


def test_star_does_not_find_start(client, owner, question):
    save_answer_note(user=owner, question=question, text="Start with the result.")
    client.force_login(owner)

    assert "Your notes" not in search(client, "STAR")


def test_a_note_is_quoted_as_text(client, owner, question):
    save_answer_note(user=owner, question=question, text="<script>alert(1)</script> sprint")
    client.force_login(owner)

    page = search(client, "sprint")

    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; <mark>sprint</mark>" in page


def test_the_owner_finds_their_note_by_meaning_and_is_told_so(client, owner, question):
    save_answer_note(
        user=owner, question=question, text="We disagreed about the deadline; I listened first."
    )
    client.force_login(owner)

    page = search(client, "conflict with a colleague over a deadline")

    notes = page.split('id="notes-title"')[1]
    assert "Your notes: 1 match" in page
    assert "Matched: similar meaning" in notes


def test_nobody_else_finds_the_note_by_meaning(client, owner, other_user, question):
    save_answer_note(
        user=owner, question=question, text="We disagreed about the deadline; I listened first."
    )
    client.force_login(other_user)

    assert "Your notes" not in search(client, "conflict with a colleague over a deadline")
