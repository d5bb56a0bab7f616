"""Everything the app holds about one person, for "Download my data" and account deletion."""

import csv
import io

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.admin.models import LogEntry
from django.db import transaction
from django.db.models import Prefetch

from practice.models import ConfidenceRating, MockItem, MockSession, QuestionProgress

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


def _iso(moment) -> str | None:
    return moment.isoformat() if moment else None


def _mock_item_row(item: MockItem) -> dict:
    return {
        "position": item.position + 1,
        "question_number": item.question.number,
        "question": item.question.prompt,
        "answer": item.answer_text,
        "answer_saved_at": _iso(item.answer_saved_at),
        "shown_at": _iso(item.started_at),
        "revealed_at": _iso(item.revealed_at),
        "seconds_to_reveal": item.elapsed_seconds(item.revealed_at) if item.revealed_at else None,
        "confidence": item.confidence,
        "rated_at": _iso(item.rated_at),
    }


def _mock_rows(user):
    items = MockItem.objects.select_related("question").order_by("position")
    sessions = (
        MockSession.objects.for_user(user)
        .select_related("guide")
        .prefetch_related(Prefetch("items", queryset=items))
        .order_by("started_at", "id")
    )
    for session in sessions:
        yield {
            "id": session.pk,
            "guide": session.guide.slug,
            "strategy": session.strategy,
            "minutes_per_question": session.minutes_per_question,
            "timed": session.timed,
            "status": session.status,
            "started_at": _iso(session.started_at),
            "ended_at": _iso(session.ended_at),
            "retry_of": session.retried_from_id,
            "questions": [_mock_item_row(item) for item in session.items.all()],
        }


def _admin_action_rows(user):
    for entry in LogEntry.objects.filter(user=user).order_by("action_time", "id"):
        yield {
            "action_time": _iso(entry.action_time),
            "action": entry.get_action_flag_display(),
            "object_type": str(entry.content_type) if entry.content_type_id else "",
            "object": entry.object_repr,
            "change": entry.get_change_message(),
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
        "mock_interviews": list(_mock_rows(user)),
        # Only staff have these: what they changed in the admin.
        "admin_actions": list(_admin_action_rows(user)),
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
