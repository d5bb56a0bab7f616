"""Writes of a person's own answer to a question ("My answer"). A rating is written by
`practice.rating`."""

from datetime import datetime

from django.utils import timezone

from guide.rendering import render_markdown

from .models import AnswerNote


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
