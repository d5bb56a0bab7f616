from django.conf import settings
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

    class Meta:
        verbose_name_plural = "preferences"

    def __str__(self):
        return f"Preferences of {self.user}"


def preferences_for(user) -> Preferences:
    """The person's settings: their row, or the defaults (unsaved) until they change one, so
    that showing a page never writes. Save with `update_or_create`."""
    return Preferences.objects.filter(user=user).first() or Preferences(user=user)
