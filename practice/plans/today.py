"""What a person has to do today, in one place: the header's Review count, the signed-in
home, the review page, the plan page, reminder emails and the calendar feed all read
`today_summary()`, so that none says "done" while another still counts something.

A fixed number of queries whatever the number of guides, questions or ratings: upcoming
interviews, then the progress rows of the planned guides together with those due today in
the other guides (see `plans.load_plans`; the planner's result and each guide's question
list are kept in the cache under keys naming all they depend on, `plan_cache`); then, only
when a page asks, the questions themselves (`plans.with_questions`), the count never rated,
the person's mean time per question, the streak and the guide to continue (only without an
interview). Everything that moves with the clock (what is due now, what comes back later
today) is counted at `now` from the rows, so a kept plan never makes a count stale.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache, cached_property
from zoneinfo import ZoneInfo

from django.utils import timezone

from guide import visibility
from guide.models import Guide, Question

from ..models import ConfidenceRating, InterviewDate, QuestionProgress
from ..progress.streak import Streak, streak
from ..readiness import countdown_text
from . import planner as planning
from .inputs import (
    GuidePlan,
    load_plans,
    local_midnight,
    unplanned_counts,
    unplanned_rows,
)


def work_text(reviews: int, new: int, minutes: int) -> str:
    """'5 reviews, 3 new (~12 min)': a day's work in a few words, for email subjects and
    calendar events."""
    parts = [f"{reviews} review{'s' if reviews != 1 else ''}"] if reviews else []
    parts += [f"{new} new"] if new else []
    return f"{', '.join(parts) or 'nothing'} (~{minutes} min)"


def duration_text(seconds: float) -> str:
    """'1 second', '45 seconds', '1 minute', '90 seconds', '3 minutes'."""
    seconds = round(seconds)
    if seconds < 120 and seconds != 60:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    minutes = math.floor(seconds / 60 + 0.5)
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


@dataclass(frozen=True)
class Pace:
    """Seconds a question takes this person: planning.THINKING_SECONDS before the reveal plus
    the mean of their latest timed ratings (reveal to rating), or DEFAULT_SECONDS_PER_QUESTION
    before they have any."""

    after_reveal: float | None

    @property
    def seconds(self) -> float:
        return planning.seconds_per_question([self.after_reveal] if self.after_reveal else [])

    @property
    def from_history(self) -> bool:
        return self.after_reveal is not None

    def minutes(self, question_count: int) -> int:
        return math.ceil(question_count * self.seconds / 60)

    @property
    def text(self) -> str:
        per_question = duration_text(self.seconds)
        if not self.from_history:
            return f"assuming {per_question} a question until your own pace is known"
        return (
            f"about {per_question} a question: {duration_text(planning.THINKING_SECONDS)} to "
            f"answer before the reveal, plus your usual {duration_text(self.after_reveal)} "
            "from the reveal to your rating"
        )


# The pace is today's: the latest timed ratings (a year of history is not read per page, and
# someone who has grown quicker is planned as they are now).
PACE_RATINGS = 200


def pace(user) -> Pace:
    seconds = list(
        ConfidenceRating.objects.for_user(user)
        .filter(seconds_spent__gt=0)
        .order_by("-rated_at")
        .values_list("seconds_spent", flat=True)[:PACE_RATINGS]
    )
    return Pace(after_reveal=sum(seconds) / len(seconds) if seconds else None)


def comes_back_text(count: int, first: datetime | None, tz: ZoneInfo) -> str:
    """'1 question comes back at 14:32 for another look.': questions due later today."""
    if not count or first is None:
        return ""
    at = f"{first.astimezone(tz):%H:%M}"
    if count == 1:
        return f"1 question comes back at {at} for another look."
    return f"{count} questions come back later today for another look, the first at {at}."


@dataclass(frozen=True)
class GuideDue:
    """What FSRS has due today in a guide without a plan for today (no interview, or one
    later today): `due_now`, and `later` today, the first at `next_later`."""

    title: str
    slug: str
    due_now: int
    later: int
    next_later: datetime | None

    @property
    def text(self) -> str:
        return f"{self.due_now} due in {self.title}"


@dataclass(frozen=True)
class Today:
    """Today's work for one person, as of `now`, in the local time zone `tz`.

    `reviews_today` is what the review queue holds: in a guide with an interview plan, the
    plan's reviews left for today (within its daily budget, `postponed` due ones wait for a
    later day); in other guides (`unplanned`), what is due now. `new_today` is what the plans
    start today (what is left of it); without an interview it is 0 and the review queue
    offers every unrated question (`unrated`). `to_do` is their sum: the header's count.
    Questions that come back later today (`back_later_today`) keep the day from being done."""

    user: object
    now: datetime
    tz: ZoneInfo
    date: date  # the local day
    plans: tuple[GuidePlan, ...]  # upcoming interviews, nearest first
    unplanned: tuple[GuideDue, ...]  # other guides with questions due today, by title

    def due_unplanned_now(self, limit: int) -> list[QuestionProgress]:
        """The first `limit` rows due now in the guides without a plan for today (without
        their questions: `plans.with_questions`), soonest first: one query, for the review
        page."""
        planned = [guide_plan.guide.pk for guide_plan in self.plans]
        tomorrow = local_midnight(self.now, self.tz, days=1)
        due = unplanned_rows(self.user, planned, before=tomorrow).filter(due__lte=self.now)
        rows = list(due[:limit]) + [
            row
            for guide_plan in self.plans
            if guide_plan.today is None
            for row in guide_plan.progress.values()
            if row.due <= self.now
        ]
        return sorted(rows, key=lambda row: (row.due, row.pk))[:limit]

    @property
    def planning_days(self) -> list[GuidePlan]:
        """Plans with a day to plan: an interview later today has none, and its guide is
        reviewed as FSRS says."""
        return [guide_plan for guide_plan in self.plans if guide_plan.today is not None]

    @property
    def has_plan(self) -> bool:
        """True when a plan has days left (an interview later today has none)."""
        return bool(self.planning_days)

    @property
    def interview(self) -> InterviewDate | None:
        """The nearest upcoming interview, across guides."""
        return self.plans[0].interview if self.plans else None

    @property
    def days_to_interview(self) -> int | None:
        return None if not self.plans else self.plans[0].days_left

    @property
    def countdown(self) -> str:
        return "" if self.days_to_interview is None else countdown_text(self.days_to_interview)

    @property
    def due_now(self) -> int:
        """Questions FSRS wants now, in every guide (the plans may postpone some)."""
        return sum(due.due_now for due in self.unplanned) + sum(
            guide_plan.due_now for guide_plan in self.planning_days
        )

    @property
    def reviews_today(self) -> int:
        return sum(due.due_now for due in self.unplanned) + sum(
            guide_plan.reviews_today for guide_plan in self.planning_days
        )

    @property
    def postponed(self) -> int:
        return sum(guide_plan.postponed for guide_plan in self.planning_days)

    @property
    def new_today(self) -> int:
        return sum(guide_plan.new_today for guide_plan in self.planning_days)

    @property
    def to_do(self) -> int:
        return self.reviews_today + self.new_today

    @property
    def back_later_count(self) -> int:
        """Questions not due yet that come back later today."""
        return sum(due.later for due in self.unplanned) + sum(
            len(guide_plan.back_later_today) for guide_plan in self.planning_days
        )

    @property
    def back_at(self) -> datetime | None:
        """When the first of them comes back."""
        moments = [due.next_later for due in self.unplanned if due.next_later]
        moments += [guide_plan.next_today for guide_plan in self.planning_days]
        return min((moment for moment in moments if moment), default=None)

    @property
    def comes_back_text(self) -> str:
        return comes_back_text(self.back_later_count, self.back_at, self.tz)

    @property
    def done_for_today(self) -> bool:
        """Nothing to do now, and nothing comes back later today."""
        return not self.to_do and not self.back_later_count

    @property
    def due_elsewhere(self) -> list[GuideDue]:
        """Guides without a plan for today with questions due now."""
        return [due for due in self.unplanned if due.due_now]

    @property
    def minutes(self) -> int:
        """Estimated minutes for today's reviews and new questions."""
        return self.pace.minutes(self.to_do)

    @cached_property
    def unrated(self) -> int:
        user = self.user
        return Question.objects.live().visible_to(user).exclude(progress__user=user).count()

    @cached_property
    def pace(self) -> Pace:
        return pace(self.user)

    @cached_property
    def streak(self) -> Streak:
        return streak(self.user, self.date, self.tz)

    @cached_property
    def continue_slug(self) -> str | None:
        """The nearest interview's guide, else the guide rated last, else the first guide;
        None only when there is no guide."""
        if self.plans:
            return self.plans[0].guide.slug
        last = (
            ConfidenceRating.objects.for_user(self.user)
            .filter(visibility.shown_to(self.user, path="question__"))
            .order_by("-rated_at", "-id")
            .values_list("question__section__guide__slug", flat=True)
            .first()
        )
        return (
            last
            or Guide.objects.live().visible_to(self.user).values_list("slug", flat=True).first()
        )


def _unplanned_later_today(plans: list[GuidePlan], *, now, tz) -> list[QuestionProgress]:
    """The rows due before tomorrow of interviews later today (no plan for today)."""
    tomorrow = local_midnight(now, tz, days=1)
    return [
        row
        for guide_plan in plans
        if guide_plan.today is None
        for row in guide_plan.progress.values()
        if row.due < tomorrow
    ]


def _unplanned(rows: Sequence[QuestionProgress], *, now: datetime) -> tuple[GuideDue, ...]:
    """What is due today in each guide without a plan for today, by title."""
    guides: dict[tuple[str, str], list[datetime]] = {}
    for row in rows:
        guides.setdefault((row.guide_title, row.guide_slug), []).append(row.due)
    return tuple(
        GuideDue(
            title=title,
            slug=slug,
            due_now=sum(1 for due in dues if due <= now),
            later=sum(1 for due in dues if due > now),
            next_later=min((due for due in dues if due > now), default=None),
        )
        for (title, slug), dues in sorted(guides.items())
    )


def today_summary(
    user,
    *,
    now: datetime | None = None,
    tz: ZoneInfo | None = None,
    interviews: list[InterviewDate] | None = None,
) -> Today:
    """Today's work for `user` (signed in). `now` defaults to the clock, `tz` to the current
    time zone; `interviews`, the person's upcoming ones with their guide, to a query."""
    now = now or timezone.now()
    tz = tz or timezone.get_current_timezone()
    if interviews is None:
        interviews = interviews_of(user, now)
    plans = load_plans(user, interviews, now=now, tz=tz)
    planned = [guide_plan.guide.pk for guide_plan in plans]
    tomorrow = local_midnight(now, tz, days=1)
    other_guides = [
        GuideDue(title, slug, due_now, later, next_later)
        for title, slug, due_now, later, next_later in unplanned_counts(
            user, planned, now=now, before=tomorrow
        )
    ]
    later_today = _unplanned(_unplanned_later_today(plans, now=now, tz=tz), now=now)
    return Today(
        user=user,
        now=now,
        tz=tz,
        date=now.astimezone(tz).date(),
        plans=tuple(plans),
        unplanned=tuple(sorted(other_guides + list(later_today), key=lambda d: (d.title, d.slug))),
    )


def interviews_of(user, now: datetime) -> list[InterviewDate]:
    """The person's upcoming interviews, with their guide."""
    return list(InterviewDate.objects.for_user(user).upcoming(now).select_related("guide"))


def today_for(request) -> Today:
    """The signed-in person's Today for this request, computed once: the page and the
    header's count (`header.to_do_count`) read the same one."""
    if not hasattr(request, "_today"):
        request._today = today_summary(request.user)
    return request._today


@cache
def live_progress():
    """Built once: building the live filter's joins costs more than counting with it."""
    return QuestionProgress.objects.live()
