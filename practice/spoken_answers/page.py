"""The feedback page's data: the figures of one spoken answer, its marked transcript, and the
person's earlier attempts at the same question."""

from django.urls import reverse

from ..answer_aloud import Attempt, clock
from ..models import SpokenAnswer
from . import figures


def back_url(answer: SpokenAnswer) -> str:
    if answer.mock_item_id:
        return reverse("practice:mock_session", args=[answer.mock_item.session_id])
    return answer.question.get_absolute_url()


def feedback_context(answer: SpokenAnswer) -> dict:
    earlier = (
        SpokenAnswer.objects.for_user(answer.user)
        .done()
        .filter(question=answer.question, created_at__lt=answer.created_at)
        .newest_first()
    )
    return {
        "answer": answer,
        "question": answer.question,
        "back_url": back_url(answer),
        "in_mock": bool(answer.mock_item_id),
        "attempt": Attempt(answer),
        "earlier": [Attempt(row) for row in earlier[:10]],
        "pieces": figures.marked_transcript(answer.words, answer.transcript),
        "filler_labels": figures.filler_labels(answer.fillers),
        "pace_band": figures.PACE_BAND,
        "pace_verdict": figures.pace_verdict(answer.words_per_minute),
        "duration": clock(answer.duration_seconds),
    }
