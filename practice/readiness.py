"""What the plan and the progress report both speak of: how ready a person is (predicted
recall at a moment) and how far away their interview is. Part of the core, so that
`practice.plans` and `practice.progress` each read it without importing the other."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import fsrs

from . import scheduling

# Without an interview date, readiness speaks of this long from now: a day, not this moment.
READINESS_HORIZON = timedelta(days=7)


def readiness(card: fsrs.Card | None, *, at: datetime) -> float:
    """Predicted recall at a moment: 0 for a question never rated."""
    return 0.0 if card is None else scheduling.retrievability(card, at=at)


def readiness_moment(*, now: datetime, interview_at: datetime | None = None) -> datetime:
    """The moment readiness speaks of: the interview, or READINESS_HORIZON from now."""
    return interview_at if interview_at is not None else now + READINESS_HORIZON


def days_until(day: date, *, now: datetime, tz: ZoneInfo) -> int:
    """Local calendar days from today to `day`: 0 today, 1 tomorrow."""
    return (day - now.astimezone(tz).date()).days


def countdown_text(days: int) -> str:
    if days <= 0:
        return "Interview today"
    if days == 1:
        return "Interview tomorrow"
    return f"Interview in {days} days"
