"""A day-by-day plan toward an interview date, and what it predicts for the day itself.

Pure functions over FSRS cards (no database access): a loader turns a person's progress rows
into `PlanQuestion`s, and views show the `InterviewPlan`.

Assumptions, each a constant below:
- every planned review is rated PLANNED_CONFIDENCE (4 – Good);
- a planned day is done at the local time of day of `now` (today: at `now`);
- a question is reviewed at most once a day;
- questions already rated today (`DoneToday`) count toward today's share of new questions and
  today's budget, so a plan recomputed during the day shrinks as the day's work is done;
- new questions are started in the order given (the guide's), none in the last
  LAST_DAYS_WITHOUT_NEW days before the interview when there is time.
Predicted recall is FSRS retrievability at the interview, as `scheduling.retrievability`
computes it everywhere else in the app.
"""

import heapq
import math
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import fsrs

from .. import scheduling
from ..readiness import readiness

DEFAULT_TARGET = 0.90
MIN_TARGET = 0.80
MAX_TARGET = 0.97
PLANNED_CONFIDENCE = 4
LAST_DAYS_WITHOUT_NEW = 2
DEFAULT_SECONDS_PER_QUESTION = 90
# A rating records only the seconds from the reveal to the rating; before the reveal a person
# reads the question and answers it in their own words, which no click measures.
THINKING_SECONDS = 60


@dataclass(frozen=True)
class PlanQuestion:
    """One question of the guide: its FSRS card, or None if the person never rated it."""

    question_id: int
    section_id: int
    card: fsrs.Card | None = None


@dataclass(frozen=True)
class DoneToday:
    """Questions rated earlier today (local): `started` were rated for the first time,
    `reviewed` had been rated before."""

    started: int = 0
    reviewed: int = 0

    @property
    def total(self) -> int:
        return self.started + self.reviewed


@dataclass(frozen=True)
class PlanDay:
    date: date
    at: datetime  # when the plan assumes the day's questions are done (UTC)
    review_ids: tuple[int, ...]
    new_ids: tuple[int, ...]

    @property
    def review_count(self) -> int:
        return len(self.review_ids)

    @property
    def new_count(self) -> int:
        return len(self.new_ids)

    @property
    def total(self) -> int:
        return self.review_count + self.new_count


@dataclass(frozen=True)
class Forecast:
    """Predicted recall (0–1) at the interview: per question, overall (mean), per section."""

    recall: dict[int, float]
    overall: float
    by_section: dict[int, float]

    def under(self, target: float) -> tuple[int, ...]:
        return tuple(qid for qid, recall in self.recall.items() if recall < target)


@dataclass(frozen=True)
class Shortfall:
    """Questions still under the target on the day even if the plan is followed."""

    question_ids: tuple[int, ...]
    recall: dict[int, float]  # their predicted recall
    needed_budget: int | None  # questions a day that would reach the target; None: none can


@dataclass(frozen=True)
class InterviewPlan:
    interview_at: datetime
    target: float
    budget: int  # questions a day, as given or the default
    budget_is_default: bool
    days: tuple[PlanDay, ...]
    if_followed: Forecast
    if_stopped: Forecast
    shortfall: Shortfall | None


def seconds_per_question(seconds_spent: Iterable[int | None] = ()) -> float:
    """A question's time: THINKING_SECONDS before the reveal plus the person's mean time from
    the reveal to the rating, or DEFAULT_SECONDS_PER_QUESTION in all with no history."""
    known = [seconds for seconds in seconds_spent if seconds]
    if not known:
        return DEFAULT_SECONDS_PER_QUESTION
    return THINKING_SECONDS + sum(known) / len(known)


def plan_interview(
    questions: Iterable[PlanQuestion],
    *,
    now: datetime,
    interview_at: datetime,
    tz: ZoneInfo,
    target: float = DEFAULT_TARGET,
    budget: int | None = None,
    done_today: DoneToday = DoneToday(),
) -> InterviewPlan:
    """Plan each day from today (local) to the day before the interview; today's day holds
    what is left of today's work after `done_today`.

    With no budget, the default is one that reaches the target (see `_enough_budget`) or,
    when none can, the busiest day of an unlimited plan."""
    if now.tzinfo is None or interview_at.tzinfo is None:
        raise ValueError("now and interview_at must be timezone-aware.")
    if interview_at <= now:
        raise ValueError("The interview must be in the future.")
    if not MIN_TARGET <= target <= MAX_TARGET:
        raise ValueError(f"The target must be between {MIN_TARGET:.0%} and {MAX_TARGET:.0%}.")
    if budget is not None and budget < 1:
        raise ValueError("The daily budget must be at least one question.")
    questions = list(questions)
    calendar = _Calendar(now.astimezone(UTC), interview_at.astimezone(UTC), tz)
    stopped = _forecast(questions, {q.question_id: q.card for q in questions}, calendar)

    needed = None
    if budget is None:
        needed, days, cards = _enough_budget(questions, calendar, target, done_today)
        budget_is_default = True
        budget = needed or max((day.total for day in days), default=0) or 1
    else:
        budget_is_default = False
        days, cards = _simulate(questions, calendar, target, budget, done_today)
    followed = _forecast(questions, cards, calendar)
    under = followed.under(target)
    shortfall = None
    if under:
        if not budget_is_default:
            needed, _days, _cards = _enough_budget(questions, calendar, target, done_today)
        shortfall = Shortfall(
            question_ids=under,
            recall={qid: followed.recall[qid] for qid in under},
            needed_budget=needed,
        )
    return InterviewPlan(
        interview_at=interview_at,
        target=target,
        budget=budget,
        budget_is_default=budget_is_default,
        days=tuple(days),
        if_followed=followed,
        if_stopped=stopped,
        shortfall=shortfall,
    )


class _Calendar:
    """Local days from today to the day before the interview, and when each is done."""

    def __init__(self, now: datetime, interview_at: datetime, tz: ZoneInfo):
        self.tz = tz
        self.interview_at = interview_at
        local_now = now.astimezone(tz)
        self.today = local_now.date()
        count = max((interview_at.astimezone(tz).date() - self.today).days, 0)
        later = [self._moment(self.date_of(index), local_now.time()) for index in range(1, count)]
        self.moments = [now, *later][:count]
        # Local midnights from tomorrow to the interview's day, in UTC, to count days fast.
        self.midnights = [
            datetime.combine(self.date_of(index), time(0), tzinfo=tz).astimezone(UTC)
            for index in range(1, count + 1)
        ]

    def _moment(self, day: date, clock: time) -> datetime:
        moment = datetime.combine(day, clock, tzinfo=self.tz).astimezone(UTC)
        if moment.astimezone(self.tz).date() != day:  # a clock time that day skips (DST)
            moment = datetime.combine(day, time(12), tzinfo=self.tz).astimezone(UTC)
        return moment

    def day_of(self, moment: datetime) -> int:
        """Index of a moment's local day: 0 today, negative before, the number of plan days
        on the interview's day and after."""
        if self.midnights and moment >= self.midnights[0]:
            return bisect_right(self.midnights, moment)
        return min((moment.astimezone(self.tz).date() - self.today).days, 0)

    def date_of(self, index: int) -> date:
        return self.today + timedelta(days=index)


class _Steps:
    """The planned reviews and next review days worked out so far in one `plan_interview`:
    its simulations (no budget, then capped ones) share most of their days, so each card is
    reviewed at a moment, and its next day found, once. Keyed by the card object, which is
    held here so that its id stays its own."""

    def __init__(self, calendar: _Calendar, target: float):
        self.calendar = calendar
        self.target = target
        self._new: dict[int, fsrs.Card] = {}
        self._reviewed: dict[tuple[int, datetime], tuple[fsrs.Card, fsrs.Card]] = {}
        self._next: dict[int, tuple[fsrs.Card, int | None]] = {}

    def new_card(self, question_id: int) -> fsrs.Card:
        if question_id not in self._new:
            self._new[question_id] = scheduling.new_card(question_id)
        return self._new[question_id]

    def review(self, card: fsrs.Card, at: datetime) -> fsrs.Card:
        key = (id(card), at)
        if key not in self._reviewed:
            reviewed = scheduling.review(card, confidence=PLANNED_CONFIDENCE, at=at)
            self._reviewed[key] = (card, reviewed)
        return self._reviewed[key][1]

    def next_day(self, card: fsrs.Card) -> int | None:
        key = id(card)
        if key not in self._next:
            self._next[key] = (card, _next_day(card, self.calendar, self.target))
        return self._next[key][1]


def _recall_on_the_day(card: fsrs.Card, calendar: _Calendar) -> float:
    return scheduling.retrievability(card, at=calendar.interview_at)


def _next_day(card: fsrs.Card, calendar: _Calendar, target: float) -> int | None:
    """The day a started question should next be reviewed, or None if it needs no more.

    FSRS's due day when it falls before the interview; otherwise, if the recall on the day
    would be under the target, the first day from which a review lifts it to the target
    (the day before the interview when none does)."""
    days = len(calendar.moments)
    earliest = max(calendar.day_of(card.last_review) + 1, 0) if card.last_review else 0
    due_day = max(calendar.day_of(card.due), earliest)
    if due_day < days:
        return due_day
    if earliest >= days or _recall_on_the_day(card, calendar) >= target:
        return None
    low, high = earliest, days - 1
    while low < high:
        middle = (low + high) // 2
        reviewed = scheduling.review(
            card, confidence=PLANNED_CONFIDENCE, at=calendar.moments[middle]
        )
        if _recall_on_the_day(reviewed, calendar) >= target:
            high = middle
        else:
            low = middle + 1
    return low


def _simulate(
    questions: Sequence[PlanQuestion],
    calendar: _Calendar,
    target: float,
    budget: int | None,
    done_today: DoneToday = DoneToday(),
    steps: _Steps | None = None,
) -> tuple[list[PlanDay], dict[int, fsrs.Card | None]]:
    """Walk the days, doing each day's plan with PLANNED_CONFIDENCE ratings.

    Each day starts its share of the new questions first (so that every one is started in
    time), then the reviews; reviews over the budget wait a day, and those least recalled on
    the interview day go first. Today, the questions of `done_today` are part of the share
    and of the budget already."""
    steps = steps or _Steps(calendar, target)
    cards = {q.question_id: q.card for q in questions}
    order = {q.question_id: index for index, q in enumerate(questions)}
    unseen = [q.question_id for q in questions if q.card is None]
    recall_on_the_day: dict[int, float] = {}
    queue = []
    for qid, card in cards.items():
        if card is not None and (day := steps.next_day(card)) is not None:
            queue.append((day, order[qid], qid))
    heapq.heapify(queue)
    days = len(calendar.moments)
    last_new_day = max(days - 1 - LAST_DAYS_WITHOUT_NEW, 0)
    waiting: list[int] = []
    plan = []
    for index, at in enumerate(calendar.moments):
        done = done_today if index == 0 else DoneToday()
        room = None if budget is None else max(budget - done.total, 0)
        new: list[int] = []
        if unseen and index <= last_new_day:
            share = math.ceil((len(unseen) + done.started) / (last_new_day - index + 1))
            take = max(share - done.started, 0)
            take = take if room is None else min(take, room)
            new, unseen = unseen[:take], unseen[take:]
        candidates = waiting
        while queue and queue[0][0] <= index:
            candidates.append(heapq.heappop(queue)[2])
        room = len(candidates) if room is None else room - len(new)
        if len(candidates) > room:
            for qid in candidates:
                if qid not in recall_on_the_day:
                    recall_on_the_day[qid] = _recall_on_the_day(cards[qid], calendar)
            candidates.sort(key=recall_on_the_day.__getitem__)
        reviews, waiting = candidates[:room], candidates[room:]
        for qid in reviews + new:
            card = steps.review(cards[qid] or steps.new_card(qid), at)
            cards[qid] = card
            recall_on_the_day.pop(qid, None)
            if (day := steps.next_day(card)) is not None:
                heapq.heappush(queue, (day, order[qid], qid))
        plan.append(
            PlanDay(
                date=calendar.date_of(index),
                at=at,
                review_ids=tuple(sorted(reviews, key=order.__getitem__)),
                new_ids=tuple(new),
            )
        )
    return plan, cards


def _enough_budget(
    questions: Sequence[PlanQuestion],
    calendar: _Calendar,
    target: float,
    done_today: DoneToday = DoneToday(),
) -> tuple[int | None, list[PlanDay], dict[int, fsrs.Card | None]]:
    """A daily budget whose plan reaches the target, with that plan; None (with the unlimited
    plan) when even an unlimited budget falls short.

    Work can wait but never come earlier, so from each day on the budget must carry what the
    unlimited plan does then; from that least budget, each try adds a quarter until the plan
    reaches the target, or the unlimited plan's busiest day is reached (it always does)."""
    steps = _Steps(calendar, target)
    days, cards = _simulate(questions, calendar, target, None, done_today, steps)
    if _forecast(questions, cards, calendar).under(target):
        return None, days, cards
    loads = [day.total for day in days]
    if loads:
        loads[0] += done_today.total
    peak = max(loads, default=0)
    budget, remaining = 1, 0
    for left, load in enumerate(reversed(loads), start=1):
        remaining += load
        budget = max(budget, math.ceil(remaining / left))
    while budget < peak:
        capped_days, capped_cards = _simulate(
            questions, calendar, target, budget, done_today, steps
        )
        if not _forecast(questions, capped_cards, calendar).under(target):
            return budget, capped_days, capped_cards
        budget = max(budget + 1, math.ceil(budget * 1.25))
    return peak, days, cards


def _forecast(
    questions: Sequence[PlanQuestion], cards: dict[int, fsrs.Card | None], calendar: _Calendar
) -> Forecast:
    recall = {
        q.question_id: readiness(cards[q.question_id], at=calendar.interview_at) for q in questions
    }
    sections: dict[int, list[float]] = {}
    for q in questions:
        sections.setdefault(q.section_id, []).append(recall[q.question_id])
    return Forecast(
        recall=recall,
        overall=_mean(recall.values()),
        by_section={section: _mean(values) for section, values in sections.items()},
    )


def _mean(values: Iterable[float]) -> float:
    values = list(values)
    return sum(values) / len(values) if values else 0.0
