"""The private calendar feed: an iCalendar file at a secret URL (no sign-in) with the person's
interviews and a study event for each planned day, turned on, renewed and off on the profile."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from accounts.models import Preferences
from practice.models import InterviewDate
from practice.rating import rate_question
from tests.factories import QuestionFactory, SectionFactory

# Thursday 4 June 2026, 06:00 in London (BST).
NOW = datetime(2026, 6, 4, 5, 0, tzinfo=UTC)
TOKEN = "a-secret-token-for-the-tests"


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: NOW)


@pytest.fixture
def guide(db):
    section = SectionFactory(guide__title="Systems design", guide__slug="systems-design")
    for number in (1, 2, 3, 4):
        QuestionFactory(section=section, number=number, prompt=f"Question {number}?")
    return section.guide


@pytest.fixture
def planned(owner, guide):
    """The owner, in London, rated two questions three days ago (due now), has two left to
    start, an interview on Tuesday 9 June (no time given) and reminders at 07:30."""
    Preferences.objects.create(
        user=owner, time_zone="Europe/London", reminder_time=time(7, 30), calendar_token=TOKEN
    )
    for question in guide.sections.get().questions.all()[:2]:
        rate_question(user=owner, question=question, confidence=1, at=NOW - timedelta(days=3))
    return InterviewDate.objects.create(
        user=owner,
        guide=guide,
        interview_on=date(2026, 6, 9),
        daily_budget=5,
    )


def feed_url(token=TOKEN):
    return reverse("practice:calendar_feed", args=[token])


def fetch(token=TOKEN) -> Calendar:
    response = Client().get(feed_url(token))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def events(calendar) -> list:
    return list(calendar.walk("VEVENT"))


def test_the_feed_parses_and_holds_the_interview_as_an_all_day_event(planned):
    calendar = fetch()

    (interview,) = [event for event in events(calendar) if event["UID"].startswith("interview")]
    assert calendar["VERSION"] == "2.0"
    assert str(interview["SUMMARY"]) == "Interview: Systems design"
    assert interview.decoded("DTSTART") == date(2026, 6, 9)
    assert interview.decoded("DTEND") == date(2026, 6, 10)
    assert "http://testserver/plan/systems-design/" in str(interview["DESCRIPTION"])
    assert all("DTSTAMP" in event for event in events(calendar))


def test_an_interview_with_a_time_is_a_timed_event(planned):
    InterviewDate.objects.filter(pk=planned.pk).update(interview_time=time(9, 0))

    (interview,) = [event for event in events(fetch()) if event["UID"].startswith("interview")]

    # 09:00 in London (summer time) is 08:00 UTC.
    assert interview.decoded("DTSTART") == datetime(2026, 6, 9, 8, 0, tzinfo=UTC)
    assert interview.decoded("DTEND") == datetime(2026, 6, 9, 9, 0, tzinfo=UTC)


def test_each_planned_day_has_a_study_event_at_the_reminder_time_with_its_counts(planned):
    study = [event for event in events(fetch()) if event["UID"].startswith("study")]

    first = study[0]
    # Days with nothing planned (the last two: no new questions so close to the day) have none.
    assert [(event.decoded("DTSTART").date(), str(event["SUMMARY"])) for event in study] == [
        (date(2026, 6, 4), "Interview prep: 2 reviews, 1 new (~5 min)"),
        (date(2026, 6, 5), "Interview prep: 3 reviews, 1 new (~6 min)"),
        (date(2026, 6, 6), "Interview prep: 1 review (~2 min)"),
    ]
    # 07:30 in London is 06:30 UTC; the event lasts the estimate, at least 15 minutes.
    assert first.decoded("DTSTART") == datetime(2026, 6, 4, 6, 30, tzinfo=UTC)
    assert first.decoded("DTEND") == datetime(2026, 6, 4, 6, 45, tzinfo=UTC)
    assert "http://testserver/review/" in str(first["DESCRIPTION"])


def test_two_fetches_give_the_same_uids_so_calendar_apps_update_instead_of_duplicating(planned):
    first = [str(event["UID"]) for event in events(fetch())]
    second = [str(event["UID"]) for event in events(fetch())]

    assert first == second
    assert len(set(first)) == len(first)


def test_the_feed_needs_no_sign_in_and_an_unknown_token_is_not_found(planned):
    assert Client().get(feed_url("not-the-token")).status_code == 404
    assert Client().post(feed_url()).status_code == 405
    assert Client().head(feed_url()).status_code == 200


def test_a_new_link_revokes_the_old_one_and_turning_off_removes_it(client, owner, planned):
    client.force_login(owner)

    client.post(reverse("accounts:calendar_feed_new"))
    new_token = Preferences.objects.get(user=owner).calendar_token
    old = Client().get(feed_url())
    new = Client().get(feed_url(new_token))
    client.post(reverse("accounts:calendar_feed_off"))
    after_off = Client().get(feed_url(new_token))

    assert (old.status_code, new.status_code, after_off.status_code) == (404, 200, 404)
    assert Preferences.objects.get(user=owner).calendar_token is None


def test_the_profile_turns_the_feed_on_and_shows_its_https_and_webcal_links(client, owner):
    client.force_login(owner)

    before = client.get(reverse("accounts:profile")).content.decode()
    turned_on = client.post(reverse("accounts:calendar_feed_new"), follow=True)
    token = Preferences.objects.get(user=owner).calendar_token
    page = client.get(reverse("accounts:profile"), secure=True).content.decode()

    assert "Turn on the calendar feed" in before
    assert len(token) >= 40
    assert "Your calendar feed is on" in turned_on.content.decode()
    assert f"https://testserver/calendar/{token}.ics" in page
    assert f'href="webcal://testserver/calendar/{token}.ics"' in page
    assert "Make a new link" in page


def test_someone_without_a_plan_gets_an_empty_but_valid_feed(owner, guide):
    Preferences.objects.create(user=owner, calendar_token=TOKEN)

    calendar = fetch()

    assert events(calendar) == []
    assert str(calendar["X-WR-CALNAME"]) == "Interview prep"
