"""A person's practice rows as plain values, for "Download my data" (assembled by accounts)."""

from accounts.data import PersonalData

from .models import ConfidenceRating, QuestionProgress

WITH_QUESTION = "question__section__guide"
RATING_COLUMNS = (
    "rated_at",
    "guide",
    "question_number",
    "question",
    "confidence",
    "seconds_spent",
)
PROGRESS_COLUMNS = (
    "guide",
    "question_number",
    "question",
    "confidence",
    "rating_count",
    "last_rated_at",
    "due",
    "state",
    "stability",
    "difficulty",
)


def _rating(rating: ConfidenceRating) -> dict:
    question = rating.question
    return {
        "rated_at": rating.rated_at.isoformat(),
        "guide": question.section.guide.slug,
        "question_number": question.number,
        "question": question.prompt,
        "confidence": rating.confidence,
        "seconds_spent": rating.seconds_spent,
    }


def _progress(row: QuestionProgress) -> dict:
    question = row.question
    return {
        "guide": question.section.guide.slug,
        "question_number": question.number,
        "question": question.prompt,
        "confidence": row.confidence,
        "rating_count": row.rating_count,
        "last_rated_at": row.last_rated_at.isoformat(),
        "due": row.due.isoformat(),
        "state": row.get_state_display(),
        "stability": row.stability,
        "difficulty": row.difficulty,
    }


def personal_data(user) -> list[PersonalData]:
    return [
        PersonalData(
            key="ratings",
            label="Ratings given",
            rows=ConfidenceRating.objects.for_user(user)
            .select_related(WITH_QUESTION)
            .order_by("rated_at", "id"),
            columns=RATING_COLUMNS,
            serialize=_rating,
        ),
        PersonalData(
            key="current_confidence",
            label="Questions rated",
            rows=QuestionProgress.objects.for_user(user)
            .select_related(WITH_QUESTION)
            .order_by("question__section__guide__slug", "question__number"),
            columns=PROGRESS_COLUMNS,
            serialize=_progress,
        ),
    ]
