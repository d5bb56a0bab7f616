"""The interview plan page as plain data: today's work, the forecast and the daily load.

Every forecast names its day and what it assumes (see docs: UI.md "Forecasts")."""

from dataclasses import dataclass
from datetime import date

from common.text import plural
from guide.models import Question

from ..progress import charts
from . import planner as planning
from .inputs import GuidePlan
from .today import Pace, Today, comes_back_text


def _percent(value: float) -> int:
    """A recall as a whole percent, never rounded up to the target it misses."""
    return int(value * 100)


def long_day(day: date) -> str:
    """'Friday 12 June 2026'."""
    return f"{day:%A} {day.day} {day:%B %Y}"


@dataclass(frozen=True)
class ForecastRow:
    label: str
    followed: float
    stopped: float

    @property
    def followed_percent(self) -> int:
        return _percent(self.followed)

    @property
    def stopped_percent(self) -> int:
        return _percent(self.stopped)

    @property
    def followed_width(self) -> str:
        return charts.percent(self.followed)

    @property
    def stopped_width(self) -> str:
        return charts.percent(self.stopped)


@dataclass(frozen=True)
class ShortQuestion:
    question: Question
    recall_percent: int


@dataclass(frozen=True)
class PlanDayRow:
    day: planning.PlanDay

    @property
    def label(self) -> str:
        return charts.day_label(self.day.date)


@dataclass(frozen=True)
class PlanPage:
    guide_plan: GuidePlan
    whole_day: Today  # every guide's work today: what this page says must agree with it
    reviews: list[Question]  # today's reviews left, in reading order
    new: list[Question]  # today's new questions left
    forecast: list[ForecastRow]  # overall first, then each section
    shortfall: list[ShortQuestion]
    load: charts.LoadChart
    days: list[PlanDayRow]

    @property
    def charts_key(self) -> str:
        """Names what the forecast, the shortfall and the daily load show: the plan (with
        the person, the interview and the day) and the guide's content (section titles,
        questions' prompts and addresses)."""
        guide = self.guide_plan.guide
        # "at 09:00" or the day alone: no time given plans from 09:00 too, so the plan's key
        # alone cannot tell them apart.
        given = self.guide_plan.interview.time_given
        return f"{self.guide_plan.plan_key}:{guide.pk}:{guide.content_version}:{given}"

    @property
    def pace(self) -> Pace:
        return self.whole_day.pace

    @property
    def plan(self) -> planning.InterviewPlan:
        return self.guide_plan.plan

    @property
    def interview(self):
        return self.guide_plan.interview

    @property
    def target_percent(self) -> int:
        return self.interview.target_percent

    @property
    def target_width(self) -> str:
        return charts.percent(self.interview.target)

    @property
    def day_text(self) -> str:
        """'Friday 12 June 2026 at 14:30' or, with no time given, the day alone."""
        text = long_day(self.interview.interview_on)
        if self.interview.time_given:
            text += f" at {self.interview.interview_time:%H:%M}"
        return text

    @property
    def short_day(self) -> str:
        return charts.day_label(self.interview.interview_on)

    @property
    def countdown(self) -> str:
        return self.guide_plan.countdown

    @property
    def today_count(self) -> int:
        return len(self.reviews) + len(self.new)

    @property
    def done_today(self) -> int:
        return self.guide_plan.done_today.total

    @property
    def today_text(self) -> str:
        if not self.plan.days:
            return "Your interview is today: there is nothing more to plan. Good luck!"
        if not self.today_count:
            done = (
                f"You did {plural(self.done_today, 'question')} today. " if self.done_today else ""
            )
            later = self.guide_plan.back_later_today
            if later:
                return done + comes_back_text(len(later), later[0], self.whole_day.tz)
            if self.whole_day.to_do or self.whole_day.back_later_count:
                return f"{done}Nothing more in this plan today."
            return f"{done}Nothing more today."
        parts = []
        if self.reviews:
            parts.append(plural(len(self.reviews), "review"))
        if self.new:
            parts.append(plural(len(self.new), "new question"))
        minutes = plural(self.pace.minutes(self.today_count), "minute")
        return f"{' and '.join(parts)}: about {minutes} ({self.pace.text})."

    @property
    def elsewhere_text(self) -> str:
        """Today's work outside this plan, so that "nothing more" here is not read as the
        whole day."""
        parts = [
            f"{other.work_text} in your plan for {other.guide.title}"
            for other in self.whole_day.planning_days
            if other.guide.pk != self.guide_plan.guide.pk and other.reviews_today + other.new_today
        ]
        parts += [due.text for due in self.whole_day.due_elsewhere]
        return f"Also today: {'; '.join(parts)}." if parts else ""

    @property
    def tomorrow_text(self) -> str:
        tomorrow = self.guide_plan.tomorrow
        if tomorrow is None:
            return "Tomorrow is your interview day."
        return (
            f"Tomorrow: {plural(tomorrow.review_count, 'review')} and "
            f"{plural(tomorrow.new_count, 'new question')}."
        )

    @property
    def budget_text(self) -> str:
        budget = plural(self.plan.budget, "question")
        if not self.plan.budget_is_default:
            return f"{budget} a day, as you chose."
        if self.plan.shortfall is None:
            return f"{budget} a day: the fewest that reach your {self.target_percent}% target."
        return f"{budget} a day: the busiest day of a plan with no limit."

    @property
    def shortfall_text(self) -> str:
        shortfall = self.plan.shortfall
        if shortfall is None:
            return ""
        under = plural(len(shortfall.question_ids), "question")
        verb = "stays" if len(shortfall.question_ids) == 1 else "stay"
        if not self.plan.days:
            return f"{under} {verb} under your {self.target_percent}% target."
        head = (
            f"Even if you follow the plan, {under} {verb} under your {self.target_percent}% "
            f"target on {self.short_day}"
        )
        if shortfall.needed_budget is not None:
            return (
                f"{head} with {plural(self.plan.budget, 'question')} a day. "
                f"{plural(shortfall.needed_budget, 'question')} a day would reach it."
            )
        return (
            f"{head}: there is not enough time left for any daily budget to reach it. "
            "Practise what you can; an earlier start or a lower target would help next time."
        )

    @property
    def forecast_label(self) -> str:
        overall = self.forecast[0]
        return (
            f"Predicted recall on {self.short_day}, overall and per section: "
            f"{overall.followed_percent}% if you follow the plan, "
            f"{overall.stopped_percent}% if you stop today; target {self.target_percent}%."
        )

    @property
    def load_label(self) -> str:
        total = sum(row.day.total for row in self.days)
        busiest = max((row.day.total for row in self.days), default=0)
        return (
            f"Questions per day from today to the day before the interview: "
            f"{plural(total, 'question')} over {plural(len(self.days), 'day')}, "
            f"at most {busiest} a day."
        )


def plan_page(guide_plan: GuidePlan, *, whole_day: Today) -> PlanPage:
    plan = guide_plan.plan
    by_id = {question.pk: question for question in guide_plan.questions}
    # Today's reviews and new questions, the chart and the table: one list of days.
    days = guide_plan.days
    today = days[0] if days else None
    reviews = [by_id[qid] for qid in today.review_ids if qid in by_id] if today else []
    new = [by_id[qid] for qid in today.new_ids] if today else []
    sections = {}
    for question in guide_plan.questions:
        sections.setdefault(question.section_id, question.section)
    forecast = [ForecastRow("Overall", plan.if_followed.overall, plan.if_stopped.overall)] + [
        ForecastRow(
            str(section),
            plan.if_followed.by_section[section_id],
            plan.if_stopped.by_section[section_id],
        )
        for section_id, section in sections.items()
    ]
    shortfall = []
    if plan.shortfall:
        shortfall = sorted(
            (
                ShortQuestion(by_id[qid], _percent(recall))
                for qid, recall in plan.shortfall.recall.items()
            ),
            key=lambda item: (item.recall_percent, item.question.section.number),
        )
    return PlanPage(
        guide_plan=guide_plan,
        whole_day=whole_day,
        reviews=reviews,
        new=new,
        forecast=forecast,
        shortfall=shortfall,
        load=charts.load_columns([(day.date, day.review_count, day.new_count) for day in days]),
        days=[PlanDayRow(day) for day in days],
    )
