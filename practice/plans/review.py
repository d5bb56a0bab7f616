"""The review queue: today's reviews, then today's new questions, then "done for today"
(as `today.Today` says: nothing to do now and nothing coming back later today).

Reviews: in a guide with an interview plan, the plan's reviews for today (what FSRS says is
due, within the daily budget, and what the plan brings forward), those most at risk of being
forgotten on the day first; in other guides, what FSRS says is due now, most overdue first.
New questions: with an interview plan, only as many as the plans start today; without one,
every question never rated. "Review ahead" (`ahead=True`) goes on past that:
questions not due yet, the most at risk (or soonest due) first, then unrated ones.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from guide.models import Question

from ..models import QuestionProgress
from ..scheduling import humanize_interval
from .inputs import GuidePlan, local_midnight, with_questions
from .today import Today

WITH_GUIDE = "question__section__guide"


@dataclass
class ReviewQueue:
    now: datetime
    due: list[QuestionProgress] = field(default_factory=list)
    postponed: int = 0  # due, but the plan puts them on a later day (budget)
    new_count: int = 0  # with a plan: new questions left for today; without: never rated
    planned: bool = False
    ahead: bool = False
    next_due: datetime | None = None
    done_for_today: bool = False  # nothing now, nothing later today
    tomorrow_reviews: int = 0
    tomorrow_new: int = 0
    can_review_ahead: bool = False
    current: Question | None = None
    current_progress: QuestionProgress | None = None

    @property
    def next_due_in(self) -> str:
        return humanize_interval(self.next_due - self.now) if self.next_due else ""

    @property
    def current_is_new(self) -> bool:
        return self.current is not None and self.current_progress is None


# Due questions listed on the review page (the queue itself takes them one at a time).
DUE_SHOWN = 50


def _risk_order(rows: list[QuestionProgress], plans: Sequence[GuidePlan]) -> list:
    """Questions of a planned guide first, least recalled on the interview day first; then
    the others, most overdue first."""
    recall = {
        question_id: value
        for guide_plan in plans
        for question_id, value in guide_plan.plan.if_stopped.recall.items()
    }

    def key(row):
        if row.question_id in recall:
            return (0, recall[row.question_id], row.due.timestamp())
        return (1, 0.0, row.due.timestamp())

    return sorted(rows, key=key)


def _todays_reviews(today: Today, plans, limit) -> list[QuestionProgress]:
    due = today.due_unplanned_now(limit)
    planned_reviews = [row for guide_plan in plans for row in guide_plan.todays_reviews]
    return _risk_order(planned_reviews + with_questions(plans, due), plans)


def _new_today(plans: Sequence[GuidePlan]) -> list[Question]:
    questions = []
    for guide_plan in plans:
        by_id = {question.pk: question for question in guide_plan.questions}
        questions += [by_id[question_id] for question_id in guide_plan.today.new_ids]
    return questions


def _ahead(progress, plans, now) -> tuple[Question | None, QuestionProgress | None]:
    """The next question to review ahead of its time."""
    if plans:
        rated = _risk_order(
            [row for guide_plan in plans for row in guide_plan.progress.values()], plans
        )
        if rated:
            return rated[0].question, rated[0]
        unrated = [q for guide_plan in plans for q in guide_plan.questions]
        return (unrated[0], None) if unrated else (None, None)
    soonest = progress.filter(due__gt=now).select_related(WITH_GUIDE).order_by("due").first()
    return (soonest.question, soonest) if soonest else (None, None)


def review_queue(
    user, *, today: Today, ahead: bool = False, limit: int = DUE_SHOWN
) -> ReviewQueue:
    """The queue as of `today.now`, following the plans of `today` (`today.today_summary`)."""
    now, tz = today.now, today.tz
    plans = today.planning_days
    progress = QuestionProgress.objects.for_user(user).live()
    due = _todays_reviews(today, plans, limit)
    queue = ReviewQueue(
        now=now,
        due=due,
        postponed=sum(guide_plan.postponed for guide_plan in plans),
        planned=bool(plans),
        ahead=ahead,
    )
    if plans:
        new = _new_today(plans)
        queue.new_count = len(new)
    else:
        unrated = Question.objects.live().visible_to(user).exclude(progress__user=user)
        queue.new_count = unrated.count()
    if due:
        queue.current = due[0].question
        queue.current_progress = due[0]
        return queue
    # In a planned guide the plan says when a question comes back, not FSRS's due time.
    upcoming = (
        progress.filter(due__gt=now)
        .exclude(question__section__guide_id__in=[guide_plan.guide.pk for guide_plan in plans])
        .order_by("due")
        .values_list("due", flat=True)
        .first()
    )
    # What comes back later today is said once, by `today`; this only adds later days.
    queue.next_due = today.back_at or upcoming
    if plans:
        queue.current = new[0] if new else None
    else:
        queue.current = (
            unrated.select_related("section__guide")
            .order_by("section__guide__title", "section__number", "number")
            .first()
        )
    if queue.current is not None:
        return queue
    queue.done_for_today = today.done_for_today
    if queue.done_for_today:
        _tomorrow(queue, progress, plans, now, tz)
    queue.can_review_ahead = queue.next_due is not None or bool(plans)
    if ahead:
        queue.current, queue.current_progress = _ahead(progress, plans, now)
    return queue


def _tomorrow(queue, progress, plans, now, tz):
    """What tomorrow holds: the plans' next day, and FSRS's due reviews in other guides."""
    planned = [guide_plan.guide.pk for guide_plan in plans]
    queue.tomorrow_reviews = (
        progress.filter(due__lt=local_midnight(now, tz, days=2))
        .exclude(question__section__guide_id__in=planned)
        .count()
    )
    for guide_plan in plans:
        if guide_plan.tomorrow is not None:
            queue.tomorrow_reviews += guide_plan.tomorrow.review_count
            queue.tomorrow_new += guide_plan.tomorrow.new_count
