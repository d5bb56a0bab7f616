from django.conf import settings
from django.db import models

from . import time_zones


class Preferences(models.Model):
    """One person's settings. The row is made the first time it is needed, so people who
    signed up before a setting existed get its default."""

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
    return Preferences.objects.get_or_create(user=user)[0]
