"""Mock interviews: choosing the questions, and every change to a session.

Each change is one small function, in one transaction, that refuses to touch a session that
has ended (SessionClosed) and checks that the item acted on is the current one.
"""

import random
from datetime import UTC, datetime

from django.db import transaction
from django.db.models import F

from ..models import WEAK_CONFIDENCE, MockItem, MockSession
from ..rating import change_rating, rate_question
from ..rating_widget import progress_by_question

Strategy = MockSession.Strategy
FAR_PAST = datetime(1970, 1, 1, tzinfo=UTC)


class MockError(Exception):
    """A change that cannot be made; the message is written for the user."""


class SessionClosed(MockError):
    pass


class NotCurrent(MockError):
    pass


class AnswerLocked(MockError):
    pass


class NotRevealed(MockError):
    pass


def select_questions(*, user, questions, count, strategy, now, rng=None) -> list:
    """Pick `count` of `questions` (given in reading order) by the chosen strategy."""
    questions = list(questions)
    progress = progress_by_question(user, questions)
    order = {question.pk: index for index, question in enumerate(questions)}

    if strategy == Strategy.RANDOM:
        return (rng or random.SystemRandom()).sample(questions, count)
    if strategy == Strategy.UNSEEN:
        return [question for question in questions if question.pk not in progress][:count]
    if strategy == Strategy.WEAKEST:
        # Unrated counts as weakest; then lowest confidence, then longest unseen.
        def weakness(question):
            row = progress.get(question.pk)
            if row is None:
                return (0, FAR_PAST, order[question.pk])
            return (row.confidence, row.last_review, order[question.pk])

        return sorted(questions, key=weakness)[:count]
    if strategy == Strategy.DUE:
        # Due now (most overdue first), then never seen, then the soonest due.
        def urgency(question):
            row = progress.get(question.pk)
            if row is None:
                return (1, FAR_PAST, order[question.pk])
            return (0 if row.due <= now else 2, row.due, order[question.pk])

        return sorted(questions, key=urgency)[:count]
    raise ValueError(f"Unknown strategy {strategy!r}")


def start_mock_session(
    *, user, guide, questions, strategy, minutes_per_question, timed, now, retried_from=None
) -> MockSession:
    """Create the session and its ordered items; the clock of the first one starts now."""
    with transaction.atomic():
        session = MockSession.objects.create(
            user=user,
            guide=guide,
            strategy=strategy,
            minutes_per_question=minutes_per_question,
            timed=timed,
            started_at=now,
            retried_from=retried_from,
        )
        MockItem.objects.bulk_create(
            MockItem(
                session=session,
                position=position,
                question=question,
                started_at=now if position == 0 else None,
            )
            for position, question in enumerate(questions)
        )
    return session


def _locked(session, position) -> tuple[MockSession, MockItem]:
    session = MockSession.objects.select_for_update().get(pk=session.pk)
    if not session.is_active:
        raise SessionClosed(
            f"This mock interview is {session.get_status_display().lower()}; it can no longer "
            "be changed."
        )
    if position != session.position:
        raise NotCurrent("That question is no longer the current one. Reload to continue.")
    item = session.items.select_for_update().get(position=position)
    return session, item


def save_answer(*, session, position, text, now) -> MockItem:
    with transaction.atomic():
        _session, item = _locked(session, position)
        if item.is_revealed:
            raise AnswerLocked("Your answer is read-only once you have seen the model answer.")
        item.answer_text = text
        item.answer_saved_at = now
        item.save(update_fields=["answer_text", "answer_saved_at"])
    return item


def reveal(*, session, position, text, now) -> MockItem:
    """Save the last words typed and show the model answer; from now on the answer is fixed.
    Revealing twice changes nothing."""
    with transaction.atomic():
        _session, item = _locked(session, position)
        if not item.is_revealed:
            if text is not None:
                item.answer_text = text
                item.answer_saved_at = now
            item.revealed_at = now
            item.save(update_fields=["answer_text", "answer_saved_at", "revealed_at"])
    return item


def rate_item(*, session, position, confidence, now) -> MockItem:
    """Self-rate the current item. It feeds the confidence history and FSRS like any rating;
    rating the same item again replaces the result instead of adding a second one."""
    with transaction.atomic():
        session, item = _locked(session, position)
        if not item.is_revealed:
            raise NotRevealed("Show the model answer before rating yourself.")
        record_self_rating(session, item, confidence=confidence, now=now)
    return item


def record_self_rating(session: MockSession, item, *, confidence: int, now) -> None:
    """An item's self-rating: the first one a rating of the question (it moves the schedule),
    a later different one a correction of that same rating. Called with the item locked."""
    if item.rating_id is None:
        _progress, rating = rate_question(
            user=session.user,
            question=item.question,
            confidence=confidence,
            seconds_spent=item.elapsed_seconds(now),
            at=now,
        )
        item.rating = rating
    elif item.confidence != confidence:
        change_rating(item.rating, confidence=confidence)
    item.confidence = confidence
    item.rated_at = now
    item.save(update_fields=["rating", "confidence", "rated_at"])


def advance(*, session, from_position, now) -> MockSession:
    """Move on from `from_position`. A second submit for the same position (double click,
    two tabs) finds the session already moved on and changes nothing."""
    with transaction.atomic():
        moved = MockSession.objects.filter(
            pk=session.pk, status=MockSession.Status.ACTIVE, position=from_position
        ).update(position=F("position") + 1)
        session = MockSession.objects.select_for_update().get(pk=session.pk)
        if not moved and from_position > session.position:
            raise NotCurrent("That question is not the current one yet. Reload to continue.")
        if not moved:
            finishing_twice = (
                session.status == MockSession.Status.FINISHED and session.position == from_position
            )
            if not session.is_active and not finishing_twice:
                raise SessionClosed("This mock interview has ended; it can no longer be changed.")
            return session
        if session.position >= session.items.count():
            session.position = session.items.count() - 1
            session.status = MockSession.Status.FINISHED
            session.ended_at = now
            session.save(update_fields=["position", "status", "ended_at"])
        else:
            session.items.filter(position=session.position, started_at__isnull=True).update(
                started_at=now
            )
    return session


def abandon(*, session, now) -> MockSession:
    with transaction.atomic():
        session = MockSession.objects.select_for_update().get(pk=session.pk)
        if not session.is_active:
            raise SessionClosed("This mock interview has already ended.")
        session.status = MockSession.Status.ABANDONED
        session.ended_at = now
        session.save(update_fields=["status", "ended_at"])
    return session


def weakest_of(session) -> list:
    """The questions of a session to try again: rated WEAK_CONFIDENCE or lower (unrated
    first), or the lowest-rated half when everything went well; never empty."""
    items = sorted(
        session.items.select_related("question__section__guide"),
        key=lambda item: (item.confidence or 0, item.position),
    )
    weak = [item.question for item in items if (item.confidence or 0) <= WEAK_CONFIDENCE]
    return weak or [item.question for item in items[: max(len(items) // 2, 1)]]


def retry_weakest(*, session, now) -> MockSession:
    """A new session of the weakest questions of `session`. A session has at most one retry:
    asking again (a double click, a second tab) returns the one already made."""
    with transaction.atomic():
        # The lock makes simultaneous requests take turns; the unique `retried_from` backs it.
        session = MockSession.objects.select_for_update().get(pk=session.pk)
        existing = MockSession.objects.filter(retried_from=session).first()
        if existing is not None:
            return existing
        return start_mock_session(
            user=session.user,
            guide=session.guide,
            questions=weakest_of(session),
            strategy=Strategy.RETRY,
            minutes_per_question=session.minutes_per_question,
            timed=session.timed,
            now=now,
            retried_from=session,
        )
