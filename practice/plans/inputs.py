"""A person's interview plans: their rows turned into the planner's input (`planning.py`).

`load_plans()` reads the person's progress rows in every planned guide (and those due today
in other guides) in one query, whatever the number of guides, questions or ratings; the
guides' question lists and the plans come from `plan_cache`. "Today" is the local day of
`now` in the time zone given (the current one: `timezone.get_current_timezone()`).
"""

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, time, timedelta
from functools import cache, cached_property
from zoneinfo import ZoneInfo

from django.db.models import Count, F, Min, Q

from common.text import plural
from guide.models import Question

from ..models import ConfidenceRating, InterviewDate, QuestionProgress
from ..readiness import countdown_text
from . import cache as plan_cache
from . import planner as planning


def planning_moment(now: datetime, tz: ZoneInfo) -> datetime:
    """The moment the planner plans from: the start of the local hour of `now`. The plan is
    then the same all through the hour, so that it can be kept (`plan_cache`) and the
    header, the home and the review page read one plan; what happens within the hour
    (ratings, questions coming due) is counted from the progress rows at `now`."""
    local = now.astimezone(tz)
    return local.replace(minute=0, second=0, microsecond=0)


def local_midnight(now: datetime, tz: ZoneInfo, *, days: int = 0) -> datetime:
    """The start of the local day of `now`, or of the day `days` later."""
    day = now.astimezone(tz).date() + timedelta(days=days)
    return datetime.combine(day, time(0), tzinfo=tz)


@dataclass(frozen=True)
class GuidePlan:
    """One guide's interview, its questions in reading order, and the plan toward it, as of
    `now`; `today_starts` is the local midnight that began today."""

    interview: InterviewDate
    question_ids: list[int]  # the guide's live questions, in reading order
    progress: dict[int, QuestionProgress]  # by question id
    done_today: planning.DoneToday
    plan: planning.InterviewPlan
    plan_key: str  # names `plan` and all it was planned from (`plan_cache.plan`)
    now: datetime
    today_starts: datetime

    @property
    def guide(self):
        return self.interview.guide

    @cached_property
    def questions(self) -> list[Question]:
        """The guide's questions in reading order (see `with_questions`, which loads those
        of several plans at once)."""
        with_questions([self])
        return self.__dict__["questions"]

    @property
    def today(self) -> planning.PlanDay | None:
        return self.plan.days[0] if self.plan.days else None

    @cached_property
    def days(self) -> tuple[planning.PlanDay, ...]:
        """The plan's days as every page shows them: today is what is left of today, the
        reviews of `todays_reviews` (FSRS's short learning steps included, which the
        day-by-day plan leaves out) and the plan's new questions. The Today block, the
        daily load chart and its table, the home page and the calendar feed all read these,
        so they agree."""
        if not self.plan.days:
            return ()
        order = {question_id: index for index, question_id in enumerate(self.question_ids)}
        reviews = sorted(
            (row.question_id for row in self.todays_reviews),
            key=lambda question_id: order.get(question_id, len(order)),
        )
        return (replace(self.plan.days[0], review_ids=tuple(reviews)), *self.plan.days[1:])

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


GUIDE = "question__section__guide"


@cache
def _live_rows():
    """Live progress rows with their guide's id, title and slug: built once, as building the
    joins costs more than running the query (each request only adds its own filters)."""
    return QuestionProgress.objects.live().annotate(
        guide_id=F(f"{GUIDE}_id"), guide_title=F(f"{GUIDE}__title"), guide_slug=F(f"{GUIDE}__slug")
    )


def _progress_rows(user, guide_ids):
    """The person's live progress rows in the planned guides; without their questions (a page
    that shows them asks `with_questions`). Other guides are counted in SQL
    (`unplanned_counts`): a person with a year of practice in many guides has thousands."""
    return _live_rows().filter(user=user).filter(**{f"{GUIDE}_id__in": guide_ids})


def unplanned_rows(user, planned_ids, *, before: datetime):
    """Rows of the guides without a plan, due before `before`, soonest first."""
    return (
        _live_rows()
        .filter(user=user, due__lt=before)
        .exclude(**{f"{GUIDE}_id__in": planned_ids})
        .order_by("due", "pk")
    )


def unplanned_counts(user, planned_ids, *, now: datetime, before: datetime):
    """Per guide without a plan (title, slug): questions due now, due later before `before`,
    and the first of those; one grouped query."""
    return (
        unplanned_rows(user, planned_ids, before=before)
        .order_by()
        .values_list("guide_title", "guide_slug")
        .annotate(
            due_now=Count("pk", filter=Q(due__lte=now)),
            later=Count("pk", filter=Q(due__gt=now)),
            next_later=Min("due", filter=Q(due__gt=now)),
        )
    )


def _done_today(user, rows: list[QuestionProgress], midnight: datetime) -> planning.DoneToday:
    """Questions rated since `midnight`: started (first rated) today, or reviewed. A question
    rated once is started today; one rated more often, when all its ratings are today's
    (counted, in one query on the day's ratings, only when there is such a question)."""
    today = [row for row in rows if row.last_review >= midnight]
    started = sum(1 for row in today if row.rating_count == 1)
    again = {row.question_id: row.rating_count for row in today if row.rating_count > 1}
    if again:
        counts = (
            ConfidenceRating.objects.for_user(user)
            .filter(rated_at__gte=midnight, question_id__in=list(again))
            .order_by()
            .values("question_id")
            .annotate(count=Count("pk"))
            .values_list("question_id", "count")
        )
        started += sum(1 for question_id, count in counts if count >= again[question_id])
    return planning.DoneToday(started=started, reviewed=len(today) - started)


def load_plans(
    user, interviews: Sequence[InterviewDate], *, now: datetime, tz: ZoneInfo
) -> list[GuidePlan]:
    """The plan of each upcoming interview given (with its guide selected), nearest first.

    One query whatever the number of guides, questions or ratings; one more when a guide's
    content changed (its outline is kept per content version), and one when a
    question was rated more than once today (`_done_today`); the planner runs only for
    inputs it has not planned yet (`plan_cache`)."""
    interviews = sorted(
        (interview for interview in interviews if interview.is_upcoming(now, tz)),
        key=lambda interview: (interview.moment(tz), interview.pk),
    )
    guides = {interview.guide_id: interview.guide for interview in interviews}
    outlines = plan_cache.outlines(guides.values()) if guides else {}
    midnight = local_midnight(now, tz)
    rows: dict[int, list[QuestionProgress]] = {guide_id: [] for guide_id in guides}
    for row in _progress_rows(user, list(guides)):
        rows[row.guide_id].append(row)
    plans = []
    for interview in interviews:
        outline = outlines[interview.guide_id]
        progress = {row.question_id: row for row in rows[interview.guide_id]}
        done = _done_today(user, rows[interview.guide_id], midnight)
        plan, plan_key = plan_cache.plan(
            user.pk,
            [
                planning.PlanQuestion(
                    question_id=question_id,
                    section_id=section_id,
                    card=progress[question_id].card() if question_id in progress else None,
                )
                for question_id, section_id in outline
            ],
            now=planning_moment(now, tz),
            interview_at=interview.moment(tz),
            tz=tz,
            target=interview.target,
            budget=interview.daily_budget,
            done_today=done,
        )
        plans.append(
            GuidePlan(
                interview=interview,
                question_ids=[question_id for question_id, _section_id in outline],
                progress={qid: progress[qid] for qid, _section in outline if qid in progress},
                done_today=done,
                plan=plan,
                plan_key=plan_key,
                now=now,
                today_starts=midnight,
            )
        )
    return plans


def with_questions(
    plans: Sequence[GuidePlan], rows: Sequence[QuestionProgress] = ()
) -> list[QuestionProgress]:
    """Give the plans their questions (with section and guide), and their progress rows and
    the other `rows` given their question, in one query for all: for the pages that show
    questions. Returns `rows`."""
    wanted = [guide_plan for guide_plan in plans if "questions" not in guide_plan.__dict__]
    if not wanted and not rows:
        return list(rows)
    questions = Question.objects.select_related("section__guide").filter(
        Q(section__guide_id__in=[guide_plan.guide.pk for guide_plan in wanted])
        | Q(pk__in=[row.question_id for row in rows])
    )
    by_id = {question.pk: question for question in questions}
    for guide_plan in wanted:
        # Only a question archived since the outline was read can be missing.
        questions = [by_id[qid] for qid in guide_plan.question_ids if qid in by_id]
        guide_plan.__dict__["questions"] = questions
    for row in [*rows, *(row for plan in wanted for row in plan.progress.values())]:
        if row.question_id in by_id:
            row.question = by_id[row.question_id]
    return list(rows)
