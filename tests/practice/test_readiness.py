"""Readiness (predicted recall at a moment) and the days until an interview: the core that the
plan and the progress report both read."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from practice import scheduling
from practice.readiness import (
    READINESS_HORIZON,
    countdown_text,
    days_until,
    readiness,
    readiness_moment,
)


def rated(question_id, history):
    """A card after ratings given as (confidence, moment) pairs."""
    card = scheduling.new_card(question_id)
    for confidence, at in history:
        card = scheduling.review(card, confidence=confidence, at=at)
    return card


def test_readiness_is_zero_for_a_question_never_rated():
    assert readiness(None, at=datetime(2026, 4, 6, tzinfo=UTC)) == 0.0


def test_readiness_is_the_recall_at_the_moment_asked():
    now = datetime(2026, 4, 6, 8, 0, tzinfo=UTC)
    card = rated(1, [(4, now - timedelta(days=3)), (4, now - timedelta(days=2))])

    week = readiness(card, at=readiness_moment(now=now))

    assert week == scheduling.retrievability(card, at=now + READINESS_HORIZON)
    assert week < readiness(card, at=now)


def test_readiness_speaks_of_the_interview_when_there_is_one():
    now = datetime(2026, 4, 6, 8, 0, tzinfo=UTC)
    interview_at = now + timedelta(days=2)

    assert readiness_moment(now=now, interview_at=interview_at) == interview_at


def test_days_until_an_interview_count_local_calendar_days():
    # 12:30 UTC on the 6th is already 00:30 on the 7th in Auckland: the interview on the 7th
    # is today there, and tomorrow for someone in UTC.
    now = datetime(2026, 4, 6, 12, 30, tzinfo=UTC)
    auckland = ZoneInfo("Pacific/Auckland")

    assert days_until(date(2026, 4, 7), now=now, tz=auckland) == 0
    assert days_until(date(2026, 4, 7), now=now, tz=UTC) == 1


def test_the_countdown_says_today_tomorrow_or_the_days_left():
    assert [countdown_text(days) for days in (0, 1, 5)] == [
        "Interview today",
        "Interview tomorrow",
        "Interview in 5 days",
    ]
