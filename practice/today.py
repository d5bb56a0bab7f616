"""What a person has to do today, in one place: the signed-in home, the review page and
(later) reminder emails and the calendar feed all read `today_summary()`.

A fixed number of queries whatever the number of guides, questions or ratings: upcoming
interviews, the count due now, the count never rated, the person's mean time per question,
the streak, the guide to continue (only without an interview), and, with interviews, the
planned guides' questions and progress rows (see `plans.load_plans`).
"""

import math
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.db.models import Avg
from django.utils import timezone

from guide.models import Guide, Question

from . import planning
from .models import ConfidenceRating, InterviewDate, QuestionProgress
from .plans import GuidePlan, load_plans
from .progress import Streak, streak


def days_until(interview_at: datetime, *, now: datetime, tz: ZoneInfo) -> int:
    """Local calendar days from today to the interview's day: 0 today, 1 tomorrow."""
    return (interview_at.astimezone(tz).date() - now.astimezone(tz).date()).days


def countdown_text(days: int) -> str:
    if days <= 0:
        return "Interview today"
    if days == 1:
        return "Interview tomorrow"
    return f"Interview in {days} days"


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
    the mean of their timed ratings (reveal to rating), or DEFAULT_SECONDS_PER_QUESTION before
    they have any."""

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


def pace(user) -> Pace:
    mean = (
        ConfidenceRating.objects.for_user(user)
        .filter(seconds_spent__gt=0)
        .aggregate(mean=Avg("seconds_spent"))["mean"]
    )
    return Pace(after_reveal=mean)


@dataclass(frozen=True)
class Today:
    """Today's work for one person, as of `now`, in the local time zone `tz`.

    `due_now` counts questions FSRS wants now, in every guide. `reviews_today` is what the
    review queue holds: in a guide with an interview plan, the plan's reviews left for today
    (within its daily budget, `postponed` due ones wait for a later day); in other guides,
    what is due now. `new_today` is what the plans start today (what is left of it); without
    an interview it is 0 and the review queue offers every unrated question (`unrated`)."""

    now: datetime
    tz: ZoneInfo
    date: date  # the local day
    due_now: int
    reviews_today: int
    postponed: int
    new_today: int
    unrated: int
    pace: Pace
    streak: Streak
    plans: tuple[GuidePlan, ...]  # upcoming interviews, nearest first
    continue_slug: str | None  # see _continue_slug; None only when there is no guide

    @property
    def has_plan(self) -> bool:
        """True when a plan has days left (an interview later today has none)."""
        return any(guide_plan.today is not None for guide_plan in self.plans)

    @property
    def interview(self) -> InterviewDate | None:
        """The nearest upcoming interview, across guides."""
        return self.plans[0].interview if self.plans else None

    @property
    def days_to_interview(self) -> int | None:
        if self.interview is None:
            return None
        return days_until(self.interview.interview_at, now=self.now, tz=self.tz)

    @property
    def countdown(self) -> str:
        return "" if self.days_to_interview is None else countdown_text(self.days_to_interview)

    @property
    def to_do(self) -> int:
        return self.reviews_today + self.new_today

    @property
    def minutes(self) -> int:
        """Estimated minutes for today's reviews and new questions."""
        return self.pace.minutes(self.to_do)


def _reviews_today(plans: list[GuidePlan], due_now: int) -> int:
    """The plans' reviews for today, and what is due now in the other guides."""
    planned_due = sum(guide_plan.due_now for guide_plan in plans)
    return due_now - planned_due + sum(guide_plan.reviews_today for guide_plan in plans)


def _continue_slug(user, plans: list[GuidePlan]) -> str | None:
    """The nearest interview's guide, else the guide rated last, else the first guide."""
    if plans:
        return plans[0].guide.slug
    last = (
        ConfidenceRating.objects.for_user(user)
        .filter(question__archived=False)
        .order_by("-rated_at", "-id")
        .values_list("question__section__guide__slug", flat=True)
        .first()
    )
    return last or Guide.objects.live().visible_to(user).values_list("slug", flat=True).first()


def today_summary(user, *, now: datetime | None = None, tz: ZoneInfo | None = None) -> Today:
    """Today's work for `user` (signed in). `now` defaults to the clock, `tz` to the current
    time zone."""
    now = now or timezone.now()
    tz = tz or timezone.get_current_timezone()
    interviews = list(InterviewDate.objects.for_user(user).upcoming(now).select_related("guide"))
    plans = load_plans(user, interviews, now=now, tz=tz)
    due_now = QuestionProgress.objects.for_user(user).live().due(now).count()
    # An interview later today leaves no day to plan: its guide is reviewed as FSRS says.
    planning_days = [guide_plan for guide_plan in plans if guide_plan.today is not None]
    return Today(
        now=now,
        tz=tz,
        date=now.astimezone(tz).date(),
        due_now=due_now,
        reviews_today=_reviews_today(planning_days, due_now),
        postponed=sum(guide_plan.postponed for guide_plan in planning_days),
        new_today=sum(guide_plan.new_today for guide_plan in planning_days),
        unrated=Question.objects.live().visible_to(user).exclude(progress__user=user).count(),
        pace=pace(user),
        streak=streak(user, now.astimezone(tz).date(), tz),
        plans=tuple(plans),
        continue_slug=_continue_slug(user, plans),
    )
