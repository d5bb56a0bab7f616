"""What a finished (or abandoned) mock interview adds up to, for the summary page."""

from dataclasses import dataclass
from datetime import datetime
from statistics import mean

from django.urls import reverse
from django.utils import timezone

from ..models import AnswerNote, Confidence, MockItem, MockSession
from .coverage import KeyPoint, coverage, highlight_segments, key_points


@dataclass(frozen=True)
class ItemResult:
    item: MockItem
    elapsed: int
    limit: int
    over_limit: bool
    # None when the model answer has no bold key points; all missed when nothing was typed.
    key_points: list[KeyPoint] | None
    answer_segments: list[tuple[str, bool]]
    # The person's own "My answer" note on the question, shown beside what they typed.
    note: AnswerNote | None = None

    @property
    def question(self):
        return self.item.question

    @property
    def confidence_label(self) -> str:
        if self.item.confidence is None:
            return "Not rated"
        return f"{self.item.confidence} – {Confidence(self.item.confidence).label}"

    @property
    def covered(self) -> int:
        return sum(point.covered for point in self.key_points or [])

    @property
    def coverage(self) -> float | None:
        return self.covered / len(self.key_points) if self.key_points else None

    @property
    def coverage_text(self) -> str:
        if not self.key_points:
            return ""
        return f"{self.covered} of {len(self.key_points)} key points"


@dataclass(frozen=True)
class SectionResult:
    title: str
    count: int
    mean_confidence: float | None
    mean_coverage: float | None


@dataclass(frozen=True)
class SessionSummary:
    session: MockSession
    items: list[ItemResult]
    sections: list[SectionResult]

    @property
    def rated(self) -> list[ItemResult]:
        return [result for result in self.items if result.item.confidence is not None]

    @property
    def mean_confidence(self) -> float | None:
        return _mean([result.item.confidence for result in self.rated])

    @property
    def with_key_points(self) -> list[ItemResult]:
        return [result for result in self.items if result.coverage is not None]

    @property
    def mean_coverage(self) -> float | None:
        """Over every question with key points: one left unanswered counts as 0 %."""
        return _mean([result.coverage for result in self.with_key_points])

    @property
    def coverage_note(self) -> str:
        """Which questions the coverage is a mean of: only those whose answers have key
        points, so say so when some have none."""
        counted = len(self.with_key_points)
        if not counted:
            return ""
        if counted == len(self.items):
            which = f"{counted} question{'s' if counted != 1 else ''}"
        elif counted == 1:
            which = "the 1 question that has key points"
        else:
            which = f"the {counted} questions that have key points"
        return f"mean of {which}; unanswered count as 0%"

    @property
    def total_seconds(self) -> int:
        return sum(result.elapsed for result in self.items)


def _mean(values):
    return mean(values) if values else None


def item_result(item: MockItem, *, now: datetime, note: AnswerNote | None = None) -> ItemResult:
    points = key_points(item.question.answer)
    found = coverage(points, item.answer_text) if points else None
    return ItemResult(
        item=item,
        elapsed=item.elapsed_seconds(now),
        limit=item.session.limit_seconds,
        over_limit=item.is_over_limit(now),
        key_points=found,
        answer_segments=highlight_segments(item.answer_text, found or []),
        note=note,
    )


def summarize(session: MockSession, *, now: datetime) -> SessionSummary:
    items = list(
        session.items.select_related("question__section__guide", "session").order_by("position")
    )
    notes = AnswerNote.objects.for_user(session.user_id).filter(
        question_id__in=[item.question_id for item in items]
    )
    note_of = {note.question_id: note for note in notes}
    results = [
        item_result(item, now=now, note=note_of.get(item.question_id))
        for item in items
        if item.started_at is not None
    ]
    by_section: dict[int, list[ItemResult]] = {}
    for result in results:
        by_section.setdefault(result.question.section_id, []).append(result)
    sections = [
        SectionResult(
            title=str(group[0].question.section),
            count=len(group),
            mean_confidence=_mean([r.item.confidence for r in group if r.item.confidence]),
            mean_coverage=_mean([r.coverage for r in group if r.coverage is not None]),
        )
        for group in sorted(by_section.values(), key=lambda g: g[0].question.section.number)
    ]
    return SessionSummary(session=session, items=results, sections=sections)


def history_row(session: MockSession) -> dict:
    """One line of the history page (items prefetched): questions, score, time, link. An
    interview that is over counts the questions it reached, as its summary does; one in
    progress, the questions it holds."""
    items = list(session.items.all())
    if not session.is_active:
        items = [item for item in items if item.started_at is not None]
    rated = [item.confidence for item in items if item.confidence]
    end = session.ended_at or timezone.now()
    return {
        "session": session,
        "questions": len(items),
        "score": _mean(rated),
        "total_seconds": sum(item.elapsed_seconds(end) for item in items),
        "url": session.get_absolute_url()
        if session.is_active
        else reverse("practice:mock_summary", args=[session.pk]),
    }
