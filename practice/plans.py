"""A person's interview plans: their rows turned into the planner's input (`planning.py`).

`load_plans()` reads the live questions of every planned guide and the person's progress rows
in them in two queries, whatever the number of guides, questions or ratings. "Today" is the
local day of `now` in the time zone given (the current one: `timezone.get_current_timezone()`).
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db.models import OuterRef, Subquery

from common.text import plural
from guide.models import Question

from . import planning
from .models import ConfidenceRating, InterviewDate, QuestionProgress


def countdown_text(days: int) -> str:
    if days <= 0:
        return "Interview today"
    if days == 1:
        return "Interview tomorrow"
    return f"Interview in {days} days"


def local_midnight(now: datetime, tz: ZoneInfo, *, days: int = 0) -> datetime:
    """The start of the local day of `now`, or of the day `days` later."""
    day = now.astimezone(tz).date() + timedelta(days=days)
    return datetime.combine(day, time(0), tzinfo=tz)


@dataclass(frozen=True)
class GuidePlan:
    """One guide's interview, its questions in reading order, and the plan toward it, as of
    `now`; `today_starts` is the local midnight that began today."""

    interview: InterviewDate
    questions: list[Question]
    progress: dict[int, QuestionProgress]  # by question id
    done_today: planning.DoneToday
    plan: planning.InterviewPlan
    now: datetime
    today_starts: datetime

    @property
    def guide(self):
        return self.interview.guide

    @property
    def today(self) -> planning.PlanDay | None:
        return self.plan.days[0] if self.plan.days else None

    @property
    def tomorrow(self) -> planning.PlanDay | None:
        return self.plan.days[1] if len(self.plan.days) > 1 else None

    def _rated_today(self, row: QuestionProgress) -> bool:
        return row.last_review >= self.today_starts

    @property
    def todays_reviews(self) -> list[QuestionProgress]:
        """The plan's reviews left for today, and questions rated earlier today that FSRS
        wants again now (its short learning steps, which the day-by-day plan leaves out)."""
        planned = set(self.today.review_ids) if self.today else set()
        return [
            row
            for row in self.progress.values()
            if row.question_id in planned or (self._rated_today(row) and row.due <= self.now)
        ]

    @property
    def postponed(self) -> int:
        """Questions FSRS says are due that the plan leaves for a later day (the budget)."""
        planned = set(self.today.review_ids) if self.today else set()
        return sum(
            1
            for row in self.progress.values()
            if row.due <= self.now
            and row.question_id not in planned
            and not self._rated_today(row)
        )

    @property
    def due_now(self) -> int:
        return sum(1 for row in self.progress.values() if row.due <= self.now)

    @property
    def back_later_today(self) -> list[datetime]:
        """When each question rated today comes back later today (FSRS's short learning
        steps), soonest first."""
        tomorrow = local_midnight(self.now, self.today_starts.tzinfo, days=1)
        return sorted(
            row.due
            for row in self.progress.values()
            if self._rated_today(row) and self.now < row.due < tomorrow
        )

    @property
    def next_today(self) -> datetime | None:
        """When a question rated today comes back later today, if one does."""
        return next(iter(self.back_later_today), None)

    @property
    def days_left(self) -> int:
        """Local calendar days from today to the interview's day: 0 today, 1 tomorrow."""
        return (self.interview.interview_on - self.today_starts.date()).days

    @property
    def countdown(self) -> str:
        return countdown_text(self.days_left)

    @property
    def work_text(self) -> str:
        """This plan's part of today: '1 review and 2 new questions today', or why none."""
        if self.today is None:
            return ""
        if not self.reviews_today + self.new_today:
            return (
                "nothing right now, more later today"
                if self.back_later_today
                else "done for today"
            )
        parts = [plural(self.reviews_today, "review")] if self.reviews_today else []
        parts += [plural(self.new_today, "new question")] if self.new_today else []
        return f"{' and '.join(parts)} today"

    @property
    def reviews_today(self) -> int:
        return len(self.todays_reviews)

    @property
    def new_today(self) -> int:
        return self.today.new_count if self.today else 0

    def recall_on_the_day(self, question_id: int) -> float:
        """Predicted recall at the interview if the person stopped now."""
        return self.plan.if_stopped.recall.get(question_id, 0.0)


def _progress_rows(user, guide_ids):
    first_rated = (
        ConfidenceRating.objects.filter(user=OuterRef("user"), question=OuterRef("question"))
        .order_by("rated_at")
        .values("rated_at")[:1]
    )
    return (
        QuestionProgress.objects.for_user(user)
        .live()
        .filter(question__section__guide_id__in=guide_ids)
        .annotate(first_rated_at=Subquery(first_rated))
    )


def _done_today(rows: list[QuestionProgress], midnight: datetime) -> planning.DoneToday:
    today = [row for row in rows if row.last_review >= midnight]
    started = sum(1 for row in today if row.first_rated_at and row.first_rated_at >= midnight)
    return planning.DoneToday(started=started, reviewed=len(today) - started)


def load_plans(
    user, interviews: Sequence[InterviewDate], *, now: datetime, tz: ZoneInfo
) -> list[GuidePlan]:
    """The plan of each upcoming interview given (with its guide selected), nearest first."""
    interviews = sorted(
        (interview for interview in interviews if interview.is_upcoming(now, tz)),
        key=lambda interview: (interview.moment(tz), interview.pk),
    )
    if not interviews:
        return []
    guide_ids = [interview.guide_id for interview in interviews]
    questions: dict[int, list[Question]] = {guide_id: [] for guide_id in guide_ids}
    for question in (
        Question.objects.live()
        .filter(section__guide_id__in=guide_ids)
        .select_related("section__guide")
        .in_order()
    ):
        questions[question.section.guide_id].append(question)
    rows: dict[int, list[QuestionProgress]] = {guide_id: [] for guide_id in guide_ids}
    progress: dict[int, QuestionProgress] = {}
    for row in _progress_rows(user, guide_ids).select_related("question__section__guide"):
        rows[row.question.section.guide_id].append(row)
        progress[row.question_id] = row
    midnight = local_midnight(now, tz)
    plans = []
    for interview in interviews:
        guide_questions = questions[interview.guide_id]
        done = _done_today(rows[interview.guide_id], midnight)
        plan = planning.plan_interview(
            [
                planning.PlanQuestion(
                    question_id=question.pk,
                    section_id=question.section_id,
                    card=progress[question.pk].card() if question.pk in progress else None,
                )
                for question in guide_questions
            ],
            now=now,
            interview_at=interview.moment(tz),
            tz=tz,
            target=interview.target,
            budget=interview.daily_budget,
            done_today=done,
        )
        plans.append(
            GuidePlan(
                interview=interview,
                questions=guide_questions,
                progress={q.pk: progress[q.pk] for q in guide_questions if q.pk in progress},
                done_today=done,
                plan=plan,
                now=now,
                today_starts=midnight,
            )
        )
    return plans
