"""The interview plan: pure functions over FSRS cards, checked with a fixed clock."""

import re
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import fsrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from practice import scheduling
from practice.plans.planner import (
    DEFAULT_TARGET,
    DoneToday,
    PlanQuestion,
    plan_interview,
    seconds_per_question,
)
from practice.readiness import readiness

PARIS = ZoneInfo("Europe/Paris")
AUCKLAND = ZoneInfo("Pacific/Auckland")
LOS_ANGELES = ZoneInfo("America/Los_Angeles")
GUIDE_SIZE = 18


def new_guide(size=GUIDE_SIZE):
    return [PlanQuestion(qid, qid % 3, None) for qid in range(1, size + 1)]


def rated(question_id, history):
    """A card after ratings given as (confidence, moment) pairs."""
    card = scheduling.new_card(question_id)
    for confidence, at in history:
        card = scheduling.review(card, confidence=confidence, at=at)
    return card


def scripted_confidence(day, position):
    """Mostly 4 – Good, every fourth answer 3 – Okay, and one 2 – Shaky."""
    if (day, position) == (4, 0):
        return 2
    return 3 if position % 4 == 3 else 4


class Learner:
    """Someone who opens the plan at 08:00 each morning and does that day's questions."""

    start = datetime(2026, 4, 6, 8, 0, tzinfo=PARIS)
    interview_at = datetime(2026, 4, 20, 10, 0, tzinfo=PARIS)

    def __init__(self):
        self.cards = {question.question_id: None for question in new_guide()}
        self.plans = []

    def questions(self):
        return [PlanQuestion(qid, qid % 3, card) for qid, card in self.cards.items()]

    def open_plan(self, day):
        now = (self.start + timedelta(days=day)).astimezone(UTC)
        plan = plan_interview(self.questions(), now=now, interview_at=self.interview_at, tz=PARIS)
        self.plans.append(plan)
        return plan, now

    def do_days(self, count):
        for day in range(count):
            plan, now = self.open_plan(day)
            today = plan.days[0]
            for position, qid in enumerate(today.review_ids + today.new_ids):
                card = self.cards[qid] or scheduling.new_card(qid)
                self.cards[qid] = scheduling.review(
                    card,
                    confidence=scripted_confidence(day, position),
                    at=now + timedelta(minutes=position),
                )

    def recall_on_the_day(self):
        return {qid: readiness(card, at=self.interview_at) for qid, card in self.cards.items()}


def test_following_the_plan_every_day_reaches_the_target_on_every_question():
    learner = Learner()

    learner.do_days(14)

    recall = learner.recall_on_the_day()
    assert min(recall.values()) >= DEFAULT_TARGET


def test_the_first_days_forecast_for_following_the_plan_matches_the_outcome():
    learner = Learner()

    learner.do_days(14)

    outcome = sum(learner.recall_on_the_day().values()) / GUIDE_SIZE
    assert learner.plans[0].if_followed.overall == pytest.approx(outcome, abs=0.05)


def test_someone_who_stops_on_day_3_falls_short_and_the_plan_said_so():
    learner = Learner()
    learner.do_days(2)

    plan, _now = learner.open_plan(2)

    recall = learner.recall_on_the_day()
    assert plan.if_stopped.recall == recall
    assert plan.if_stopped.overall < DEFAULT_TARGET
    assert plan.if_followed.overall >= DEFAULT_TARGET
    assert plan.shortfall is None


def test_the_forecast_is_given_per_section():
    learner = Learner()
    learner.do_days(3)

    plan, _now = learner.open_plan(3)

    recall = learner.recall_on_the_day()
    for section in (0, 1, 2):
        ids = [qid for qid in recall if qid % 3 == section]
        expected = sum(recall[qid] for qid in ids) / len(ids)
        assert plan.if_stopped.by_section[section] == pytest.approx(expected)


def test_a_budget_too_small_names_the_questions_left_under_the_target_and_the_budget_needed():
    now = datetime(2026, 4, 6, 8, 0, tzinfo=UTC)
    interview_at = now + timedelta(days=5)

    plan = plan_interview(new_guide(), now=now, interview_at=interview_at, tz=PARIS, budget=2)

    assert plan.shortfall is not None
    assert set(plan.shortfall.question_ids) == set(plan.if_followed.under(DEFAULT_TARGET))
    assert all(recall < DEFAULT_TARGET for recall in plan.shortfall.recall.values())
    needed = plan.shortfall.needed_budget
    assert needed > 2
    enough = plan_interview(
        new_guide(), now=now, interview_at=interview_at, tz=PARIS, budget=needed
    )
    assert enough.shortfall is None


def test_with_no_budget_the_default_reaches_the_target():
    now = datetime(2026, 4, 6, 8, 0, tzinfo=UTC)

    plan = plan_interview(new_guide(), now=now, interview_at=now + timedelta(days=10), tz=PARIS)

    assert plan.budget_is_default
    assert plan.shortfall is None
    assert min(plan.if_followed.recall.values()) >= DEFAULT_TARGET
    assert max(day.total for day in plan.days) <= plan.budget


def test_a_plan_recomputed_during_the_day_holds_only_what_is_left_of_today():
    now = datetime(2026, 4, 6, 8, 0, tzinfo=UTC)
    interview_at = now + timedelta(days=14)
    morning = plan_interview(new_guide(), now=now, interview_at=interview_at, tz=PARIS)
    first, *rest = morning.days[0].new_ids
    assert rest
    cards = {first: scheduling.review(scheduling.new_card(first), confidence=4, at=now)}
    questions = [
        PlanQuestion(q.question_id, q.section_id, cards.get(q.question_id)) for q in new_guide()
    ]

    later = plan_interview(
        questions,
        now=now + timedelta(hours=1),
        interview_at=interview_at,
        tz=PARIS,
        done_today=DoneToday(started=1),
    )

    assert later.days[0].new_ids == tuple(rest)


def test_questions_done_today_count_against_todays_budget():
    now = datetime(2026, 4, 6, 8, 0, tzinfo=UTC)
    interview_at = now + timedelta(days=5)

    plan = plan_interview(
        new_guide(),
        now=now,
        interview_at=interview_at,
        tz=PARIS,
        budget=4,
        done_today=DoneToday(started=1, reviewed=2),
    )

    assert plan.days[0].total == 1
    assert plan.days[1].total == 4


def learned(*, stability, difficulty, last_review, due):
    return fsrs.Card(
        card_id=1,
        state=fsrs.State.Review,
        stability=stability,
        difficulty=difficulty,
        last_review=last_review,
        due=due,
    )


def test_a_review_due_after_the_interview_is_brought_forward_when_recall_would_be_short():
    now = datetime(2026, 4, 6, 8, 0, tzinfo=UTC)
    interview_at = now + timedelta(days=20)
    # FSRS wants it back after the interview, when recall will be about 92 %.
    card = learned(
        stability=30, difficulty=5, last_review=now - timedelta(days=2), due=now + timedelta(28)
    )
    assert 0.90 < readiness(card, at=interview_at) < 0.95

    plan = plan_interview(
        [PlanQuestion(1, 1, card)], now=now, interview_at=interview_at, tz=PARIS, target=0.95
    )

    assert len([day for day in plan.days if 1 in day.review_ids]) == 1
    assert plan.if_followed.recall[1] >= 0.95


def test_the_day_before_the_interview_holds_a_final_pass_over_what_is_still_short():
    now = datetime(2026, 4, 6, 8, 0, tzinfo=UTC)
    interview_at = now + timedelta(days=3, hours=-1)
    # A hard question scheduled after the interview: only a review the day before lifts it
    # to the top target.
    card = learned(
        stability=2, difficulty=10, last_review=now - timedelta(days=1), due=now + timedelta(4)
    )

    plan = plan_interview(
        [PlanQuestion(1, 1, card)], now=now, interview_at=interview_at, tz=PARIS, target=0.97
    )

    assert [day.review_ids for day in plan.days] == [(), (), (1,)]
    assert plan.if_followed.recall[1] >= 0.97


def test_days_begin_at_midnight_in_auckland():
    # 20:00 UTC on 10 March is already 09:00 on 11 March in Auckland.
    now = datetime(2026, 3, 10, 20, 0, tzinfo=UTC)
    interview_at = datetime(2026, 3, 14, 10, 0, tzinfo=AUCKLAND)

    plan = plan_interview(new_guide(6), now=now, interview_at=interview_at, tz=AUCKLAND)

    assert [day.date for day in plan.days] == [
        date(2026, 3, 11),
        date(2026, 3, 12),
        date(2026, 3, 13),
    ]


def test_days_begin_at_midnight_in_los_angeles():
    # 05:00 UTC on 11 March is still 10 March, 22:00, in Los Angeles.
    now = datetime(2026, 3, 11, 5, 0, tzinfo=UTC)
    interview_at = datetime(2026, 3, 13, 9, 0, tzinfo=LOS_ANGELES)

    plan = plan_interview(new_guide(6), now=now, interview_at=interview_at, tz=LOS_ANGELES)

    assert [day.date for day in plan.days] == [
        date(2026, 3, 10),
        date(2026, 3, 11),
        date(2026, 3, 12),
    ]
    assert plan.days[0].new_ids == (1, 2, 3, 4, 5, 6)


def test_a_review_due_late_on_the_day_clocks_go_back_is_planned_on_that_local_day():
    # Clocks go back on 1 November 2026 in Los Angeles (UTC-7 → UTC-8).
    now = datetime(2026, 10, 30, 9, 0, tzinfo=LOS_ANGELES).astimezone(UTC)
    due = datetime(2026, 11, 1, 23, 30, tzinfo=LOS_ANGELES)  # 07:30 UTC on 2 November
    card = rated(1, [(4, now - timedelta(days=2)), (4, now - timedelta(days=1))])
    card.due = due.astimezone(UTC)

    plan = plan_interview(
        [PlanQuestion(1, 1, card)],
        now=now,
        interview_at=datetime(2026, 11, 5, 9, 0, tzinfo=LOS_ANGELES),
        tz=LOS_ANGELES,
    )

    assert [day.date for day in plan.days if 1 in day.review_ids][0] == date(2026, 11, 1)


def test_planned_days_keep_the_local_time_across_a_clock_change():
    # Clocks go forward on 8 March 2026 in Los Angeles.
    now = datetime(2026, 3, 6, 8, 0, tzinfo=LOS_ANGELES)
    interview_at = datetime(2026, 3, 11, 9, 0, tzinfo=LOS_ANGELES)

    plan = plan_interview(
        new_guide(6), now=now.astimezone(UTC), interview_at=interview_at, tz=LOS_ANGELES
    )

    assert [day.date for day in plan.days] == [date(2026, 3, day) for day in range(6, 11)]
    assert {day.at.astimezone(LOS_ANGELES).hour for day in plan.days} == {8}


def test_an_interview_later_today_leaves_no_days_to_plan():
    now = datetime(2026, 4, 6, 8, 0, tzinfo=PARIS)

    plan = plan_interview(
        new_guide(3), now=now.astimezone(UTC), interview_at=now + timedelta(hours=6), tz=PARIS
    )

    assert plan.days == ()
    assert plan.if_followed == plan.if_stopped
    assert plan.shortfall.question_ids == (1, 2, 3)
    assert plan.shortfall.needed_budget is None


@pytest.mark.parametrize(
    ("target", "budget", "interview_in", "message"),
    [
        (0.79, None, timedelta(days=3), "The target must be between 80% and 97%."),
        (0.98, None, timedelta(days=3), "The target must be between 80% and 97%."),
        (0.9, 0, timedelta(days=3), "The daily budget must be at least one question."),
        (0.9, None, -timedelta(hours=1), "The interview must be in the future."),
    ],
)
def test_it_refuses_a_target_budget_or_date_out_of_range(target, budget, interview_in, message):
    now = datetime(2026, 4, 6, 8, 0, tzinfo=UTC)

    with pytest.raises(ValueError, match=re.escape(message)):
        plan_interview(
            new_guide(3),
            now=now,
            interview_at=now + interview_in,
            tz=PARIS,
            target=target,
            budget=budget,
        )


def test_a_questions_time_adds_a_minute_of_thinking_to_the_persons_own_pace():
    # Reveal → rating took 60 s on average; with the minute before the reveal, 2 min each.
    assert seconds_per_question([30, None, 90, 60]) == 120


def test_a_questions_time_is_90_seconds_without_history():
    assert seconds_per_question() == 90


# Property tests: random guides, dates, budgets, targets and time zones.

# Zones far from UTC, with half and quarter hours, and some whose clocks change at midnight.
ZONES = st.sampled_from(
    [
        ZoneInfo(name)
        for name in [
            "UTC",
            "Pacific/Auckland",
            "Pacific/Chatham",
            "Pacific/Kiritimati",
            "Pacific/Pago_Pago",
            "America/Los_Angeles",
            "America/St_Johns",
            "America/Santiago",
            "America/Havana",
            "America/Asuncion",
            "Europe/Paris",
            "Africa/Casablanca",
            "Asia/Tehran",
            "Asia/Kolkata",
            "Asia/Kathmandu",
            "Australia/Lord_Howe",
        ]
    ]
)
MOMENTS = st.datetimes(
    min_value=datetime(2025, 1, 1), max_value=datetime(2028, 12, 31), timezones=st.just(UTC)
)


@st.composite
def situations(draw):
    now = draw(MOMENTS)
    questions = []
    for qid in range(1, draw(st.integers(0, 15)) + 1):
        history = draw(st.lists(st.tuples(st.integers(1, 5), st.floats(0, 60 * 24)), max_size=5))
        card = None
        if history:
            ages = sorted((hours for _confidence, hours in history), reverse=True)
            card = rated(
                qid,
                [
                    (confidence, now - timedelta(hours=hours))
                    for (confidence, _), hours in zip(history, ages, strict=True)
                ],
            )
        questions.append(PlanQuestion(qid, qid % 4, card))
    interview_at = now + draw(st.timedeltas(timedelta(minutes=30), timedelta(days=45)))
    return {
        "questions": questions,
        "now": now,
        "interview_at": interview_at,
        "tz": draw(ZONES),
        "target": draw(st.floats(0.80, 0.97)),
        "budget": draw(st.none() | st.integers(1, 12)),
    }


EXAMPLES = settings(max_examples=50, deadline=None)


@EXAMPLES
@given(situations())
def test_no_planned_day_exceeds_the_budget(situation):
    plan = plan_interview(**situation)

    assert all(day.total <= plan.budget for day in plan.days)


@EXAMPLES
@given(situations())
def test_no_new_question_is_started_in_the_last_two_days_when_there_is_time(situation):
    plan = plan_interview(**situation)

    last_days = plan.days[-2:] if len(plan.days) >= 3 else plan.days[1:]
    assert all(day.new_ids == () for day in last_days)


@EXAMPLES
@given(situations())
def test_every_planned_review_is_before_the_interview(situation):
    plan = plan_interview(**situation)

    interview_day = situation["interview_at"].astimezone(situation["tz"]).date()
    for day in plan.days:
        assert day.at < situation["interview_at"]
        assert day.at.astimezone(situation["tz"]).date() == day.date < interview_day


@EXAMPLES
@given(situations())
def test_the_plan_days_are_consecutive_local_dates_from_today(situation):
    plan = plan_interview(**situation)

    today = situation["now"].astimezone(situation["tz"]).date()
    interview_day = situation["interview_at"].astimezone(situation["tz"]).date()
    expected = [today + timedelta(days=offset) for offset in range((interview_day - today).days)]
    assert [day.date for day in plan.days] == expected


@EXAMPLES
@given(situations())
def test_questions_left_under_the_target_are_never_silent(situation):
    plan = plan_interview(**situation)

    under = plan.if_followed.under(situation["target"])
    assert (plan.shortfall.question_ids if plan.shortfall else ()) == under


@EXAMPLES
@given(situations())
def test_each_day_starts_only_unrated_questions_and_plans_each_question_once(situation):
    plan = plan_interview(**situation)

    unrated = {q.question_id for q in situation["questions"] if q.card is None}
    started = [qid for day in plan.days for qid in day.new_ids]
    assert set(started) <= unrated
    assert len(started) == len(set(started))
    for day in plan.days:
        assert len(set(day.review_ids + day.new_ids)) == day.total
