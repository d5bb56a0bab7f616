"""The "My answer" block beside a revealed model answer: what `practice/_my_answer.html` draws
for one question and its signed-in reader."""

from dataclasses import dataclass

from guide.models import Question

from .models import NOTE_MAX_LENGTH, AnswerNote


@dataclass(frozen=True)
class MyAnswer:
    question: Question
    note: AnswerNote | None
    # Where the form returns to without JavaScript.
    next_url: str
    # What the text box shows after a refused save: the text as sent, so nothing typed is lost.
    sent_text: str | None = None
    errors: tuple[str, ...] = ()
    # "Saved." or "Deleted." right after a change, read out by the status line.
    status: str = ""
    max_length = NOTE_MAX_LENGTH
    max_length_text = f"{NOTE_MAX_LENGTH:,}"

    @property
    def text(self) -> str:
        if self.sent_text is not None:
            return self.sent_text
        return self.note.text if self.note else ""

    @property
    def just_saved(self) -> bool:
        return bool(self.status) and not self.errors


def my_answer(user, question: Question, *, next_url: str) -> MyAnswer:
    """The user's note on the question, if any (one query)."""
    note = AnswerNote.objects.for_user(user).filter(question=question).first()
    return MyAnswer(question=question, note=note, next_url=next_url)
