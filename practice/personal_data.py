"""A person's practice rows as plain values, for "Download my data" (assembled by accounts)."""

from django.db.models import Prefetch

from accounts.data import PersonalData, iso

from .models import (
    AnswerNote,
    ConfidenceRating,
    InterviewDate,
    MockItem,
    MockSession,
    PartnerFeedback,
    QuestionProgress,
    SpokenAnswer,
)

WITH_QUESTION = "question__section__guide"
RATING_COLUMNS = (
    "rated_at",
    "guide",
    "question_number",
    "question",
    "confidence",
    "seconds_spent",
)
MOCK_COLUMNS = (
    "id",
    "guide",
    "strategy",
    "minutes_per_question",
    "timed",
    "status",
    "started_at",
    "ended_at",
    "retry_of",
    "partner",
    "questions",
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

# The day and the local time as the person gave them (no time: empty).
INTERVIEW_COLUMNS = ("guide", "interview_on", "interview_time", "target_percent", "daily_budget")


def _interview(interview: InterviewDate) -> dict:
    return {
        "guide": interview.guide.slug,
        "interview_on": interview.interview_on.isoformat(),
        "interview_time": f"{interview.interview_time:%H:%M}" if interview.time_given else None,
        "target_percent": interview.target_percent,
        "daily_budget": interview.daily_budget,
    }


NOTE_COLUMNS = ("guide", "question_number", "question", "text", "updated_at")


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
        "last_rated_at": row.last_review.isoformat(),
        "due": row.due.isoformat(),
        "state": row.get_state_display(),
        "stability": row.stability,
        "difficulty": row.difficulty,
    }


def _note(note: AnswerNote) -> dict:
    question = note.question
    return {
        "guide": question.section.guide.slug,
        "question_number": question.number,
        "question": question.prompt,
        "text": note.text,
        "updated_at": note.updated_at.isoformat(),
    }


def _mock_item(item: MockItem) -> dict:
    return {
        "position": item.position + 1,
        "question_number": item.question.number,
        "question": item.question.prompt,
        "answer": item.answer_text,
        "answer_saved_at": iso(item.answer_saved_at),
        "shown_at": iso(item.started_at),
        "revealed_at": iso(item.revealed_at),
        "seconds_to_reveal": item.elapsed_seconds(item.revealed_at) if item.revealed_at else None,
        "confidence": item.confidence,
        "rated_at": iso(item.rated_at),
        "partner_feedback": _partner_feedback(getattr(item, "partner_feedback", None)),
    }


def _partner_feedback(feedback: PartnerFeedback | None) -> dict | None:
    """What a partner noted about one answer (partner interviews, practice/partner)."""
    if feedback is None:
        return None
    return {
        "ticked": feedback.ticked,
        "notes": feedback.notes,
        "rating": feedback.rating,
        "adopted": feedback.adopted_at is not None,
    }


def _partner_name(session: MockSession) -> str | None:
    link = getattr(session, "partner_link", None)
    return (link.display_name or None) if link else None


def _mock_session(session: MockSession) -> dict:
    return {
        "id": session.pk,
        "guide": session.guide.slug,
        "strategy": session.strategy,
        "minutes_per_question": session.minutes_per_question,
        "timed": session.timed,
        "status": session.status,
        "started_at": iso(session.started_at),
        "ended_at": iso(session.ended_at),
        "retry_of": session.retried_from_id,
        "partner": _partner_name(session),
        "questions": [_mock_item(item) for item in session.items.all()],
    }


SPOKEN_COLUMNS = (
    "recorded_at",
    "guide",
    "question_number",
    "question",
    "mock_interview",
    "audio_file",
    "status",
    "error",
    "transcript",
    "duration_seconds",
    "talk_seconds",
    "words_per_minute",
    "filler_count",
    "fillers",
    "longest_pause_seconds",
    "key_points",
    "words",
)


def _spoken(answer: SpokenAnswer) -> dict:
    question = answer.question
    return {
        "recorded_at": answer.created_at.isoformat(),
        "guide": question.section.guide.slug,
        "question_number": question.number,
        "question": question.prompt,
        "mock_interview": answer.mock_item.session_id if answer.mock_item_id else None,
        # Its name in "Download my recordings" (zip).
        "audio_file": answer.download_name,
        "status": answer.status,
        "error": answer.error,
        "transcript": answer.transcript,
        "duration_seconds": answer.duration_seconds,
        "talk_seconds": answer.talk_seconds,
        "words_per_minute": answer.words_per_minute,
        "filler_count": answer.filler_count,
        "fillers": answer.fillers,
        "longest_pause_seconds": answer.longest_pause_seconds,
        "key_points": answer.key_points,
        "words": answer.words,
    }


def personal_data(user) -> list[PersonalData]:
    items = MockItem.objects.select_related("question", "partner_feedback").order_by("position")
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
        PersonalData(
            key="mock_interviews",
            label="Mock interviews",
            rows=MockSession.objects.for_user(user)
            .select_related("guide", "partner_link")
            .prefetch_related(Prefetch("items", queryset=items))
            .order_by("started_at", "id"),
            columns=MOCK_COLUMNS,
            serialize=_mock_session,
        ),
        PersonalData(
            key="interview_dates",
            label="Interview dates",
            rows=InterviewDate.objects.for_user(user)
            .select_related("guide")
            .order_by("interview_on", "id"),
            columns=INTERVIEW_COLUMNS,
            serialize=_interview,
        ),
        PersonalData(
            key="answer_notes",
            label="My answer notes",
            rows=AnswerNote.objects.for_user(user)
            .select_related(WITH_QUESTION)
            .order_by("question__section__guide__slug", "question__number"),
            columns=NOTE_COLUMNS,
            serialize=_note,
        ),
        PersonalData(
            key="spoken_answers",
            label="Spoken answers",
            rows=SpokenAnswer.objects.for_user(user)
            .select_related(WITH_QUESTION, "mock_item")
            .order_by("created_at", "id"),
            columns=SPOKEN_COLUMNS,
            serialize=_spoken,
        ),
    ]
