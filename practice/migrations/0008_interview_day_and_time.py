"""An interview keeps the day and the time the person gave (`interview_on`, `interview_time`)
instead of a moment (`interview_at`), so that changing time zone no longer moves it.

Existing rows are read in the person's time zone as it is now (UTC without preferences): the
zone active when a row was saved is not recorded, and it is the profile's zone unless the
person changed it since. A date-only row held 09:00 of its day in that zone, so its day comes
back as given; a timed row keeps its day and wall-clock time."""

from datetime import datetime, time
from zoneinfo import ZoneInfo, available_timezones

from django.db import migrations, models

DEFAULT_TIME = time(9, 0)


def _zones(apps):
    """{user id: ZoneInfo} from the people's preferences; unknown names read as UTC."""
    Preferences = apps.get_model("accounts", "Preferences")
    known = available_timezones()
    return {
        user_id: ZoneInfo(name if name in known else "UTC")
        for user_id, name in Preferences.objects.values_list("user_id", "time_zone")
    }


def to_day_and_time(apps, schema_editor):
    InterviewDate = apps.get_model("practice", "InterviewDate")
    zones = _zones(apps)
    for interview in InterviewDate.objects.all():
        local = interview.interview_at.astimezone(zones.get(interview.user_id, ZoneInfo("UTC")))
        interview.interview_on = local.date()
        interview.interview_time = local.time() if interview.time_given else None
        interview.save(update_fields=["interview_on", "interview_time"])


def to_moment(apps, schema_editor):
    InterviewDate = apps.get_model("practice", "InterviewDate")
    zones = _zones(apps)
    for interview in InterviewDate.objects.all():
        interview.interview_at = datetime.combine(
            interview.interview_on,
            interview.interview_time or DEFAULT_TIME,
            tzinfo=zones.get(interview.user_id, ZoneInfo("UTC")),
        )
        interview.time_given = interview.interview_time is not None
        interview.save(update_fields=["interview_at", "time_given"])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_reminders_and_calendar_feed"),
        ("practice", "0007_answer_note"),
    ]

    operations = [
        migrations.AddField(
            model_name="interviewdate",
            name="interview_on",
            field=models.DateField(null=True),
        ),
        migrations.AddField(
            model_name="interviewdate",
            name="interview_time",
            field=models.TimeField(blank=True, null=True),
        ),
        migrations.AlterField(
            model_name="interviewdate",
            name="interview_at",
            field=models.DateTimeField(null=True),
        ),
        migrations.RunPython(to_day_and_time, to_moment),
        migrations.RemoveField(model_name="interviewdate", name="interview_at"),
        migrations.RemoveField(model_name="interviewdate", name="time_given"),
        migrations.AlterField(
            model_name="interviewdate",
            name="interview_on",
            field=models.DateField(),
        ),
    ]
