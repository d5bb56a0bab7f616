"""The review page: what is due (most overdue first), new questions, and the walk through."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from practice.models import QuestionProgress
from practice.rating import rate_question
from practice.scheduling import humanize_interval
from tests.factories import QuestionFactory, SectionFactory

REVIEW = "/review/"


@pytest.fixture
def questions(db):
    section = SectionFactory(guide__slug="ml", number=1)
    return [
        QuestionFactory(section=section, number=n, prompt=f"Question number {n}?")
        for n in range(1, 5)
    ]


def rate_days_ago(user, question, confidence, days):
    return rate_question(
        user=user,
        question=question,
        confidence=confidence,
        at=timezone.now() - timedelta(days=days),
    )


def test_review_needs_sign_in(client, questions):
    response = client.get(REVIEW)

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/review/"


def test_a_new_user_starts_with_the_first_new_question(client, owner, questions):
    client.force_login(owner)

    content = client.get(REVIEW).content.decode()

    assert "<strong>0</strong> questions due now" in content
    assert "<strong>4</strong> new questions not yet rated" in content
    assert "New question" in content
    assert "Question number 1?" in content
    assert "Nothing is due." in content


def test_due_questions_come_most_overdue_first(client, owner, questions):
    rate_days_ago(owner, questions[2], 1, days=3)
    rate_days_ago(owner, questions[1], 1, days=9)
    rate_days_ago(owner, questions[0], 5, days=0)
    client.force_login(owner)

    content = client.get(REVIEW).content.decode()

    assert "<strong>2</strong> questions due now" in content
    assert "<strong>1</strong> new question not yet rated" in content
    current = content.index('id="current-title"')
    assert content.index("Question number 2?", current) < content.index("Due now, most overdue")
    due_list = content[content.index("Due now, most overdue") :]
    assert due_list.index("Question number 2?") < due_list.index("Question number 3?")
    assert "Question number 1?" not in due_list


def test_when_nothing_is_due_it_says_when_the_next_one_is(client, owner, questions):
    for question in questions:
        rate_question(user=owner, question=question, confidence=5)
    client.force_login(owner)

    content = client.get(REVIEW).content.decode()

    assert "Nothing is due right now." in content
    assert "Your next review is due" in content
    assert 'id="current-title"' not in content


def test_other_users_due_questions_never_show(client, owner, other_user, questions):
    rate_days_ago(owner, questions[3], 1, days=5)
    client.force_login(other_user)

    content = client.get(REVIEW).content.decode()

    assert "<strong>0</strong> questions due now" in content
    assert "<strong>4</strong> new questions" in content


def test_without_javascript_show_answer_reveals_on_the_review_page(client, owner, questions):
    rate_days_ago(owner, questions[1], 1, days=2)
    client.force_login(owner)

    hidden = client.get(REVIEW).content.decode()
    shown = client.get(REVIEW, {"answer": "shown"}).content.decode()

    assert 'href="/review/?answer=shown"' in hidden
    assert "It is <strong>important</strong>" not in hidden
    assert "It is <strong>important</strong>" in shown
    assert '<input type="hidden" name="next" value="/review/">' in shown


def test_rating_in_review_goes_on_to_the_next_due_question(client, owner, questions):
    rate_days_ago(owner, questions[0], 1, days=4)
    rate_days_ago(owner, questions[1], 1, days=2)
    client.force_login(owner)

    response = client.post(
        reverse("practice:rate", args=[questions[0].pk]), {"confidence": "5", "next": REVIEW}
    )
    assert response["Location"] == REVIEW

    content = client.get(REVIEW).content.decode()
    current = content[content.index('id="current-title"') :]
    assert current.startswith('id="current-title"><span class="question-number">Q2.</span>')


def test_when_everything_is_rated_and_nothing_due_it_says_all_caught_up(client, owner, questions):
    for question in questions:
        rate_question(user=owner, question=question, confidence=5)
    client.force_login(owner)

    content = client.get(REVIEW).content.decode()

    assert "You are all caught up." in content
    assert 'href="/progress/"' in content
    soonest = QuestionProgress.objects.filter(user=owner).order_by("due").first()
    next_in = humanize_interval(soonest.due - timezone.now())
    assert f"Your next review is due in {next_in} (" in content
    assert next_in.endswith(" d")


def test_a_question_due_seconds_ago_reads_due_just_now(client, owner, questions):
    # "No idea" brings a question back a minute later: rated 90 s ago, due 30 s ago.
    rate_question(
        user=owner,
        question=questions[0],
        confidence=1,
        at=timezone.now() - timedelta(seconds=90),
    )
    client.force_login(owner)

    content = client.get(REVIEW).content.decode()

    assert "Due just now" in content
    assert "0 minutes" not in content
