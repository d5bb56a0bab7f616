"""A person's streak: consecutive local days with at least one rating, in any guide. Shown on
the progress dashboard and in Today's panel."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

from django.db.models.functions import TruncDate

from .. import daily_practice
from ..models import ConfidenceRating


@dataclass(frozen=True)
class Streak:
    """Consecutive days with a rating, ending today or, if nothing is rated yet today,
    ending yesterday (still alive until today is over)."""

    days: int
    includes_today: bool

    @property
    def text(self) -> str:
        if self.days == 0:
            return "No streak yet: rate a question today to start one."
        streak = f"{self.days}-day streak"
        if self.includes_today:
            return f"{streak}, including today."
        return f"{streak}; rate something today to keep it."


def start_of_day(day: date, tz: tzinfo) -> datetime:
    """Local midnight of `day` in `tz`."""
    return datetime.combine(day, time.min, tzinfo=tz)


# Days of history the streak reads first; only a streak that long reads further back.
STREAK_WINDOW_DAYS = 64


def streak(user, today: date, tz: tzinfo) -> Streak:
    """The streak counts ratings in every guide: it measures the habit of practising, which
    does not belong to one guide. One query for the days of practice of the last weeks, newest
    first (a row a day, practice/daily_practice.py; a year of them is not read to count a
    streak of three days); then, only while the streak runs to the start of what was read, the
    weeks before those, twice as many."""
    length, includes_today = 0, False
    last, window = today, STREAK_WINDOW_DAYS
    while True:
        first = last - timedelta(days=window - 1)
        days = list(_rating_days(user, first, last, tz))
        if last == today:
            length, includes_today = _run_of_days(days, today)
            newest = today if includes_today else today - timedelta(days=1)
        else:
            # Days before the window already counted: the run goes on from `last` back.
            run, _ = _run_of_days(days, last, start=last)
            length += run
            if run < window:
                return Streak(days=length, includes_today=includes_today)
        if not length or newest - timedelta(days=length - 1) > first:
            return Streak(days=length, includes_today=includes_today)
        last, window = first - timedelta(days=1), window * 2


def _rating_days(user, first: date, last: date, tz: tzinfo):
    """The days first…last with a rating, newest first: counted days, or in a zone they
    were not counted in, the ratings' own."""
    days = daily_practice.practice_days(user, first=first, last=last, tz=tz)
    if days is not None:
        return days
    return (
        ConfidenceRating.objects.for_user(user)
        .filter(
            rated_at__gte=start_of_day(first, tz),
            rated_at__lt=start_of_day(last + timedelta(days=1), tz),
        )
        .annotate(day=TruncDate("rated_at", tzinfo=tz))
        .order_by("-day")
        .values_list("day", flat=True)
        .distinct()
    )


def _run_of_days(days, today: date, *, start: date | None = None) -> tuple[int, bool]:
    """How many consecutive days, newest first, end today or yesterday (or, given `start`,
    begin at `start` going back); and whether today is one."""
    length = 0
    includes_today = False
    expected = start
    for day in days:
        if expected is None:
            if day == today:
                includes_today = True
            elif day != today - timedelta(days=1):
                break
            expected = day
        if day != expected:
            break
        length += 1
        expected = day - timedelta(days=1)
    return length, includes_today
