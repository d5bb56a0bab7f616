"""Mock interview services with fixed data and a fixed clock."""

import random
from datetime import UTC, datetime, timedelta

import pytest

from guide.models import Question
from practice.mock_interviews import services as interviews
from practice.models import ConfidenceRating, MockSession, QuestionProgress
from practice.rating import rate_question, replay_history
from tests.factories import GuideFactory, QuestionFactory, SectionFactory

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
Strategy = MockSession.Strategy


@pytest.fixture
def guide(db):
    guide = GuideFactory(slug="ml")
    first = SectionFactory(guide=guide, number=1)
    second = SectionFactory(guide=guide, number=2)
    for number in range(1, 7):
        QuestionFactory(section=first if number <= 3 else second, number=number)
    return guide


def pool(guide):
    return list(Question.objects.live().in_guide(guide).in_order())


def numbers(questions):
    return [question.number for question in questions]


def select(user, guide, strategy, count=6, rng=None):
    return interviews.select_questions(
        user=user, questions=pool(guide), count=count, strategy=strategy, now=NOW, rng=rng
    )


def q(guide, number):
    return Question.objects.get(section__guide=guide, number=number)


def start(user, guide, count=3, *, timed=True, minutes=3):
    return interviews.start_mock_session(
        user=user,
        guide=guide,
        questions=pool(guide)[:count],
        strategy=Strategy.RANDOM,
        minutes_per_question=minutes,
        timed=timed,
        now=NOW,
    )


# Selection strategies


def test_weakest_first_puts_unrated_first_then_lowest_confidence_then_oldest(owner, guide):
    rate_question(user=owner, question=q(guide, 1), confidence=5, at=NOW - timedelta(days=1))
    rate_question(user=owner, question=q(guide, 2), confidence=2, at=NOW - timedelta(days=1))
    rate_question(user=owner, question=q(guide, 3), confidence=2, at=NOW - timedelta(days=5))
    rate_question(user=owner, question=q(guide, 4), confidence=4, at=NOW - timedelta(days=1))

    assert numbers(select(owner, guide, Strategy.WEAKEST)) == [5, 6, 3, 2, 4, 1]


def test_due_first_puts_overdue_first_then_new_then_later(owner, guide):
    rate_question(user=owner, question=q(guide, 1), confidence=1, at=NOW - timedelta(days=3))
    rate_question(user=owner, question=q(guide, 2), confidence=1, at=NOW - timedelta(days=1))
    rate_question(user=owner, question=q(guide, 3), confidence=5, at=NOW - timedelta(hours=1))
    for number in (4, 5, 6):
        rate_question(user=owner, question=q(guide, number), confidence=5, at=NOW)

    chosen = numbers(select(owner, guide, Strategy.DUE, count=3))

    assert chosen[:2] == [1, 2]
    assert chosen[2] == 3


def test_not_yet_seen_only_picks_unrated_questions(owner, other_user, guide):
    rate_question(user=owner, question=q(guide, 2), confidence=3)
    rate_question(user=other_user, question=q(guide, 4), confidence=3)

    assert numbers(select(owner, guide, Strategy.UNSEEN)) == [1, 3, 4, 5, 6]


def test_random_takes_distinct_questions_from_the_pool(owner, guide):
    chosen = select(owner, guide, Strategy.RANDOM, count=4, rng=random.Random(7))

    assert len(set(numbers(chosen))) == 4
    assert set(numbers(chosen)) <= set(range(1, 7))
    again = select(owner, guide, Strategy.RANDOM, count=4, rng=random.Random(7))
    assert numbers(again) == numbers(chosen)


def test_other_users_ratings_do_not_change_the_order(owner, other_user, guide):
    rate_question(user=other_user, question=q(guide, 1), confidence=1)

    assert numbers(select(owner, guide, Strategy.WEAKEST)) == [1, 2, 3, 4, 5, 6]


# Starting and timing


def test_starting_creates_the_session_and_ordered_items(owner, guide):
    session = start(owner, guide, count=3)

    items = list(session.items.order_by("position"))
    assert [item.position for item in items] == [0, 1, 2]
    assert numbers([item.question for item in items]) == [1, 2, 3]
    assert items[0].started_at == NOW
    assert items[1].started_at is None
    assert session.is_active
    assert session.position == 0


def test_elapsed_time_comes_from_the_server_clock(owner, guide):
    session = start(owner, guide, minutes=2)
    item = session.items.get(position=0)

    assert item.elapsed_seconds(NOW + timedelta(seconds=75)) == 75
    assert not item.is_over_limit(NOW + timedelta(seconds=120))
    assert item.is_over_limit(NOW + timedelta(seconds=121))


def test_reveal_stops_the_clock_and_a_reload_keeps_it(owner, guide):
    session = start(owner, guide, minutes=1)

    interviews.reveal(session=session, position=0, text="draft", now=NOW + timedelta(seconds=90))
    item = session.items.get(position=0)

    assert item.elapsed_seconds(NOW + timedelta(hours=2)) == 90
    assert item.is_over_limit(NOW + timedelta(hours=2))


def test_untimed_sessions_are_never_over_the_limit(owner, guide):
    session = start(owner, guide, timed=False, minutes=1)
    item = session.items.get(position=0)

    assert not item.is_over_limit(NOW + timedelta(minutes=30))


def test_next_question_starts_its_clock_when_shown(owner, guide):
    session = start(owner, guide)
    later = NOW + timedelta(minutes=4)

    interviews.advance(session=session, from_position=0, now=later)

    assert session.items.get(position=1).started_at == later


# Answers, reveal, rating


def test_answers_autosave_until_the_reveal_then_are_read_only(owner, guide):
    session = start(owner, guide)
    interviews.save_answer(session=session, position=0, text="first", now=NOW)
    interviews.save_answer(session=session, position=0, text="first draft", now=NOW)
    interviews.reveal(session=session, position=0, text="final words", now=NOW)

    with pytest.raises(interviews.AnswerLocked):
        interviews.save_answer(session=session, position=0, text="changed later", now=NOW)
    assert session.items.get(position=0).answer_text == "final words"


def test_revealing_twice_keeps_the_first_reveal(owner, guide):
    session = start(owner, guide)
    interviews.reveal(session=session, position=0, text="answer", now=NOW + timedelta(seconds=30))
    interviews.reveal(session=session, position=0, text="other", now=NOW + timedelta(seconds=90))

    item = session.items.get(position=0)
    assert item.revealed_at == NOW + timedelta(seconds=30)
    assert item.answer_text == "answer"


def test_rating_needs_the_reveal_first(owner, guide):
    session = start(owner, guide)

    with pytest.raises(interviews.NotRevealed):
        interviews.rate_item(session=session, position=0, confidence=3, now=NOW)


def test_rating_feeds_the_confidence_history_and_schedule(owner, guide):
    session = start(owner, guide)
    interviews.reveal(session=session, position=0, text="", now=NOW + timedelta(seconds=40))

    interviews.rate_item(
        session=session, position=0, confidence=2, now=NOW + timedelta(seconds=50)
    )

    rating = ConfidenceRating.objects.get(user=owner)
    assert rating.confidence == 2
    assert rating.seconds_spent == 40
    assert QuestionProgress.objects.get(user=owner).confidence == 2


def test_rating_an_item_twice_keeps_one_result_the_last(owner, guide):
    session = start(owner, guide)
    interviews.reveal(session=session, position=0, text="", now=NOW)

    interviews.rate_item(session=session, position=0, confidence=2, now=NOW)
    interviews.rate_item(session=session, position=0, confidence=4, now=NOW)
    interviews.rate_item(session=session, position=0, confidence=4, now=NOW)

    assert session.items.get(position=0).confidence == 4
    assert ConfidenceRating.objects.filter(user=owner).count() == 1
    assert ConfidenceRating.objects.get(user=owner).confidence == 4
    progress = QuestionProgress.objects.get(user=owner)
    assert progress.confidence == 4
    replayed = replay_history(QuestionProgress.objects.get(user=owner))
    assert (progress.due, progress.stability) == (replayed.due, replayed.stability)


def test_double_next_moves_on_once(owner, guide):
    session = start(owner, guide)

    interviews.advance(session=session, from_position=0, now=NOW)
    interviews.advance(session=session, from_position=0, now=NOW)

    session.refresh_from_db()
    assert session.position == 1


def test_acting_on_a_question_that_is_no_longer_current_is_refused(owner, guide):
    session = start(owner, guide)
    interviews.advance(session=session, from_position=0, now=NOW)

    with pytest.raises(interviews.NotCurrent):
        interviews.save_answer(session=session, position=0, text="late", now=NOW)


def test_next_on_the_last_question_finishes(owner, guide):
    session = start(owner, guide, count=2)
    interviews.advance(session=session, from_position=0, now=NOW)

    finished = interviews.advance(session=session, from_position=1, now=NOW + timedelta(minutes=5))
    again = interviews.advance(session=session, from_position=1, now=NOW + timedelta(minutes=6))

    assert finished.status == MockSession.Status.FINISHED
    assert finished.ended_at == NOW + timedelta(minutes=5)
    assert again.ended_at == NOW + timedelta(minutes=5)


@pytest.mark.parametrize("status", [MockSession.Status.FINISHED, MockSession.Status.ABANDONED])
def test_ended_sessions_cannot_be_changed(owner, guide, status):
    session = start(owner, guide)
    session.status = status
    session.save()

    for change in (
        lambda: interviews.save_answer(session=session, position=0, text="x", now=NOW),
        lambda: interviews.reveal(session=session, position=0, text="x", now=NOW),
        lambda: interviews.rate_item(session=session, position=0, confidence=3, now=NOW),
        lambda: interviews.abandon(session=session, now=NOW),
    ):
        with pytest.raises(interviews.SessionClosed):
            change()


def test_abandoning_ends_the_session(owner, guide):
    session = start(owner, guide)

    interviews.abandon(session=session, now=NOW)

    session.refresh_from_db()
    assert session.status == MockSession.Status.ABANDONED
    assert session.ended_at == NOW


def test_retry_takes_the_lowest_rated_questions(owner, guide):
    session = start(owner, guide, count=3)
    for position, confidence in enumerate([5, 2, 3]):
        interviews.reveal(session=session, position=position, text="", now=NOW)
        interviews.rate_item(session=session, position=position, confidence=confidence, now=NOW)
        interviews.advance(session=session, from_position=position, now=NOW)
    session.refresh_from_db()

    retry = interviews.retry_weakest(session=session, now=NOW)

    assert numbers([item.question for item in retry.items.order_by("position")]) == [2, 3]
    assert retry.strategy == Strategy.RETRY
    assert retry.minutes_per_question == session.minutes_per_question
