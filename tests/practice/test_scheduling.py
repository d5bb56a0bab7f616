"""FSRS scheduling behaviour, checked against the library with a fixed clock."""

from datetime import UTC, datetime, timedelta

import pytest

from practice import scheduling
from practice.models import ConfidenceRating, QuestionProgress
from practice.rating import rate_question
from practice.scheduling import humanize_interval
from tests.factories import QuestionFactory, UserFactory

NOON = datetime(2026, 11, 2, 12, 0, tzinfo=UTC)


@pytest.fixture
def question(db):
    return QuestionFactory()


def test_a_question_rated_1_is_due_again_within_minutes(owner, question):
    progress, _rating = rate_question(user=owner, question=question, confidence=1, at=NOON)

    assert NOON < progress.due <= NOON + timedelta(minutes=10)


def test_a_question_rated_5_is_due_days_later(owner, question):
    progress, _rating = rate_question(user=owner, question=question, confidence=5, at=NOON)

    assert progress.due >= NOON + timedelta(days=2)


@pytest.mark.parametrize(("low", "high"), [(1, 2), (2, 3), (3, 4), (4, 5)])
def test_higher_confidence_never_comes_back_sooner(owner, other_user, question, low, high):
    sooner, _rating = rate_question(user=owner, question=question, confidence=low, at=NOON)
    later, _rating = rate_question(user=other_user, question=question, confidence=high, at=NOON)

    assert sooner.due <= later.due


def test_okay_good_and_nailed_it_each_come_back_at_their_own_time(db, question):
    dues = [
        rate_question(user=UserFactory(), question=question, confidence=confidence, at=NOON)[0].due
        for confidence in (3, 4, 5)
    ]

    assert NOON < dues[0] < dues[1] < dues[2]


def test_shaky_counts_as_a_miss_like_no_idea(owner, other_user, question):
    shaky, _rating = rate_question(user=owner, question=question, confidence=2, at=NOON)
    no_idea, _rating = rate_question(user=other_user, question=question, confidence=1, at=NOON)

    assert shaky.due == no_idea.due
    assert shaky.stability == no_idea.stability


def test_a_shaky_answer_of_a_learned_question_brings_it_back_within_minutes(owner, question):
    learned, _rating = rate_question(user=owner, question=question, confidence=5, at=NOON)
    shaky, _rating = rate_question(user=owner, question=question, confidence=2, at=learned.due)

    assert shaky.due <= learned.due + timedelta(minutes=10)


def test_rating_keeps_history_and_one_current_row(owner, question):
    rate_question(user=owner, question=question, confidence=2, at=NOON, seconds_spent=40)
    rate_question(user=owner, question=question, confidence=4, at=NOON + timedelta(days=1))

    assert ConfidenceRating.objects.filter(user=owner, question=question).count() == 2
    progress = QuestionProgress.objects.get(user=owner, question=question)
    assert progress.confidence == 4
    assert progress.rating_count == 2
    assert progress.last_review == NOON + timedelta(days=1)
    first = ConfidenceRating.objects.filter(user=owner).first()
    assert first.seconds_spent == 40


def test_schedule_is_stored_as_timezone_aware_utc(owner, question):
    rate_question(user=owner, question=question, confidence=3, at=NOON)

    progress = QuestionProgress.objects.get(user=owner, question=question)
    assert progress.due.utcoffset() == timedelta(0)
    assert progress.last_review == NOON
    assert progress.stability is not None
    assert progress.difficulty is not None


def test_a_second_good_review_pushes_the_due_date_further(owner, question):
    first, _rating = rate_question(user=owner, question=question, confidence=5, at=NOON)
    first_interval = first.due - NOON
    second, _rating = rate_question(user=owner, question=question, confidence=5, at=first.due)

    assert second.due - first.due > first_interval


def test_retrievability_decays_with_time(owner, question):
    progress, _rating = rate_question(user=owner, question=question, confidence=4, at=NOON)

    soon = progress.retrievability(NOON + timedelta(days=1))
    later = progress.retrievability(NOON + timedelta(days=60))

    assert 0 < later < soon <= 1


@pytest.mark.parametrize(
    ("delta", "text"),
    [
        (timedelta(seconds=30), "1 min"),
        (timedelta(minutes=10), "10 min"),
        (timedelta(hours=5), "5 h"),
        (timedelta(hours=23, minutes=50), "1 d"),
        (timedelta(days=4), "4 d"),
        (timedelta(days=90), "3 mo"),
        (timedelta(days=730), "2 y"),
    ],
)
def test_intervals_are_short_enough_for_a_button(delta, text):
    assert humanize_interval(delta) == text


@pytest.mark.parametrize("days_later", [0, 1, 6, 45, 400])
def test_retrievability_from_two_numbers_is_the_libraries_own(days_later):
    card = scheduling.new_card(1)
    at = datetime(2026, 1, 1, 9, 0, tzinfo=UTC)
    for confidence in (3, 4, 2, 5):
        card = scheduling.review(card, confidence=confidence, at=at)
        at += timedelta(days=3, hours=5)
    later = at + timedelta(days=days_later, hours=7)

    recall = scheduling.retrievability_of(card.stability, card.last_review, at=later)

    assert recall == scheduling.retrievability(card, at=later)
