"""Migration 0008 turns each stored interview moment into the day (and time) the person gave,
read in their time zone."""

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from accounts.models import Preferences
from practice.models import InterviewDate
from tests.factories import GuideFactory, UserFactory

BEFORE = [("practice", "0007_answer_note")]


def migrate(targets=None):
    """Migrate to `targets` (by default every app's latest) and return the models then."""
    executor = MigrationExecutor(connection)
    targets = targets or executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_it_keeps_the_day_and_time_each_person_gave_in_their_zone():
    guide = GuideFactory()
    auckland, nobody = UserFactory(username="kiri"), UserFactory(username="sam")
    Preferences.objects.create(user=auckland, time_zone="Pacific/Auckland")
    old = migrate(BEFORE).get_model("practice", "InterviewDate")
    # A date alone, saved in Auckland: 09:00 there is still the day before in UTC.
    old.objects.create(
        user_id=auckland.pk,
        guide_id=guide.pk,
        interview_at=datetime(2026, 12, 7, 9, 0, tzinfo=ZoneInfo("Pacific/Auckland")),
        time_given=False,
    )
    # A time, saved by someone with no settings (UTC).
    old.objects.create(
        user_id=nobody.pk,
        guide_id=guide.pk,
        interview_at=datetime(2026, 12, 8, 14, 30, tzinfo=UTC),
        time_given=True,
    )

    migrate()

    rows = {
        row.user.username: (row.interview_on, row.interview_time)
        for row in InterviewDate.objects.select_related("user")
    }
    assert rows == {"kiri": (date(2026, 12, 7), None), "sam": (date(2026, 12, 8), time(14, 30))}


@pytest.mark.django_db(transaction=True)
def test_it_turns_the_day_back_into_a_moment_when_reversed():
    guide = GuideFactory()
    user = UserFactory()
    Preferences.objects.create(user=user, time_zone="Asia/Tokyo")
    InterviewDate.objects.create(user=user, guide=guide, interview_on=date(2026, 12, 7))

    old = migrate(BEFORE).get_model("practice", "InterviewDate")
    (row,) = old.objects.all()
    migrate()

    assert row.interview_at == datetime(2026, 12, 7, 9, 0, tzinfo=ZoneInfo("Asia/Tokyo"))
    assert row.time_given is False
