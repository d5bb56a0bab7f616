"""A person's practice counted per guide and local day (`DailyPractice`), so that the progress
page and the streak read days, not the ratings behind them.

Written in the same transaction as the ratings they count, by one upsert per rating
(`counted`: INSERT … ON CONFLICT (user, guide, day) DO UPDATE, which SQLite and PostgreSQL
both run), from every write of a rating:

- `practice.rating`: both paths of `rate_question` (the compare-and-set statement of the
  rating POST runs it inside its own statement on PostgreSQL) and `change_rating`
  (`recount_confidence`);
- a change of the person's time zone: their days are counted again (`follow_time_zone`,
  through `PracticeConfig.preferences_changed`);
- questions that leave a guide (deleted, or moved by the staff): their ratings go, or count
  for the other guide (`questions_leaving`, through `guide.regrouping`);
- the account's or the guide's deletion: the rows cascade.

A day is the person's local day, in their zone (`accounts.Preferences.time_zone`) when the
rating was written; each row names that zone. A reader asking in another zone (another
device still in the old one, or a caller with a zone of its own) gets None from `guide_days`
or `practice_days` and reads the ratings, as before the aggregates: what a page shows does not
depend on whether it was counted.
"""

from datetime import UTC, date, timedelta, tzinfo
from zoneinfo import ZoneInfo

from django.db import connection, transaction

from accounts import time_zones
from accounts.models import Preferences
from guide.models import Question, Section

from .models import ConfidenceRating, DailyPractice


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


_DAYS = _table(DailyPractice)
_ZONE = f"SELECT time_zone FROM {_table(Preferences)} WHERE user_id = %s"
_QUESTION = f"{_table(Question)} q JOIN {_table(Section)} s ON s.id = q.section_id"
# A row that two zones' writes met in (a rating racing a change of zone) names no zone.
_MIXED = ""
# Local days in two zones lie at most two days apart (UTC−12 and UTC+14): the rows this far
# around a window say whether the ratings in it were counted in the zone asked.
_ZONE_MARGIN = timedelta(days=2)


def _upsert(*, guide: str, source: str) -> str:
    """Add a row's ratings and confidence to its day; SQLite needs a WHERE in an upsert's
    SELECT (`source` ends with one)."""
    return (
        f"INSERT INTO {_DAYS} (user_id, guide_id, day, time_zone, ratings, confidence_sum) "
        f"SELECT %s, {guide}, %s, %s, %s, %s FROM {source} "
        "ON CONFLICT (user_id, guide_id, day) DO UPDATE SET "
        f"ratings = {_DAYS}.ratings + excluded.ratings, "
        f"confidence_sum = {_DAYS}.confidence_sum + excluded.confidence_sum, "
        f"time_zone = CASE WHEN {_DAYS}.time_zone = excluded.time_zone "
        f"THEN {_DAYS}.time_zone ELSE '{_MIXED}' END"
    )


def person_zone(user_id: int) -> ZoneInfo:
    """The zone the person's days begin in: their preference, UTC without one (or for a name
    this machine no longer knows, as `accounts.middleware` reads it)."""
    with connection.cursor() as cursor:
        cursor.execute(_ZONE, [user_id])
        row = cursor.fetchone()
    return time_zones.zone(row[0] if row else None)


def zone_key(tz: tzinfo) -> str | None:
    """The name a row holds for days in `tz`; None for a zone with no name (a fixed offset)."""
    if isinstance(tz, ZoneInfo):
        return tz.key
    return "UTC" if tz is UTC else None


def counted(rating: ConfidenceRating, *, after: str | None = None) -> tuple[str, list]:
    """The statement (SQL, parameters) that counts `rating` in its day: one upsert. With
    `after`, the name of a common table expression of the same statement, only when that
    returned a row (the rating POST's compare-and-set: nothing when it wrote nothing)."""
    zone = person_zone(rating.user_id)
    day = rating.rated_at.astimezone(zone).date()
    source = f"{after}, {_QUESTION}" if after else _QUESTION
    sql = _upsert(guide="s.guide_id", source=f"{source} WHERE q.id = %s")
    params = [rating.user_id, _date(day), zone.key, 1, rating.confidence, rating.question_id]
    return sql, params


def count(rating: ConfidenceRating) -> None:
    """Count `rating` in its day (inside the transaction that writes it)."""
    with connection.cursor() as cursor:
        cursor.execute(*counted(rating))


def recount_confidence(rating: ConfidenceRating, *, confidence: int) -> None:
    """Before `rating` (stored) is changed to `confidence`: its day's confidence follows, by
    the difference from the confidence stored now; the count stays."""
    zone = person_zone(rating.user_id)
    day = rating.rated_at.astimezone(zone).date()
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {_DAYS} SET confidence_sum = confidence_sum + %s "
            f"- (SELECT confidence FROM {_table(ConfidenceRating)} WHERE id = %s) "
            f"WHERE user_id = %s AND day = %s AND time_zone = %s "
            f"AND guide_id = (SELECT s.guide_id FROM {_QUESTION} WHERE q.id = %s)",
            [confidence, rating.pk, rating.user_id, _date(day), zone.key, rating.question_id],
        )


def rebuild(user_id: int, *, guide_ids=None) -> None:
    """Count the person's days again from their ratings, in their zone now: every guide, or
    those of `guide_ids`. Reads their history once (in chunks)."""
    zone = person_zone(user_id)
    ratings = ConfidenceRating.objects.filter(user_id=user_id)
    rows = DailyPractice.objects.filter(user_id=user_id)
    if guide_ids is not None:
        ratings = ratings.filter(question__section__guide_id__in=guide_ids)
        rows = rows.filter(guide_id__in=guide_ids)
    days: dict[tuple[int, date], list[int]] = {}
    with transaction.atomic():
        rows.delete()
        history = ratings.order_by().values_list(
            "question__section__guide_id", "rated_at", "confidence"
        )
        for guide_id, rated_at, confidence in history.iterator(chunk_size=2000):
            sums = days.setdefault((guide_id, rated_at.astimezone(zone).date()), [0, 0])
            sums[0] += 1
            sums[1] += confidence
        sql = _upsert(guide="%s", source="(SELECT 1) one WHERE 1 = 1")
        with connection.cursor() as cursor:
            cursor.executemany(
                sql,
                [
                    [user_id, guide_id, _date(day), zone.key, number, total]
                    for (guide_id, day), (number, total) in days.items()
                ],
            )


def follow_time_zone(user) -> None:
    """After the person's preferences were saved: when their days were counted in another
    zone than theirs now, count them again (their whole history, once per change)."""
    zone = person_zone(user.pk)
    if DailyPractice.objects.for_user(user).exclude(time_zone=zone.key).exists():
        rebuild(user.pk)


def questions_leaving(question_ids, *, guide_id: int, to_guide_id: int | None) -> None:
    """Questions leave `guide_id`: deleted (`to_guide_id` None; called before the deletion,
    so their ratings go here, and are no longer counted) or moved to `to_guide_id` (called
    after the move). Everyone who rated them has those guides' days counted again."""
    ratings = ConfidenceRating.objects.filter(question_id__in=list(question_ids))
    user_ids = list(ratings.order_by().values_list("user_id", flat=True).distinct())
    if not user_ids:
        return
    guide_ids = [guide_id] if to_guide_id is None else [guide_id, to_guide_id]
    with transaction.atomic():
        if to_guide_id is None:
            ratings.delete()
        for user_id in user_ids:
            rebuild(user_id, guide_ids=guide_ids)


def guide_days(user, guide, *, first: date, last: date, tz: tzinfo) -> list | None:
    """(day, ratings, confidence sum) of each day first…last with ratings of `guide`'s
    questions, oldest first; None when they were not counted in `tz`."""
    rows = (
        DailyPractice.objects.for_user(user)
        .filter(guide=guide, day__gte=first - _ZONE_MARGIN, day__lte=last + _ZONE_MARGIN)
        .order_by("day")
        .values_list("day", "ratings", "confidence_sum", "time_zone")
    )
    return _in_window(rows, first=first, last=last, tz=tz)


def practice_days(user, *, first: date, last: date, tz: tzinfo) -> list[date] | None:
    """The days first…last with a rating in any guide, newest first; None when they were not
    counted in `tz`."""
    rows = (
        DailyPractice.objects.for_user(user)
        .filter(day__gte=first - _ZONE_MARGIN, day__lte=last + _ZONE_MARGIN)
        .order_by("-day")
        .values_list("day", "time_zone")
        .distinct()
    )
    days = _in_window(rows, first=first, last=last, tz=tz)
    return None if days is None else list(dict.fromkeys(day for (day,) in days))


def _in_window(rows, *, first: date, last: date, tz: tzinfo) -> list | None:
    key = zone_key(tz)
    rows = list(rows)
    if key is None or any(row[-1] != key for row in rows):
        return None
    return [row[:-1] for row in rows if first <= row[0] <= last]


def _date(day: date):
    return connection.ops.adapt_datefield_value(day)
