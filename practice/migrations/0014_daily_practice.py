"""Each person's practice counted per guide and local day (`DailyPractice`), back-filled from
the rating history: a day in the person's time zone (their preference, else UTC), as
practice/daily_practice.py counts new ratings. A batch of people at a time, their ratings read
in chunks, so a large history is never held at once; the same on SQLite and PostgreSQL.

The zone's reading is frozen here (accounts.time_zones.zone as it is now), so this migration
means the same thing whatever that module becomes."""

from functools import cache
from zoneinfo import ZoneInfo, available_timezones

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

USERS_PER_BATCH = 200


@cache
def _zone(name):
    known = available_timezones() - {"localtime", "Factory", "posixrules"}
    return ZoneInfo(name if name in known else "UTC")


def count_days(apps, schema_editor):
    ConfidenceRating = apps.get_model("practice", "ConfidenceRating")
    DailyPractice = apps.get_model("practice", "DailyPractice")
    Preferences = apps.get_model("accounts", "Preferences")
    user_ids = list(
        ConfidenceRating.objects.order_by("user_id").values_list("user_id", flat=True).distinct()
    )
    for start in range(0, len(user_ids), USERS_PER_BATCH):
        batch = user_ids[start : start + USERS_PER_BATCH]
        zones = dict(
            Preferences.objects.filter(user_id__in=batch).values_list("user_id", "time_zone")
        )
        days = {}
        ratings = (
            ConfidenceRating.objects.filter(user_id__in=batch)
            .order_by()
            .values_list("user_id", "question__section__guide_id", "rated_at", "confidence")
            .iterator(chunk_size=2000)
        )
        for user_id, guide_id, rated_at, confidence in ratings:
            zone = _zone(zones.get(user_id, "UTC"))
            key = (user_id, guide_id, rated_at.astimezone(zone).date(), zone.key)
            sums = days.setdefault(key, [0, 0])
            sums[0] += 1
            sums[1] += confidence
        DailyPractice.objects.bulk_create(
            (
                DailyPractice(
                    user_id=user_id,
                    guide_id=guide_id,
                    day=day,
                    time_zone=zone,
                    ratings=number,
                    confidence_sum=total,
                )
                for (user_id, guide_id, day, zone), (number, total) in days.items()
            ),
            batch_size=1000,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_spoken_answers_kept"),
        ("guide", "0011_question_key_points"),
        ("practice", "0013_today_version"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="DailyPractice",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("day", models.DateField()),
                ("time_zone", models.CharField(max_length=64)),
                ("ratings", models.PositiveIntegerField()),
                ("confidence_sum", models.PositiveIntegerField()),
                (
                    "guide",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="guide.guide",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="daily_practice",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name_plural": "daily practice",
                "indexes": [
                    models.Index(fields=["user", "day"], name="daily_practice_user_day")
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("user", "guide", "day"), name="daily_practice_unique_day"
                    )
                ],
            },
        ),
        migrations.RunPython(count_days, migrations.RunPython.noop),
    ]
