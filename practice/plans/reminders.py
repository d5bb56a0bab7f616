"""Daily reminder emails: at most one a day per person, soon after the local time they chose,
and only when there is something to do (`manage.py send_reminders` runs this every few
minutes).

The first run after a person's reminder time settles their local day: it records the day in
`Preferences.last_reminder_on` with a conditional UPDATE (only where the day is not yet
recorded) and, when today's work is not empty, sends the email in the same transaction. Two
overlapping runs therefore cannot both send: the second one's UPDATE changes no row. A send
that fails rolls the record back, so the next run tries again.
"""

import logging
import smtplib
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts import time_zones
from accounts.models import Preferences, stop_reminders_token

from .page import long_day
from .today import Today, today_summary, work_text

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Outcome:
    """What a run did for one person whose reminder time had come."""

    username: str
    sent: bool
    reason: str  # why not, or what was sent
    failed: bool = False


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def candidates(now: datetime):
    """Opted-in people with an email address whose day may still be unsettled: no local day
    is more than one day ahead of UTC's."""
    latest_local_day = now.astimezone(UTC).date() + timedelta(days=1)
    return (
        Preferences.objects.filter(reminders=True, user__is_active=True)
        .exclude(user__email="")
        .filter(Q(last_reminder_on__isnull=True) | Q(last_reminder_on__lt=latest_local_day))
        .select_related("user")
        .order_by("pk")
    )


def day_to_settle(preferences: Preferences, now: datetime) -> date | None:
    """The person's local day, if their reminder time has passed in it and it is unsettled."""
    local = now.astimezone(time_zones.zone(preferences.time_zone))
    if local.time() < preferences.reminder_time:
        return None
    if preferences.last_reminder_on is not None and preferences.last_reminder_on >= local.date():
        return None
    return local.date()


def subject(today: Today) -> str:
    text = (
        f"Interview prep today: {work_text(today.reviews_today, today.new_today, today.minutes)}"
    )
    return f"{text} · {today.countdown}" if today.countdown else text


def reminder_email(preferences: Preferences, today: Today) -> EmailMultiAlternatives:
    user = preferences.user
    interview = today.interview
    stop_url = absolute(reverse("accounts:stop_reminders", args=[stop_reminders_token(user)]))
    context = {
        "subject": subject(today),
        "user": user,
        "today": today,
        "interview_day": long_day(interview.interview_on) if interview else "",
        "review_url": absolute(reverse("practice:review")),
        "plan_url": absolute(reverse("practice:plan", args=[interview.guide.slug]))
        if interview
        else "",
        "profile_url": absolute(reverse("accounts:profile") + "#reminders"),
        "stop_url": stop_url,
        "reminder_time": f"{preferences.reminder_time:%H:%M}",
        "zone": preferences.time_zone,
    }
    email = EmailMultiAlternatives(
        subject=context["subject"],
        body=render_to_string("practice/reminder_email.txt", context),
        to=[user.email],
        # RFC 2369: mail apps offer their own "Unsubscribe" that opens the stop page; RFC 3834:
        # an automatic message, which auto-replies leave alone.
        headers={"List-Unsubscribe": f"<{stop_url}>", "Auto-Submitted": "auto-generated"},
    )
    email.attach_alternative(
        render_to_string("practice/reminder_email.html", context), "text/html"
    )
    return email


def _claim(preferences: Preferences, day: date) -> bool:
    """Record `day` as settled unless another run did first; True if this run did."""
    return bool(
        Preferences.objects.filter(pk=preferences.pk, reminders=True)
        .filter(Q(last_reminder_on__isnull=True) | Q(last_reminder_on__lt=day))
        .update(last_reminder_on=day)
    )


def _settle(preferences: Preferences, *, day: date, now: datetime, dry_run: bool) -> Outcome:
    username = preferences.user.get_username()
    tz: ZoneInfo = time_zones.zone(preferences.time_zone)
    with transaction.atomic():
        if not dry_run and not _claim(preferences, day):
            return Outcome(username, sent=False, reason="settled by another run")
        today = today_summary(preferences.user, now=now, tz=tz)
        if not today.to_do:
            return Outcome(username, sent=False, reason="nothing to do today")
        email = reminder_email(preferences, today)
        if not dry_run:
            email.send()
        return Outcome(username, sent=True, reason=email.subject)


def send_reminders(*, now: datetime | None = None, dry_run: bool = False) -> list[Outcome]:
    """Settle the day of everyone whose reminder time has come; with `dry_run`, only say what
    would be sent."""
    now = now or timezone.now()
    outcomes = []
    for preferences in candidates(now):
        day = day_to_settle(preferences, now)
        if day is None:
            continue
        try:
            outcomes.append(_settle(preferences, day=day, now=now, dry_run=dry_run))
        except (smtplib.SMTPException, OSError) as error:
            logger.exception("Reminder to %s not sent", preferences.user.get_username())
            outcomes.append(
                Outcome(
                    preferences.user.get_username(), sent=False, reason=str(error), failed=True
                )
            )
    return outcomes
