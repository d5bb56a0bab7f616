"""Reminder emails (`manage.py send_reminders`): at most one a day per person, soon after their
local reminder time, only when something is to be done, with a stop link that needs no
sign-in."""

import io
import re
import smtplib
from datetime import UTC, datetime, time, timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.core.management import CommandError, call_command
from django.test import Client

from accounts.models import Preferences
from practice.models import InterviewDate
from practice.plans import reminders
from practice.rating import rate_question
from tests.factories import QuestionFactory, SectionFactory, UserFactory

# 10:00 UTC on Thursday 4 June 2026 is 22:00 that day in Auckland (NZST, UTC+12) and 03:00 in
# Los Angeles (PDT, UTC-7).
NOW = datetime(2026, 6, 4, 10, 0, tzinfo=UTC)


def run(now=NOW, *options) -> str:
    out = io.StringIO()
    call_command("send_reminders", "--now", now.isoformat(), *options, stdout=out)
    return out.getvalue()


@pytest.fixture
def guide(db):
    section = SectionFactory(guide__title="Systems design", guide__slug="systems-design")
    for number in (1, 2, 3):
        QuestionFactory(section=section, number=number, prompt=f"Question {number}?")
    return section.guide


def learner(guide, *, username, zone, email=True, rated=True, reminders_on=True, interview=True):
    """Someone who rated every question of the guide three days ago (all due again now) and
    has an interview in 12 days, 5 questions a day."""
    user = UserFactory(username=username, **({} if email else {"email": ""}))
    Preferences.objects.create(user=user, time_zone=zone, reminders=reminders_on)
    if rated:
        for question in guide.sections.get().questions.all():
            rate_question(user=user, question=question, confidence=1, at=NOW - timedelta(days=3))
    if interview:
        InterviewDate.objects.create(
            user=user, guide=guide, interview_on=NOW.date() + timedelta(days=12), daily_budget=5
        )
    return user


@pytest.fixture
def kiri(guide):
    return learner(guide, username="kiri", zone="Pacific/Auckland")


@pytest.fixture
def lee(guide):
    return learner(guide, username="lee", zone="America/Los_Angeles")


def recipients():
    return [to for email in mail.outbox for to in email.to]


def test_it_emails_a_person_whose_local_hour_has_come_and_not_one_whose_has_not(kiri, lee):
    output = run()

    assert recipients() == ["kiri@example.com"]
    assert output == (
        "Sent to kiri: Interview prep today: 3 reviews (~5 min) · Interview in 12 days\n"
        "Sent 1 reminder.\n"
    )
    assert Preferences.objects.get(user=kiri).last_reminder_on == datetime(2026, 6, 4).date()
    assert Preferences.objects.get(user=lee).last_reminder_on is None


def test_a_second_run_the_same_local_day_sends_nothing_and_the_next_day_sends_again(kiri):
    run()
    again = run(NOW + timedelta(hours=1))
    # 08:30 on Friday 5 June in Auckland.
    next_day = run(datetime(2026, 6, 4, 20, 30, tzinfo=UTC))

    assert again == "Sent 0 reminders.\n"
    assert "Sent to kiri" in next_day
    assert recipients() == ["kiri@example.com"] * 2


def test_the_hour_is_the_persons_own_reminder_time_in_their_zone(lee):
    Preferences.objects.filter(user=lee).update(reminder_time=time(7, 30))

    before = run(datetime(2026, 6, 4, 14, 29, tzinfo=UTC))  # 07:29 in Los Angeles
    after = run(datetime(2026, 6, 4, 14, 31, tzinfo=UTC))  # 07:31

    assert before == "Sent 0 reminders.\n"
    assert "Sent to lee" in after
    assert recipients() == ["lee@example.com"]


def test_nothing_is_sent_when_nothing_is_due_or_planned_and_the_day_stays_quiet(guide):
    quiet = learner(guide, username="quiet", zone="Pacific/Auckland", rated=False, interview=False)

    output = run(NOW, "--verbosity", "2")
    # Later that day a question becomes due: the day was settled at the reminder time.
    rate_question(
        user=quiet, question=guide.sections.get().questions.first(), confidence=1, at=NOW
    )
    later = run(NOW + timedelta(hours=1))

    assert output == "Nothing for quiet: nothing to do today\nSent 0 reminders.\n"
    assert later == "Sent 0 reminders.\n"
    assert mail.outbox == []


def test_nothing_is_sent_without_opting_in_or_without_an_email_address(guide):
    learner(guide, username="not-asked", zone="Pacific/Auckland", reminders_on=False)
    learner(guide, username="no-address", zone="Pacific/Auckland", email=False)

    assert run() == "Sent 0 reminders.\n"
    assert mail.outbox == []


def test_a_dry_run_says_who_would_get_one_and_sends_and_records_nothing(kiri):
    output = run(NOW, "--dry-run")

    assert output == (
        "Would send to kiri: Interview prep today: 3 reviews (~5 min) · Interview in 12 days\n"
        "Would send 1 reminder.\n"
    )
    assert mail.outbox == []
    assert Preferences.objects.get(user=kiri).last_reminder_on is None


def test_a_run_that_loses_the_race_for_the_day_sends_nothing(kiri, monkeypatch):
    """Two overlapping runs both read the person as unsettled; the one whose conditional
    update comes second must not send."""
    settle = reminders.day_to_settle

    def another_run_settles_first(preferences, now):
        day = settle(preferences, now)
        Preferences.objects.filter(pk=preferences.pk).update(last_reminder_on=day)
        return day

    monkeypatch.setattr(reminders, "day_to_settle", another_run_settles_first)

    assert run() == "Sent 0 reminders.\n"
    assert mail.outbox == []


def test_a_reminder_that_could_not_be_sent_is_tried_again_on_the_next_run(kiri, monkeypatch):
    def refused(self, fail_silently=False):
        raise smtplib.SMTPServerDisconnected("The mail server went away.")

    monkeypatch.setattr(EmailMultiAlternatives, "send", refused)
    with pytest.raises(CommandError, match="1 reminder could not be sent; the next run tries"):
        run()
    monkeypatch.undo()
    retried = run(NOW + timedelta(minutes=5))

    assert "Sent to kiri" in retried
    assert recipients() == ["kiri@example.com"]


def test_the_email_names_the_counts_the_countdown_and_its_links(kiri):
    run()

    (email,) = mail.outbox
    html, kind = email.alternatives[0]
    assert email.subject == "Interview prep today: 3 reviews (~5 min) · Interview in 12 days"
    assert "In all today: 3 reviews and 0 new questions, about 5 minutes." in email.body
    assert "Your plan for Systems design: 3 reviews today." in email.body
    assert "Due now: 3 questions." in email.body
    assert "Interview in 12 days: Systems design, Tuesday 16 June 2026." in email.body
    assert f"{settings.SITE_URL}/review/" in email.body
    assert f"{settings.SITE_URL}/plan/systems-design/" in email.body
    assert "after 08:00 (Pacific/Auckland)" in email.body
    assert kind == "text/html"
    assert "Interview in 12 days: Systems design, Tuesday 16 June 2026." in html
    assert email.extra_headers["List-Unsubscribe"] == f"<{stop_link(email)}>"


def stop_link(email) -> str:
    return re.search(rf"{re.escape(settings.SITE_URL)}/accounts/reminders/stop/\S+", email.body)[0]


def test_the_stop_link_asks_before_it_stops_the_reminders_without_a_sign_in(kiri):
    run()
    path = stop_link(mail.outbox[0]).removeprefix(settings.SITE_URL)
    client = Client()

    shown = client.get(path)
    still_on = Preferences.objects.get(user=kiri).reminders
    stopped = client.post(path, follow=True)

    assert shown.status_code == 200
    assert "Stop reminder emails" in shown.content.decode()
    assert still_on is True
    assert stopped.status_code == 200
    assert "You will get no more reminder emails." in stopped.content.decode()
    assert Preferences.objects.get(user=kiri).reminders is False
    assert run(datetime(2026, 6, 4, 20, 30, tzinfo=UTC)) == "Sent 0 reminders.\n"


def test_a_changed_stop_link_is_refused_with_a_message_and_stops_nothing(kiri):
    run()
    path = stop_link(mail.outbox[0]).removeprefix(settings.SITE_URL)
    tampered = path.replace("/stop/", "/stop/x")
    client = Client()

    shown, posted = client.get(tampered), client.post(tampered)

    assert shown.status_code == posted.status_code == 400
    assert "The link to stop reminder emails is incomplete or was changed." in (
        posted.content.decode()
    )
    assert Preferences.objects.get(user=kiri).reminders is True


def test_the_command_refuses_a_moment_without_an_offset(db):
    with pytest.raises(CommandError, match="moment with a UTC offset"):
        call_command("send_reminders", "--now", "2026-06-04T10:00", stdout=io.StringIO())


def test_work_in_another_guide_is_named_with_its_own_guide_not_under_the_interview(kiri):
    other = SectionFactory(guide__title="Behavioural", guide__slug="behavioural")
    question = QuestionFactory(section=other, number=1, prompt="A conflict?")
    rate_question(user=kiri, question=question, confidence=1, at=NOW - timedelta(days=3))

    run()

    (email,) = mail.outbox
    assert "Your plan for Systems design: 3 reviews today." in email.body
    assert "Also: 1 due in Behavioural." in email.body
    assert "Also: 1 due in Behavioural." in email.alternatives[0][0]
