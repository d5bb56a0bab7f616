"""The "Answer aloud" panel beside a question (its page, review, each mock-interview question)
and a mock interview's spoken figures: shared by those pages, as `my_answer.py` is for the
"My answer" note. The recording, its transcription and feedback page are the feature package
`practice/spoken_answers/`; this module reads its rows only."""

from dataclasses import dataclass

from django.conf import settings

from .models import SpokenAnswer

# Earlier recordings listed beside a question's "Answer aloud".
RECENT_SHOWN = 5


def clock(seconds: float | None) -> str:
    if seconds is None:
        return "–"
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes}:{rest:02d}"


@dataclass(frozen=True)
class Attempt:
    """One recording's figures, as a row of a table."""

    answer: SpokenAnswer

    @property
    def pace(self) -> str:
        wpm = self.answer.words_per_minute
        return f"{wpm:.0f} wpm" if wpm is not None else "–"

    @property
    def talk_time(self) -> str:
        return clock(self.answer.talk_seconds)

    @property
    def longest_pause(self) -> str:
        pause = self.answer.longest_pause_seconds
        return f"{pause:.1f} s" if pause is not None else "–"

    @property
    def points(self) -> str:
        points = self.answer.key_points
        return f"{self.answer.points_covered} of {len(points)}" if points else "–"


def panel_context(user, question, mock_item=None) -> dict:
    """For practice/_answer_aloud.html: the form's target and the person's recent recordings."""
    recent = SpokenAnswer.objects.for_user(user).filter(question=question)
    spoken = None
    if mock_item is not None:
        recent = recent.filter(mock_item=mock_item)
        # In a mock interview the newest transcribed answer stands beside the typed one.
        spoken = recent.done().newest_first().first()
    return {
        "aloud_spoken": spoken,
        "aloud_question": question,
        "aloud_mock_item": mock_item,
        "aloud_recent": [Attempt(row) for row in recent.newest_first()[:RECENT_SHOWN]],
        "aloud_max_seconds": settings.SPOKEN_ANSWER_MAX_SECONDS,
        "aloud_max_bytes": settings.SPOKEN_ANSWER_MAX_BYTES,
    }


@dataclass(frozen=True)
class MockSpoken:
    """A mock interview's spoken answers: the newest finished one per question, and totals."""

    rows: list[tuple[object, Attempt | None]]

    @property
    def answered(self) -> list[Attempt]:
        return [attempt for _, attempt in self.rows if attempt]

    @property
    def talk_time(self) -> str:
        return clock(sum(a.answer.talk_seconds or 0 for a in self.answered))

    @property
    def pace(self) -> str:
        words = sum(len(a.answer.words) for a in self.answered)
        seconds = sum(a.answer.talk_seconds or 0 for a in self.answered)
        return f"{words * 60 / seconds:.0f} wpm" if seconds >= 1 and words else "–"

    @property
    def fillers(self) -> int:
        return sum(a.answer.filler_count or 0 for a in self.answered)

    @property
    def points(self) -> str:
        total = sum(len(a.answer.key_points) for a in self.answered)
        covered = sum(a.answer.points_covered for a in self.answered)
        return f"{covered} of {total}" if total else "–"


def mock_spoken(session) -> MockSpoken | None:
    """None when no question of the interview was answered aloud."""
    items = list(session.items.select_related("question").order_by("position"))
    newest: dict[int, SpokenAnswer] = {}
    for answer in (
        SpokenAnswer.objects.done().filter(mock_item__session=session).order_by("created_at", "id")
    ):
        newest[answer.mock_item_id] = answer
    if not newest:
        return None
    return MockSpoken(
        rows=[(item, Attempt(newest[item.pk]) if item.pk in newest else None) for item in items]
    )
