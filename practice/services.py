"""Writes that span several practice rows, each in one transaction."""

from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from guide.rendering import render_markdown

from . import rating as rating_sql
from . import scheduling
from .models import AnswerNote, ConfidenceRating, QuestionProgress

# `rate_question(current=...)` default: the caller has not read the progress row.
NOT_READ = object()


def rate_question(
    *,
    user,
    question,
    confidence: int,
    seconds_spent: int | None = None,
    at: datetime | None = None,
    current=NOT_READ,
) -> tuple[QuestionProgress, ConfidenceRating]:
    """Record a confidence rating: one history row, and the user's current confidence and
    FSRS schedule for the question, updated in the same transaction. Returns both rows.

    `current`: the user's progress row for the question (or None: none yet) as the caller
    read it just before. The new schedule is then computed from it and written only if the
    row is still the same (compare-and-set), with no lock held across a round trip; when a
    concurrent rating changed it in between, this one is applied on top, as without it."""
    if current is not NOT_READ:
        return _rate_on_read_row(user, question, confidence, seconds_spent, at, current)
    try:
        return _rate(user, question, confidence, seconds_spent, at)
    except IntegrityError:
        # A concurrent first rating created the progress row first: apply this one on top.
        return _rate(user, question, confidence, seconds_spent, at)


def _rate_on_read_row(user, question, confidence, seconds_spent, at, current):
    # Counted after the row was read, so this rating's time follows the one that row holds.
    now = at or timezone.now()
    card = current.card() if current else scheduling.new_card(question.pk)
    progress = QuestionProgress(
        id=current.pk if current else None,
        user=user,
        question=question,
        confidence=confidence,
        rating_count=(current.rating_count if current else 0) + 1,
    )
    progress.set_card(scheduling.review(card, confidence=confidence, at=now))
    rating = ConfidenceRating(
        user=user,
        question=question,
        confidence=confidence,
        rated_at=now,
        seconds_spent=seconds_spent,
    )
    if rating_sql.save_if_unchanged(progress, rating, was=current):
        return progress, rating
    # Another rating got there first: apply this one on top of it, timed after it.
    return rate_question(
        user=user, question=question, confidence=confidence, seconds_spent=seconds_spent, at=at
    )


def _rate(user, question, confidence, seconds_spent, at):
    with transaction.atomic():
        # The lock makes concurrent ratings of one question by one user apply one after
        # another, in the order of their history rows.
        progress = (
            QuestionProgress.objects.select_for_update()
            .filter(user=user, question=question)
            .first()
        )
        now = at or timezone.now()
        if progress is None:
            progress = QuestionProgress(user=user, question=question)
            card = scheduling.new_card(question.pk)
        else:
            card = progress.card()
        progress.set_card(scheduling.review(card, confidence=confidence, at=now))
        progress.confidence = confidence
        progress.rating_count += 1
        progress.save()
        rating = ConfidenceRating.objects.create(
            user=user,
            question=question,
            confidence=confidence,
            rated_at=now,
            seconds_spent=seconds_spent,
        )
    return progress, rating


def change_rating(rating: ConfidenceRating, *, confidence: int) -> QuestionProgress:
    """Correct a rating already given (e.g. a double submit in a mock interview): the history
    row keeps its time, and the current state is rebuilt by replaying the history."""
    with transaction.atomic():
        progress = QuestionProgress.objects.select_for_update().get(
            user_id=rating.user_id, question_id=rating.question_id
        )
        rating.confidence = confidence
        rating.save(update_fields=["confidence"])
        return replay_history(progress)


def replay_history(progress: QuestionProgress) -> QuestionProgress:
    """Recompute the current confidence and FSRS card from the history, in order."""
    ratings = ConfidenceRating.objects.filter(
        user_id=progress.user_id, question_id=progress.question_id
    ).order_by("rated_at", "id")
    card = scheduling.new_card(progress.question_id)
    count = 0
    for rating in ratings:
        card = scheduling.review(card, confidence=rating.confidence, at=rating.rated_at)
        progress.confidence = rating.confidence
        count += 1
    progress.set_card(card)
    progress.rating_count = count
    progress.save()
    return progress


def save_answer_note(
    *, user, question, text: str, at: datetime | None = None
) -> AnswerNote | None:
    """Keep the user's own answer to a question, rendered now; empty text deletes it. Returns
    the note, or None when the user has none left."""
    if not text.strip():
        AnswerNote.objects.for_user(user).filter(question=question).delete()
        return None
    note, _created = AnswerNote.objects.update_or_create(
        user=user,
        question=question,
        defaults={
            "text": text,
            "html": render_markdown(text),
            "updated_at": at or timezone.now(),
        },
    )
    return note
