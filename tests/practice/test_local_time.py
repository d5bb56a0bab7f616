"""Days and times in the person's zone: heatmap days and the streak begin at local midnight,
also across a clock change, and due times, mock dates and autosave times are local."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Preferences
from practice.mock_interviews import services as interviews
from practice.models import MockSession, QuestionProgress
from practice.progress.report import guide_progress
from practice.rating import rate_question
from tests.factories import QuestionFactory, SectionFactory

AUCKLAND = ZoneInfo("Pacific/Auckland")
LOS_ANGELES = ZoneInfo("America/Los_Angeles")
LONDON = ZoneInfo("Europe/London")
HTMX = {"HX-Request": "true"}


@pytest.fixture
def questions(db):
    section = SectionFactory(guide__slug="ml", guide__title="ML", number=1)
    return [QuestionFactory(section=section, number=number) for number in (1, 2, 3)]


@pytest.fixture
def guide(questions):
    return questions[0].section.guide


def rate_at(user, questions, *moments):
    for question, moment in zip(questions, moments, strict=False):
        rate_question(user=user, question=question, confidence=3, at=moment)


def rating_days(report) -> dict[str, int]:
    return {day.day.isoformat(): day.count for day in report.days}


def in_zone(user, name):
    Preferences.objects.create(user=user, time_zone=name)
    return user


def test_a_rating_at_23_30_utc_is_on_the_next_day_in_auckland(owner, guide, questions):
    # 09:00 UTC is 22:00 on Monday in Auckland; 23:30 UTC is Tuesday 12:30 there.
    rate_at(
        owner,
        questions,
        datetime(2026, 11, 23, 9, 0, tzinfo=UTC),
        datetime(2026, 11, 23, 23, 30, tzinfo=UTC),
    )
    now = datetime(2026, 11, 23, 23, 45, tzinfo=UTC)

    in_utc = guide_progress(owner, guide, now=now, tz=UTC)
    in_auckland = guide_progress(owner, guide, now=now, tz=AUCKLAND)

    assert rating_days(in_utc) == {"2026-11-23": 2}
    assert rating_days(in_auckland) == {"2026-11-23": 1, "2026-11-24": 1}
    assert in_auckland.heatmap.cells[-1].title == "1 rating on Tue 24 Nov"
    assert (in_utc.streak.days, in_utc.streak.includes_today) == (1, True)
    assert (in_auckland.streak.days, in_auckland.streak.includes_today) == (2, True)


def test_in_los_angeles_an_early_utc_morning_rating_is_on_the_day_before(owner, guide, questions):
    # 03:00 UTC on Tuesday is 19:00 on Monday in Los Angeles (PST, UTC-8).
    rate_at(owner, questions, datetime(2026, 11, 24, 3, 0, tzinfo=UTC))
    now = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)  # 04:00 on Tuesday there

    in_utc = guide_progress(owner, guide, now=now, tz=UTC)
    in_los_angeles = guide_progress(owner, guide, now=now, tz=LOS_ANGELES)

    assert rating_days(in_utc) == {"2026-11-24": 1}
    assert rating_days(in_los_angeles) == {"2026-11-23": 1}
    assert in_los_angeles.heatmap.cells[-1].day.isoformat() == "2026-11-24"
    assert in_los_angeles.heatmap.cells[-2].title == "1 rating on Mon 23 Nov"
    assert in_utc.streak.text == "1-day streak, including today."
    assert in_los_angeles.streak.text == "1-day streak; rate something today to keep it."


def test_ratings_fall_into_local_days_across_londons_clock_change(owner, guide, questions):
    # On Sunday 29 March 2026 London's clocks go from 01:00 GMT to 02:00 BST: that day ends
    # at 23:00 UTC, so a rating at 23:30 UTC is already Monday there.
    rate_at(
        owner,
        questions,
        datetime(2026, 3, 28, 23, 30, tzinfo=UTC),  # Saturday 23:30 GMT
        datetime(2026, 3, 29, 0, 30, tzinfo=UTC),  # Sunday 00:30 GMT
        datetime(2026, 3, 29, 23, 30, tzinfo=UTC),  # Monday 00:30 BST
    )
    now = datetime(2026, 3, 30, 8, 0, tzinfo=UTC)

    in_utc = guide_progress(owner, guide, now=now, tz=UTC)
    in_london = guide_progress(owner, guide, now=now, tz=LONDON)

    assert rating_days(in_utc) == {"2026-03-28": 1, "2026-03-29": 2}
    assert rating_days(in_london) == {"2026-03-28": 1, "2026-03-29": 1, "2026-03-30": 1}
    assert in_utc.streak.text == "2-day streak; rate something today to keep it."
    assert in_london.streak.text == "3-day streak, including today."


def test_the_progress_page_counts_days_in_the_persons_zone(
    client, owner, guide, questions, monkeypatch
):
    rate_at(
        in_zone(owner, "Pacific/Auckland"),
        questions,
        datetime(2026, 11, 23, 9, 0, tzinfo=UTC),
        datetime(2026, 11, 23, 23, 30, tzinfo=UTC),
    )
    monkeypatch.setattr(timezone, "now", lambda: datetime(2026, 11, 23, 23, 45, tzinfo=UTC))
    client.force_login(owner)

    content = client.get(reverse("practice:progress", args=[guide.slug])).content.decode()

    assert "2-day streak, including today." in content
    assert "<title>1 rating on Tue 24 Nov</title>" in content


@pytest.mark.parametrize(
    ("due", "shown"),
    [
        (datetime(2026, 3, 28, 12, 0, tzinfo=UTC), "(Sat 28 Mar, 12:00 GMT)"),
        (datetime(2026, 3, 29, 12, 0, tzinfo=UTC), "(Sun 29 Mar, 13:00 BST)"),
    ],
)
def test_the_rating_status_shows_the_due_time_in_local_time(
    client, owner, questions, monkeypatch, due, shown
):
    question = questions[0]
    rate_at(in_zone(owner, "Europe/London"), questions, datetime(2026, 3, 27, 9, tzinfo=UTC))
    QuestionProgress.objects.filter(user=owner).update(due=due)
    monkeypatch.setattr(timezone, "now", lambda: datetime(2026, 3, 27, 9, 5, tzinfo=UTC))
    client.force_login(owner)

    response = client.get(question.get_revealed_url())

    assert shown in response.content.decode()
    assert " UTC)" not in response.content.decode()


def test_the_review_page_says_when_the_next_review_is_in_local_time(
    client, owner, questions, monkeypatch
):
    rate_at(
        in_zone(owner, "America/Los_Angeles"), questions, *[datetime(2026, 11, 20, tzinfo=UTC)] * 3
    )
    QuestionProgress.objects.filter(user=owner).update(
        due=datetime(2026, 11, 24, 3, 0, tzinfo=UTC)
    )
    monkeypatch.setattr(timezone, "now", lambda: datetime(2026, 11, 23, 12, 0, tzinfo=UTC))
    client.force_login(owner)

    content = client.get(reverse("practice:review")).content.decode()

    assert "(Mon 23 Nov, 19:00 PST)" in content


@pytest.fixture
def auckland_session(owner, guide, questions):
    """A mock interview started at 23:30 UTC on Monday: Tuesday 12:30 in Auckland."""
    started = datetime(2026, 11, 23, 23, 30, tzinfo=UTC)
    session = interviews.start_mock_session(
        user=in_zone(owner, "Pacific/Auckland"),
        guide=guide,
        questions=questions[:1],
        strategy=MockSession.Strategy.RANDOM,
        minutes_per_question=3,
        timed=False,
        now=started,
    )
    interviews.reveal(session=session, position=0, text="An answer", now=started)
    interviews.rate_item(session=session, position=0, confidence=4, now=started)
    return interviews.advance(session=session, from_position=0, now=started + timedelta(minutes=1))


def test_mock_history_and_summary_show_local_dates(client, owner, auckland_session):
    client.force_login(owner)

    history = client.get(reverse("practice:mock_history")).content.decode()
    summary = client.get(
        reverse("practice:mock_summary", args=[auckland_session.pk])
    ).content.decode()

    assert "24 Nov 2026, 12:30</a>" in history
    assert "24 Nov 2026, 12:30 NZDT ·" in summary


def test_the_autosave_status_says_the_local_time(client, owner, guide, questions, monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: datetime(2026, 11, 23, 23, 30, 5, tzinfo=UTC))
    session = interviews.start_mock_session(
        user=in_zone(owner, "Pacific/Auckland"),
        guide=guide,
        questions=questions[:1],
        strategy=MockSession.Strategy.RANDOM,
        minutes_per_question=3,
        timed=False,
        now=timezone.now(),
    )
    client.force_login(owner)

    response = client.post(
        reverse("practice:mock_answer", args=[session.pk]),
        {"position": "0", "answer": "Started"},
        headers=HTMX,
    )

    assert "Saved at 12:30:05 NZDT" in response.content.decode()
