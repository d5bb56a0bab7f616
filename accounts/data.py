"""Everything the app holds about one person, for "Download my data" and account deletion."""

import csv
import io

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.db import transaction

from practice.models import ConfidenceRating, QuestionProgress

RATING_COLUMNS = [
    "rated_at",
    "guide",
    "question_number",
    "question",
    "confidence",
    "seconds_spent",
]


def _rating_rows(user):
    ratings = (
        ConfidenceRating.objects.for_user(user)
        .select_related("question__section__guide")
        .order_by("rated_at", "id")
    )
    for rating in ratings:
        yield {
            "rated_at": rating.rated_at.isoformat(),
            "guide": rating.question.section.guide.slug,
            "question_number": rating.question.number,
            "question": rating.question.prompt,
            "confidence": rating.confidence,
            "seconds_spent": rating.seconds_spent,
        }


def _progress_rows(user):
    progress = (
        QuestionProgress.objects.for_user(user)
        .select_related("question__section__guide")
        .order_by("question__section__guide__slug", "question__number")
    )
    for row in progress:
        yield {
            "guide": row.question.section.guide.slug,
            "question_number": row.question.number,
            "question": row.question.prompt,
            "confidence": row.confidence,
            "rating_count": row.rating_count,
            "last_rated_at": row.last_rated_at.isoformat(),
            "due": row.due.isoformat(),
            "state": row.get_state_display(),
            "stability": row.stability,
            "difficulty": row.difficulty,
        }


def export_data(user) -> dict:
    return {
        "user": {
            "username": user.username,
            "email": user.email,
            "date_joined": user.date_joined.isoformat(),
        },
        "ratings": list(_rating_rows(user)),
        "current_confidence": list(_progress_rows(user)),
    }


def export_ratings_csv(user) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=RATING_COLUMNS)
    writer.writeheader()
    writer.writerows(_rating_rows(user))
    return buffer.getvalue()


def delete_account(user) -> None:
    """Remove the user and everything of theirs: practice rows cascade with the user; the
    sign-in throttling records are keyed by the username as typed, in any case, so they go
    explicitly."""
    with transaction.atomic():
        for model in (AccessAttempt, AccessFailureLog, AccessLog):
            model.objects.filter(username__iexact=user.get_username()).delete()
        user.delete()
