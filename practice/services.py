"""Writes that span several practice rows, each in one transaction."""

from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from . import scheduling
from .models import ConfidenceRating, QuestionProgress


def rate_question(
    *,
    user,
    question,
    confidence: int,
    seconds_spent: int | None = None,
    at: datetime | None = None,
) -> QuestionProgress:
    """Record a confidence rating: one history row, and the user's current confidence and
    FSRS schedule for the question, updated in the same transaction."""
    try:
        return _rate(user, question, confidence, seconds_spent, at)
    except IntegrityError:
        # A concurrent first rating created the progress row first: apply this one on top.
        return _rate(user, question, confidence, seconds_spent, at)


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
        progress.last_rated_at = now
        progress.save()
        ConfidenceRating.objects.create(
            user=user,
            question=question,
            confidence=confidence,
            rated_at=now,
            seconds_spent=seconds_spent,
        )
    return progress
