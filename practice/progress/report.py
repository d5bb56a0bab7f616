"""The progress dashboard of one guide for one person, as plain data the template prints.

Readiness is predicted recall (FSRS retrievability) at the interview when one is set, else
READINESS_HORIZON (7 days) from now: a number that speaks of a day, not of this moment.

`guide_progress()` answers with a fixed number of queries whatever the number of questions
or ratings: the user's progress rows (plain values), the user's practice per day in this
guide, and their days of practice for the streak (both counted as the ratings were given,
practice/daily_practice.py, so they cost the days shown, not the ratings); the live questions
and their sections come from the guide's outline, read once per content version
(guide/page_cache.py). Days are the person's local days: they begin at midnight in the time
zone given (by default the request's, see accounts.middleware), also on the day a clock
change makes 23 or 25 hours long. Only the given user's rows are ever read.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from django.db.models import Avg, Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.timesince import timesince
from django.utils.timezone import localtime

from common.text import plural
from guide import page_cache
from guide.models import Guide, Question, Section

from .. import daily_practice, scheduling
from ..models import Confidence, ConfidenceRating, QuestionProgress
from ..readiness import READINESS_HORIZON, readiness_moment
from . import charts
from .streak import Streak, start_of_day, streak

ACTIVITY_WEEKS = 12
ACTIVITY_DAYS = 7 * ACTIVITY_WEEKS
WEAKEST_LIMIT = 5


@dataclass(frozen=True)
class ConfidenceCount:
    """How many of a section's live questions sit at one confidence (or are not rated)."""

    value: int | None  # None: not rated yet
    label: str  # "1 No idea" … "5 Nailed it", "Not rated"
    count: int
    css_class: str  # c1 … c5, unrated


@dataclass(frozen=True)
class SectionProgress:
    section: Section
    total: int
    rated: int
    counts: list[ConfidenceCount]  # confidence 1 … 5, then not rated
    bar: list[charts.BarSegment]
    readiness: float  # 0–1: mean predicted recall at readiness_at, unrated questions 0

    @property
    def title(self) -> str:
        return str(self.section)

    @property
    def rated_text(self) -> str:
        return f"{self.rated} of {self.total} rated"

    @property
    def readiness_percent(self) -> int:
        return round(self.readiness * 100)

    @property
    def bar_svg(self):
        return charts.stacked_bar_svg(self.bar)

    @property
    def readiness_width(self) -> str:
        return charts.percent(self.readiness)

    @property
    def chart_label(self) -> str:
        """The whole bar in words, for the SVG's accessible name."""
        parts = ", ".join(f"{count.label}: {count.count}" for count in self.counts)
        return f"{self.title}, confidence of {self.total} questions. {parts}."


@dataclass(frozen=True)
class WeakQuestion:
    question: Question
    confidence: int
    last_rated: str  # "last rated 3 days ago"


@dataclass(frozen=True)
class DayActivity:
    day: date
    count: int
    mean_confidence: float

    @property
    def label(self) -> str:
        return charts.day_label(self.day)

    @property
    def mean_text(self) -> str:
        return f"{self.mean_confidence:.1f}"


@dataclass(frozen=True)
class GuideProgress:
    readiness_at: datetime  # the interview, or READINESS_HORIZON from now
    for_interview: bool
    total: int
    rated: int
    readiness: float
    sections: list[SectionProgress]
    weakest: list[WeakQuestion]
    days: list[DayActivity]  # days with ratings in the activity window, oldest first
    heatmap: charts.Heatmap
    trend: charts.LineChart
    streak: Streak
    legend: list[ConfidenceCount]  # the scale's labels and colours, counts unused

    @property
    def has_ratings(self) -> bool:
        return self.rated > 0

    @property
    def unrated(self) -> int:
        return self.total - self.rated

    @property
    def rated_text(self) -> str:
        return f"{self.rated} of {self.total} rated"

    @property
    def unrated_text(self) -> str:
        return f"{plural(self.unrated, 'question')} not yet rated"

    @property
    def readiness_percent(self) -> int:
        return round(self.readiness * 100)

    @property
    def readiness_day(self) -> str:
        return charts.day_label(localtime(self.readiness_at).date())

    @property
    def readiness_when(self) -> str:
        """What readiness speaks of: 'on your interview day (Fri 12 Jun)'."""
        if self.for_interview:
            return f"on your interview day ({self.readiness_day})"
        days = READINESS_HORIZON.days
        return f"{days} days from now ({self.readiness_day})"

    @property
    def section_count_rows(self) -> SafeString:
        """The confidence table's rows: a section, its count per confidence, its total."""
        return _rows(
            (section.title, *(count.count for count in section.counts), section.total)
            for section in self.sections
        )

    @property
    def count_rows(self) -> SafeString:
        """The activity table's rows, a day each (up to 84, so built here, not in a loop)."""
        return _rows((day.label, day.count) for day in self.days)

    @property
    def mean_rows(self) -> SafeString:
        """The confidence-over-time table's rows: day, mean confidence, ratings."""
        return _rows((day.label, day.mean_text, day.count) for day in self.days)

    @property
    def rating_count(self) -> int:
        return sum(day.count for day in self.days)

    @property
    def activity_text(self) -> str:
        """'37 ratings on 9 days in the last 12 weeks'."""
        return (
            f"{plural(self.rating_count, 'rating')} on {plural(len(self.days), 'day')} "
            f"in the last {ACTIVITY_WEEKS} weeks"
        )

    @property
    def heatmap_label(self) -> str:
        first, last = self.heatmap.cells[0].day, self.heatmap.cells[-1].day
        return (
            f"Ratings per day from {charts.day_label(first)} to {charts.day_label(last)}: "
            f"{self.activity_text}."
        )

    @property
    def trend_label(self) -> str:
        if not self.days:
            return f"No ratings in the last {ACTIVITY_WEEKS} weeks."
        return (
            f"Mean confidence per day on a scale of 1 to 5, over {plural(len(self.days), 'day')} "
            f"with ratings in the last {ACTIVITY_WEEKS} weeks; most recent "
            f"{self.days[-1].mean_text} on {self.days[-1].label}."
        )


def _rows(rows) -> SafeString:
    """Table rows of a heading cell and data cells, escaped."""
    return mark_safe(  # noqa: S308 - every cell escaped
        "".join(
            f'<tr><th scope="row">{escape(str(heading))}</th>'
            + "".join(f"<td>{escape(str(cell))}</td>" for cell in cells)
            + "</tr>"
            for heading, *cells in rows
        )
    )


def _scale(counts: dict[int | None, int]) -> list[ConfidenceCount]:
    rows = [
        ConfidenceCount(
            value=choice.value,
            label=f"{choice.value} {choice.label}",
            count=counts.get(choice.value, 0),
            css_class=f"c{choice.value}",
        )
        for choice in Confidence
    ]
    rows.append(
        ConfidenceCount(
            value=None, label="Not rated", count=counts.get(None, 0), css_class="unrated"
        )
    )
    return rows


def _bar(counts: list[ConfidenceCount]) -> list[charts.BarSegment]:
    return charts.stacked_bar(
        [
            charts.BarPart(
                css_class=count.css_class,
                digit="" if count.value is None else str(count.value),
                count=count.count,
                title=f"{count.label}: {plural(count.count, 'question')}",
            )
            for count in counts
        ]
    )


@dataclass(frozen=True)
class _Rated:
    """What the page needs of one progress row."""

    confidence: int
    stability: float | None
    last_review: datetime | None


def _section_progress(
    questions: list[Question], progress: dict[int, _Rated], at: datetime
) -> list[SectionProgress]:
    by_section: dict[int, list[Question]] = {}
    for question in questions:
        by_section.setdefault(question.section_id, []).append(question)
    result = []
    for section_questions in by_section.values():
        counts: dict[int | None, int] = {}
        recall = 0.0
        for question in section_questions:
            row = progress.get(question.pk)
            key = row.confidence if row else None
            counts[key] = counts.get(key, 0) + 1
            if row:
                recall += scheduling.retrievability_of(row.stability, row.last_review, at=at)
        scale = _scale(counts)
        total = len(section_questions)
        result.append(
            SectionProgress(
                section=section_questions[0].section,
                total=total,
                rated=total - counts.get(None, 0),
                counts=scale,
                bar=_bar(scale),
                readiness=recall / total,
            )
        )
    return result


def _last_rated(then: datetime, now: datetime) -> str:
    if now - then < timedelta(minutes=1):
        return "last rated just now"
    # timesince separates number and unit with a no-break space; plain text reads the same.
    return f"last rated {timesince(then, now, depth=1)} ago".replace("\xa0", " ")


def _weakest(questions, progress, now) -> list[WeakQuestion]:
    rated = [
        (progress[question.pk], question) for question in questions if question.pk in progress
    ]
    # Lowest confidence first, then the one not seen for longest; reading order breaks ties.
    rated.sort(key=lambda pair: (pair[0].confidence, pair[0].last_review))
    return [
        WeakQuestion(
            question=question,
            confidence=row.confidence,
            last_rated=_last_rated(row.last_review, now),
        )
        for row, question in rated[:WEAKEST_LIMIT]
    ]


def _days(user, guide, *, first: date, last: date, tz: tzinfo) -> list[DayActivity]:
    """Ratings per local day of this guide's questions, as counted per day when they were
    given (`practice.daily_practice`): one row a day, however many ratings. Ratings of
    archived questions count too: the practice happened."""
    counted = daily_practice.guide_days(user, guide, first=first, last=last, tz=tz)
    if counted is None:
        return _days_from_ratings(user, guide, first=first, last=last, tz=tz)
    return [
        DayActivity(day=day, count=number, mean_confidence=total / number)
        for day, number, total in counted
    ]


def _days_from_ratings(user, guide, *, first: date, last: date, tz: tzinfo):
    """The same from the ratings themselves, counted and averaged in the database: for days
    in a zone they were not counted in (another device still in the person's old zone)."""
    rows = (
        ConfidenceRating.objects.for_user(user)
        .filter(
            question__section__guide=guide,
            rated_at__gte=start_of_day(first, tz),
            rated_at__lt=start_of_day(last + timedelta(days=1), tz),
        )
        .annotate(day=TruncDate("rated_at", tzinfo=tz))
        .values("day")
        .annotate(count=Count("pk"), mean=Avg("confidence"))
        .order_by("day")
    )
    return [
        DayActivity(day=row["day"], count=row["count"], mean_confidence=float(row["mean"]))
        for row in rows
    ]


def guide_progress(
    user,
    guide: Guide,
    *,
    now: datetime,
    tz: tzinfo | None = None,
    interview_at: datetime | None = None,
) -> GuideProgress:
    """Everything the progress page shows for `user` in `guide`, as of `now` (aware), with
    days in `tz` (by default the active time zone); with an upcoming `interview_at`,
    readiness speaks of that moment."""
    tz = tz or timezone.get_current_timezone()
    if interview_at is not None and interview_at <= now:
        interview_at = None
    readiness_at = readiness_moment(now=now, interview_at=interview_at)
    today = timezone.localdate(now, tz)
    first_day = today - timedelta(days=ACTIVITY_DAYS - 1)
    questions = _questions(guide)
    rows = (
        QuestionProgress.objects.for_user(user)
        .filter(question__section__guide_id=guide.pk)
        .values_list("question_id", "confidence", "stability", "last_review")
    )
    live = {question.pk for question in questions}
    progress = {row[0]: _Rated(*row[1:]) for row in rows if row[0] in live}
    sections = _section_progress(questions, progress, readiness_at)
    total = len(questions)
    days = _days(user, guide, first=first_day, last=today, tz=tz)
    return GuideProgress(
        readiness_at=readiness_at,
        for_interview=interview_at is not None,
        total=total,
        rated=sum(section.rated for section in sections),
        readiness=(
            sum(section.readiness * section.total for section in sections) / total if total else 0
        ),
        sections=sections,
        weakest=_weakest(questions, progress, now),
        days=days,
        heatmap=charts.heatmap(
            {day.day: day.count for day in days}, end=today, weeks=ACTIVITY_WEEKS
        ),
        trend=charts.confidence_line(
            {day.day: day.mean_confidence for day in days},
            {day.day: day.count for day in days},
            start=first_day,
            end=today,
        ),
        streak=streak(user, today, tz),
        legend=_scale({}),
    )


def _questions(guide: Guide) -> list[Question]:
    """The guide's live questions in reading order, with their sections, built from its
    cached outline: only the fields the page prints."""
    sections: dict[int, Section] = {}
    questions = []
    for entry in page_cache.outline(guide.pk, guide.content_version):
        section = sections.get(entry.section_id)
        if section is None:
            section = sections[entry.section_id] = Section(
                pk=entry.section_id,
                guide=guide,
                number=entry.section_number,
                title=entry.section_title,
            )
        questions.append(
            Question(pk=entry.pk, section=section, number=entry.number, prompt=entry.prompt)
        )
    return questions


def with_rated_counts(guides: QuerySet[Guide], user) -> QuerySet[Guide]:
    """Annotate each guide with `rated_count`: how many of its live questions `user` has
    rated (one subquery, for the progress overview)."""
    rated = (
        QuestionProgress.objects.for_user(user)
        .live()
        .filter(question__section__guide=OuterRef("pk"))
        .order_by()
        .values("question__section__guide")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return guides.annotate(rated_count=Coalesce(Subquery(rated, output_field=IntegerField()), 0))
