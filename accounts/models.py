import secrets
from datetime import time

from django.conf import settings
from django.core import signing
from django.db import models

from . import time_zones


class Preferences(models.Model):
    """One person's settings. Sign-up makes the row; people who signed up before it existed
    have the defaults until they change a setting (see `preferences_for`)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="preferences"
    )
    time_zone = models.CharField(
        max_length=64,
        default=time_zones.DEFAULT,
        validators=[time_zones.validate_time_zone],
        help_text="Dates and times are shown in this zone; your days begin at its midnight.",
    )
    reminders = models.BooleanField(
        default=False, help_text="Email a reminder on days with something to do."
    )
    reminder_time = models.TimeField(
        default=time(8, 0), help_text="The local time after which the day's reminder goes out."
    )
    # The idempotency record of `send_reminders`: the local day whose reminder was settled
    # (sent, or skipped with nothing to do), so that no day gets a second one.
    last_reminder_on = models.DateField(null=True, blank=True)
    # The secret in the calendar feed's URL; None while the feed is off. A new one revokes
    # the old URL.
    calendar_token = models.CharField(
        max_length=64, unique=True, null=True, blank=True, default=None
    )
    # Spoken answers: how many recordings of each question to keep (the oldest go first);
    # 0 keeps them all.
    spoken_answers_kept = models.PositiveSmallIntegerField(
        default=5,
        help_text="Recordings kept per question; older ones are deleted. 0 keeps them all.",
    )

    class Meta:
        verbose_name_plural = "preferences"

    def __str__(self):
        return f"Preferences of {self.user}"


def new_calendar_token() -> str:
    return secrets.token_urlsafe(32)


STOP_REMINDERS_SALT = "accounts.stop-reminders"


def stop_reminders_token(user) -> str:
    """The signed part of a reminder's one-click "stop" link: no sign-in needed, no expiry
    (an old email's link still works), and only the owner's mailbox holds it."""
    return signing.dumps(user.pk, salt=STOP_REMINDERS_SALT)


def user_id_from_stop_token(token: str) -> int | None:
    try:
        user_id = signing.loads(token, salt=STOP_REMINDERS_SALT)
    except signing.BadSignature:
        return None
    return user_id if isinstance(user_id, int) else None


def preferences_for(user) -> Preferences:
    """The person's settings: their row, or the defaults (unsaved) until they change one, so
    that showing a page never writes. Save with `update_or_create`."""
    return Preferences.objects.filter(user=user).first() or Preferences(user=user)
