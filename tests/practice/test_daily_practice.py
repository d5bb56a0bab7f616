"""A person's practice counted per guide and local day (practice/daily_practice.py): the
progress page and the streak read it instead of the ratings, and show exactly what they showed
when they read the ratings; every write of a rating keeps it right."""

import random
import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.data import delete_account
from accounts.models import Preferences
from guide import regrouping
from guide.models import Question
from practice import daily_practice
from practice.mock_interviews import services as interviews
from practice.models import ConfidenceRating, DailyPractice
from practice.progress.report import guide_progress
from practice.progress.streak import streak
from practice.rating import change_rating, rate_question, rateable_question
from tests.factories import GuideFactory, QuestionFactory, SectionFactory, start_mock

LOS_ANGELES = ZoneInfo("America/Los_Angeles")
AUCKLAND = ZoneInfo("Pacific/Auckland")
# A Tuesday in late November: the twelve weeks shown cross the clock change of 1 November.
NOW = datetime(2026, 11, 24, 20, 0, tzinfo=UTC)


def in_zone(user, name):
    Preferences.objects.update_or_create(user=user, defaults={"time_zone": name})
    return user


def rate_fast(user, question, confidence, at):
    """As the rating POST does: the row read first, then compare-and-set."""
    found, read = rateable_question(user, question.pk)
    return rate_question(user=user, question=found, confidence=confidence, at=at, current=read)


def rate_locked(user, question, confidence, at):
    return rate_question(user=user, question=question, confidence=confidence, at=at)


def counted(user):
    """{(guide slug, day): (ratings, confidence sum, zone)} as stored."""
    return {
        (row.guide.slug, row.day.isoformat()): (row.ratings, row.confidence_sum, row.time_zone)
        for row in DailyPractice.objects.filter(user=user).select_related("guide")
    }


def from_ratings(user, zone):
    """The same, straight from the ratings (the oracle of what should be stored)."""
    days = {}
    for rating in ConfidenceRating.objects.filter(user=user).select_related(
        "question__section__guide"
    ):
        key = (rating.question.section.guide.slug, rating.rated_at.astimezone(zone).date())
        number, total = days.get(key, (0, 0))
        days[key] = (number + 1, total + rating.confidence)
    return {(slug, day.isoformat()): (*sums, zone.key) for (slug, day), sums in days.items()}


def visible(report):
    """Everything of the report that the page prints from days and the streak."""
    return (
        [(day.day, day.count, day.mean_text, day.label) for day in report.days],
        str(report.heatmap.cells_svg),
        str(report.trend.points_svg),
        report.trend.polyline,
        str(report.count_rows),
        str(report.mean_rows),
        report.activity_text,
        report.heatmap_label,
        report.trend_label,
        report.streak,
        report.streak.text,
    )


@pytest.fixture
def from_the_ratings(monkeypatch):
    """Within the block, days are read from the ratings: the code before the aggregates."""

    class Switch:
        def __enter__(self):
            monkeypatch.setattr(daily_practice, "guide_days", lambda *args, **kwargs: None)
            monkeypatch.setattr(daily_practice, "practice_days", lambda *args, **kwargs: None)

        def __exit__(self, *exc):
            monkeypatch.undo()

    return Switch()


@pytest.fixture
def guides(db):
    """Three guides of four questions each."""
    made = []
    for slug in ("ml", "stats", "systems"):
        section = SectionFactory(guide__slug=slug, guide__title=slug.title(), number=1)
        for number in range(1, 5):
            QuestionFactory(section=section, number=number)
        made.append(section.guide)
    return made


def varied_history(user, guides, *, seed=7):
    """Some 400 ratings over 150 days in three guides, in the order they were given: several
    a day at any hour (also around local midnight and the clock change), through both write
    paths; a run of 71 days in a row up to today (longer than the streak's first window); and
    two mock interviews whose self-ratings are corrected."""
    chance = random.Random(seed)
    questions = list(Question.objects.filter(section__guide__in=guides).order_by("pk"))
    events = [(NOW - timedelta(days=days_ago, hours=2), "mock") for days_ago in (3, 40)]
    for days_ago in range(150):
        if days_ago <= 70:
            events.append((NOW - timedelta(days=days_ago), "rate"))
        elif chance.random() < 0.4:
            continue
        for _ in range(chance.choice([0, 1, 2, 3, 5])):
            at = NOW - timedelta(days=days_ago, minutes=chance.randrange(24 * 60))
            events.append((at, "rate"))
    for at, kind in sorted(events):
        if kind == "rate":
            rate = rate_fast if chance.random() < 0.6 else rate_locked
            rate(user, chance.choice(questions), chance.randint(1, 5), at)
            continue
        session = start_mock(user=user, questions=questions[:3], now=at)
        for position in range(3):
            interviews.reveal(session=session, position=position, text="", now=at)
            interviews.rate_item(session=session, position=position, confidence=2, now=at)
            interviews.rate_item(session=session, position=position, confidence=5, now=at)
            interviews.advance(session=session, from_position=position, now=at)


def assert_same_as_from_the_ratings(user, guides, from_the_ratings, *, now, tz):
    counted_reports = [guide_progress(user, guide, now=now, tz=tz) for guide in guides]
    today = timezone.localdate(now, tz)
    counted_streak = streak(user, today, tz)
    with from_the_ratings:
        read_reports = [guide_progress(user, guide, now=now, tz=tz) for guide in guides]
        read_streak = streak(user, today, tz)
    assert [visible(report) for report in counted_reports] == [
        visible(report) for report in read_reports
    ]
    assert counted_streak == read_streak
    return counted_reports


# The page as before


@pytest.mark.parametrize(
    "now", [NOW, NOW + timedelta(hours=9), NOW + timedelta(days=2), NOW + timedelta(days=90)]
)
def test_the_report_and_streak_from_counted_days_equal_those_from_the_ratings(
    owner, guides, from_the_ratings, now
):
    varied_history(in_zone(owner, "America/Los_Angeles"), guides)

    reports = assert_same_as_from_the_ratings(
        owner, guides, from_the_ratings, now=now, tz=LOS_ANGELES
    )

    if now == NOW:
        assert reports[0].streak.days >= 70
        assert sum(report.rating_count for report in reports) > 100


def test_the_counted_days_are_the_ratings_per_local_day(owner, guides):
    varied_history(in_zone(owner, "America/Los_Angeles"), guides)

    assert counted(owner) == from_ratings(owner, LOS_ANGELES)


def test_the_progress_page_prints_the_same_from_counted_days(
    client, owner, guides, from_the_ratings, monkeypatch
):
    varied_history(in_zone(owner, "America/Los_Angeles"), guides)
    monkeypatch.setattr(timezone, "now", lambda: NOW)
    client.force_login(owner)

    def page(url):
        content = client.get(url).content.decode()
        # Tokens and nonces differ from one response to the next.
        return re.sub(r"[A-Za-z0-9_-]{32,}", "…", content)

    urls = [reverse("practice:progress", args=[guide.slug]) for guide in guides] + ["/"]
    counted_pages = [page(url) for url in urls]
    with from_the_ratings:
        read_pages = [page(url) for url in urls]

    assert counted_pages == read_pages
    assert "day streak, including today." in counted_pages[0]


def test_the_progress_page_reads_days_not_ratings(client, owner, guides):
    varied_history(in_zone(owner, "Pacific/Auckland"), guides)
    client.force_login(owner)
    url = reverse("practice:progress", args=["ml"])
    client.get(url)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)

    assert response.status_code == 200
    rating_table = ConfidenceRating._meta.db_table
    assert not [query["sql"] for query in queries if rating_table in query["sql"]]


def test_a_report_in_another_zone_than_the_counted_one_reads_the_ratings(
    owner, guides, from_the_ratings
):
    # Another device still in the old zone, or a caller with a zone of its own.
    varied_history(in_zone(owner, "America/Los_Angeles"), guides)

    for zone in (AUCKLAND, UTC, ZoneInfo("Asia/Kolkata")):
        for now in (NOW, NOW + timedelta(hours=13)):
            assert_same_as_from_the_ratings(owner, guides, from_the_ratings, now=now, tz=zone)


def test_a_day_that_two_zones_wrote_to_is_not_trusted(owner, guides, from_the_ratings):
    ml = Question.objects.filter(section__guide=guides[0]).first()
    rate_fast(in_zone(owner, "Pacific/Auckland"), ml, 4, NOW - timedelta(hours=1))
    # A rating that read the old zone just before a change of zone was committed.
    DailyPractice.objects.filter(user=owner).update(time_zone="Europe/London")
    rate_fast(owner, ml, 2, NOW)

    assert {row[2] for row in counted(owner).values()} <= {"", "Europe/London", AUCKLAND.key}
    today = timezone.localdate(NOW, AUCKLAND)
    assert (
        daily_practice.guide_days(owner, guides[0], first=today, last=today, tz=AUCKLAND) is None
    )
    assert_same_as_from_the_ratings(owner, guides, from_the_ratings, now=NOW, tz=AUCKLAND)


# Every write keeps the days right


@pytest.fixture
def question(guides):
    return Question.objects.filter(section__guide=guides[0]).order_by("number").first()


def test_the_rating_post_counts_its_day(client, owner, question, monkeypatch):
    in_zone(owner, "Pacific/Auckland")
    # 11:30 UTC on Monday is 00:30 on Tuesday in Auckland.
    monkeypatch.setattr(timezone, "now", lambda: datetime(2026, 11, 23, 11, 30, tzinfo=UTC))
    client.force_login(owner)
    url = reverse("practice:rate", args=[question.pk])

    for confidence in (2, 5):
        assert client.post(url, {"confidence": confidence}).status_code in (200, 302)

    assert counted(owner) == {("ml", "2026-11-24"): (2, 7, "Pacific/Auckland")}


def test_the_compare_and_set_path_counts_each_rating_once(owner, question):
    rate_fast(owner, question, 3, NOW - timedelta(minutes=5))
    found, read = rateable_question(owner, question.pk)
    # Another tab rates between this request's read and its write: its compare-and-set
    # writes nothing and the locked path counts it.
    rate_locked(owner, question, 5, NOW - timedelta(minutes=1))

    rate_question(user=owner, question=found, confidence=1, at=NOW, current=read)

    assert counted(owner) == {("ml", NOW.date().isoformat()): (3, 9, "UTC")}
    assert counted(owner) == from_ratings(owner, ZoneInfo("UTC"))


def test_the_locked_path_counts_its_day(owner, question):
    rate_locked(in_zone(owner, "America/Los_Angeles"), question, 4, NOW)
    rate_locked(owner, question, 2, NOW + timedelta(hours=5))  # 01:00 UTC: still the 24th there

    assert counted(owner) == {("ml", "2026-11-24"): (2, 6, "America/Los_Angeles")}


def test_a_first_rating_on_both_paths_at_once_is_counted_twice(owner, question):
    found, read = rateable_question(owner, question.pk)
    rate_locked(owner, question, 1, NOW)

    rate_question(user=owner, question=found, confidence=4, at=NOW, current=read)

    assert counted(owner) == {("ml", NOW.date().isoformat()): (2, 5, "UTC")}


def test_a_corrected_rating_changes_its_days_confidence_not_its_count(owner, question):
    rate_fast(owner, question, 2, NOW - timedelta(days=1))
    _progress, rating = rate_fast(owner, question, 1, NOW)

    change_rating(rating, confidence=5)

    assert counted(owner) == from_ratings(owner, ZoneInfo("UTC"))
    assert counted(owner)["ml", NOW.date().isoformat()] == (1, 5, "UTC")


def test_a_mock_interviews_self_rating_and_its_correction_are_counted(owner, question):
    session = start_mock(user=owner, questions=[question], now=NOW)
    interviews.reveal(session=session, position=0, text="", now=NOW)

    interviews.rate_item(session=session, position=0, confidence=2, now=NOW)
    interviews.rate_item(session=session, position=0, confidence=4, now=NOW)

    assert counted(owner) == {("ml", NOW.date().isoformat()): (1, 4, "UTC")}


def test_a_new_time_zone_counts_the_days_again_in_it(client, owner, guides, from_the_ratings):
    varied_history(in_zone(owner, "America/Los_Angeles"), guides)
    client.force_login(owner)

    response = client.post(reverse("accounts:time_zone"), {"time_zone": "Pacific/Auckland"})

    assert response.status_code == 302
    assert counted(owner) == from_ratings(owner, AUCKLAND)
    assert_same_as_from_the_ratings(owner, guides, from_the_ratings, now=NOW, tz=AUCKLAND)


def test_saving_the_same_time_zone_counts_nothing_again(client, owner, question):
    rate_fast(in_zone(owner, "Pacific/Auckland"), question, 3, NOW)
    client.force_login(owner)
    before = list(DailyPractice.objects.values_list("pk", flat=True))

    client.post(reverse("accounts:time_zone"), {"time_zone": "Pacific/Auckland"})

    assert list(DailyPractice.objects.values_list("pk", flat=True)) == before


def test_deleting_the_account_deletes_its_days(owner, other_user, question):
    rate_fast(owner, question, 3, NOW)
    rate_fast(other_user, question, 3, NOW)

    delete_account(owner)

    assert list(DailyPractice.objects.values_list("user", flat=True)) == [other_user.pk]


def test_deleting_a_guide_deletes_its_days(owner, guides):
    for guide in guides[:2]:
        rate_fast(owner, Question.objects.filter(section__guide=guide).first(), 3, NOW)

    guides[0].delete()

    assert list(counted(owner)) == [("stats", NOW.date().isoformat())]


def test_a_question_deleted_in_the_editor_no_longer_counts(client, owner):
    guide = GuideFactory(slug="mine", owner=owner)
    section = SectionFactory(guide=guide, number=1)
    kept, deleted = (QuestionFactory(section=section, number=n) for n in (1, 2))
    rate_fast(owner, kept, 4, NOW)
    rate_fast(owner, deleted, 2, NOW)
    rate_fast(owner, deleted, 1, NOW - timedelta(days=1))
    client.force_login(owner)

    response = client.post(reverse("guide:my_question_delete", args=[guide.pk, deleted.pk]))

    assert response.status_code == 302
    assert not Question.objects.filter(pk=deleted.pk).exists()
    assert counted(owner) == {("mine", NOW.date().isoformat()): (1, 4, "UTC")}


def test_a_question_moved_to_another_guide_counts_there(owner, guides):
    question, other = (Question.objects.filter(section__guide=g).first() for g in guides[:2])
    rate_fast(owner, question, 4, NOW)
    rate_fast(owner, other, 2, NOW)

    question.section, question.number = other.section, 99
    question.save()
    regrouping.moved(question, from_guide_id=guides[0].pk, to_guide_id=guides[1].pk)

    assert counted(owner) == {("stats", NOW.date().isoformat()): (2, 6, "UTC")}


def test_the_migration_counts_the_history_in_each_persons_zone(owner, other_user, guides):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("practice.migrations.0014_daily_practice")
    varied_history(in_zone(owner, "America/Los_Angeles"), guides)
    varied_history(other_user, guides, seed=11)
    DailyPractice.objects.all().delete()

    migration.count_days(apps, None)

    assert counted(owner) == from_ratings(owner, LOS_ANGELES)
    assert counted(other_user) == from_ratings(other_user, ZoneInfo("UTC"))


def test_a_question_the_staff_delete_in_the_admin_no_longer_counts(
    client, owner, staff_user, guides
):
    kept, deleted = Question.objects.filter(section__guide=guides[0]).order_by("number")[:2]
    rate_fast(owner, kept, 4, NOW)
    rate_fast(owner, deleted, 1, NOW)
    client.force_login(staff_user)

    response = client.post(
        reverse("admin:guide_question_delete", args=[deleted.pk]), {"post": "yes"}
    )

    assert response.status_code == 302
    assert counted(owner) == {("ml", NOW.date().isoformat()): (1, 4, "UTC")}


def test_a_question_the_staff_delete_inline_on_its_section_no_longer_counts(
    client, owner, staff_user, guides
):
    section = guides[0].sections.get()
    questions = list(section.questions.order_by("number"))
    rate_fast(owner, questions[0], 4, NOW)
    rate_fast(owner, questions[1], 1, NOW)
    data = {
        "guide": guides[0].pk,
        "number": section.number,
        "title": section.title,
        "subtitle": section.subtitle,
        "questions-TOTAL_FORMS": len(questions),
        "questions-INITIAL_FORMS": len(questions),
        "questions-MIN_NUM_FORMS": 0,
        "questions-MAX_NUM_FORMS": 1000,
    }
    for index, question in enumerate(questions):
        prefix = f"questions-{index}-"
        data |= {
            f"{prefix}id": question.pk,
            f"{prefix}section": section.pk,
            f"{prefix}number": question.number,
            f"{prefix}prompt": question.prompt,
            f"{prefix}answer": question.answer,
            f"{prefix}pro_tip": question.pro_tip,
        }
    data["questions-1-DELETE"] = "on"
    client.force_login(staff_user)

    response = client.post(reverse("admin:guide_section_change", args=[section.pk]), data)

    assert response.status_code == 302
    assert not Question.objects.filter(pk=questions[1].pk).exists()
    assert counted(owner) == {("ml", NOW.date().isoformat()): (1, 4, "UTC")}
