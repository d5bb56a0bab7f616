"""Migration 0004 rebuilds every schedule from its history with the new confidence map."""

import importlib
from datetime import UTC, datetime, timedelta

import fsrs
from django.apps import apps

from practice.models import ConfidenceRating, QuestionProgress
from practice.rating import replay_history
from tests.factories import QuestionFactory

migration = importlib.import_module("practice.migrations.0004_replay_ratings_with_new_map")

NOON = datetime(2026, 11, 2, 12, 0, tzinfo=UTC)
OLD_MAP = {
    1: fsrs.Rating.Again,
    2: fsrs.Rating.Hard,
    3: fsrs.Rating.Good,
    4: fsrs.Rating.Easy,
    5: fsrs.Rating.Easy,
}
CARD_FIELDS = ["state", "step", "stability", "difficulty", "due", "last_review"]


def rated_with_old_map(user, question, history):
    """History rows and the progress row as the old map left them."""
    card = fsrs.Card(card_id=question.pk)
    scheduler = fsrs.Scheduler(enable_fuzzing=False)
    # Rows inserted newest first: the replay must follow rated_at, not insertion order.
    for confidence, at in reversed(history):
        ConfidenceRating.objects.create(
            user=user, question=question, confidence=confidence, rated_at=at
        )
    for confidence, at in history:
        card, _log = scheduler.review_card(card, OLD_MAP[confidence], at)
    progress = QuestionProgress(
        user=user,
        question=question,
        confidence=history[-1][0],
        rating_count=len(history),
    )
    progress.set_card(card)
    progress.save()
    return progress


def schedule(progress):
    return {field: getattr(progress, field) for field in [*CARD_FIELDS, "rating_count"]}


def test_it_rebuilds_each_schedule_as_a_replay_with_the_new_map(owner, other_user):
    first, second = QuestionFactory(), QuestionFactory()
    day = timedelta(days=1)
    rated_with_old_map(owner, first, [(3, NOON), (4, NOON + day), (2, NOON + 3 * day)])
    rated_with_old_map(owner, second, [(5, NOON), (5, NOON + 8 * day)])
    old = rated_with_old_map(other_user, first, [(2, NOON), (3, NOON + 2 * day)])
    old_schedule = schedule(old)

    migration.replay_ratings(apps, None)

    for progress in QuestionProgress.objects.all():
        migrated = schedule(progress)
        expected = schedule(replay_history(QuestionProgress.objects.get(pk=progress.pk)))
        assert migrated == expected
    assert schedule(QuestionProgress.objects.get(pk=old.pk)) != old_schedule


def test_it_keeps_the_latest_confidence_and_count(owner):
    question = QuestionFactory()
    rated_with_old_map(owner, question, [(5, NOON), (2, NOON + timedelta(days=9))])

    migration.replay_ratings(apps, None)

    progress = QuestionProgress.objects.get(user=owner, question=question)
    assert progress.confidence == 2
    assert progress.rating_count == 2
    assert progress.last_review == NOON + timedelta(days=9)
    assert progress.due <= NOON + timedelta(days=9, minutes=10)
