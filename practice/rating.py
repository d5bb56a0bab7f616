"""Saving a rating: the one write path of "I rated this question", and its corrections.

`rate_question` is the entry point (the question page, the review page and mock interviews
all call it). It writes the history row (`ConfidenceRating`) and the person's progress row
(`QuestionProgress`: current confidence, rating count, FSRS card) together:

- fast path, when the caller read the progress row just before (`current=`, as the rating
  POST does with `rateable_question`): the new row is computed from what was read and
  written only if the row is still that (`_save_if_unchanged`, compare-and-set), so no row
  lock is held across a round trip;
- locked path, otherwise or when another rating changed the row in between (`_rate_locked`):
  the row is read under `select_for_update` and this rating applied on top of it.

Both paths compute the new row with `_rated` and write the columns of `_STATE_COLUMNS`, which
come from the model: a new column of the progress row is written by both paths once the
model has it and `_rated` fills it in. `change_rating` and `replay_history` rebuild the row
from the history with the same `_rated`. Every path, in the same transaction, also counts
the rating in the person's day (`practice.daily_practice`) and moves their `TodayVersion` on
(the header's kept count, `practice.plans.header`).

The statements of the rating POST are written out in SQL: a rating is what people repeat
hundreds of times, and building these through the ORM cost more than running them (about
0.3 ms of Python per statement against tens of microseconds in the database). Plain SQL that
SQLite (3.35+) and PostgreSQL both run; parameters are adapted as the ORM adapts them, so
what these write reads back the same through the ORM.
"""

import copy
from datetime import UTC, datetime

from django.db import IntegrityError, connection, models, transaction
from django.utils import timezone

from guide import visibility
from guide.models import Guide, Question, Section

from . import daily_practice, scheduling, today_version
from .models import ConfidenceRating, QuestionProgress

# Every column of the progress row but its keys: the card and the counters. A row equal in all
# of these schedules a rating the same way; both paths write all of them.
_STATE_FIELDS = tuple(
    field
    for field in QuestionProgress._meta.concrete_fields
    if field.name not in {"id", "user", "question"}
)
_STATE_COLUMNS = tuple(field.column for field in _STATE_FIELDS)
_DATETIMES = {
    field.column for field in _STATE_FIELDS if isinstance(field, models.DateTimeField)
} | {"rated_at"}


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


_LOOKUP = f"""
SELECT q.id, q.number, s.id, g.id, g.slug, g.owner_id,
       p.id, {", ".join(f"p.{column}" for column in _STATE_COLUMNS)}
FROM {_table(Question)} q
JOIN {_table(Section)} s ON s.id = q.section_id
JOIN {_table(Guide)} g ON g.id = s.guide_id
LEFT JOIN {_table(QuestionProgress)} p ON p.question_id = q.id AND p.user_id = %s
WHERE q.id = %s AND {visibility.open_to_sql(question="q", section="s", guide="g")}
"""


# `rate_question(current=...)` default: the caller has not read the progress row.
NOT_READ = object()


def rate_question(
    *,
    user,
    question,
    confidence: int,
    seconds_spent: int | None = None,
    at: datetime | None = None,
    current=NOT_READ,
) -> tuple[QuestionProgress, ConfidenceRating]:
    """Record a confidence rating: one history row, and the user's current confidence and
    FSRS schedule for the question, updated in the same transaction. Returns both rows.

    `current`: the user's progress row for the question (or None: none yet) as the caller
    read it just before. The new schedule is then computed from it and written only if the
    row is still the same (compare-and-set), with no lock held across a round trip; when a
    concurrent rating changed it in between, this one is applied on top, as without it."""
    if current is not NOT_READ:
        # Counted after the row was read, so this rating's time follows the one that row holds.
        now = at or timezone.now()
        progress = _rated(current, confidence=confidence, at=now, user=user, question=question)
        rating = _history_row(user, question, confidence, now, seconds_spent)
        if _save_if_unchanged(progress, rating, was=current):
            return progress, rating
        # Another rating got there first: apply this one on top of it, timed after it.
    try:
        return _rate_locked(user, question, confidence, seconds_spent, at)
    except IntegrityError:
        # A concurrent first rating created the progress row first: apply this one on top.
        return _rate_locked(user, question, confidence, seconds_spent, at)


def _rated(current, *, confidence: int, at: datetime, **keys) -> QuestionProgress:
    """The progress row after one more rating on top of `current` (None: the first rating;
    `keys` then name the new row: user and question, or their ids). Every column of the
    row is set here, for both paths and for a replay of the history; `current` is left as
    it was read (the fast path compares against it)."""
    progress = copy.copy(current) if current else QuestionProgress(**keys)
    card = current.card() if current else scheduling.new_card(progress.question_id)
    progress.set_card(scheduling.review(card, confidence=confidence, at=at))
    progress.confidence = confidence
    progress.rating_count = (current.rating_count if current else 0) + 1
    return progress


def _history_row(user, question, confidence, at, seconds_spent) -> ConfidenceRating:
    return ConfidenceRating(
        user=user,
        question=question,
        confidence=confidence,
        rated_at=at,
        seconds_spent=seconds_spent,
    )


def _rate_locked(user, question, confidence, seconds_spent, at):
    with transaction.atomic():
        # The lock makes concurrent ratings of one question by one user apply one after
        # another, in the order of their history rows.
        current = (
            QuestionProgress.objects.select_for_update()
            .filter(user=user, question=question)
            .first()
        )
        now = at or timezone.now()
        progress = _rated(current, confidence=confidence, at=now, user=user, question=question)
        progress.save()
        rating = _history_row(user, question, confidence, now, seconds_spent)
        rating.save()
        daily_practice.count(rating)
        today_version.bump(rating.user_id)
    return progress, rating


def change_rating(rating: ConfidenceRating, *, confidence: int) -> QuestionProgress:
    """Correct a rating already given (e.g. a double submit in a mock interview): the history
    row keeps its time, and the current state is rebuilt by replaying the history."""
    with transaction.atomic():
        progress = QuestionProgress.objects.select_for_update().get(
            user_id=rating.user_id, question_id=rating.question_id
        )
        daily_practice.recount_confidence(rating, confidence=confidence)
        rating.confidence = confidence
        rating.save(update_fields=["confidence"])
        today_version.bump(rating.user_id)
        return replay_history(progress)


def replay_history(progress: QuestionProgress) -> QuestionProgress:
    """Recompute the current confidence and FSRS card from the history, in order."""
    ratings = ConfidenceRating.objects.filter(
        user_id=progress.user_id, question_id=progress.question_id
    ).order_by("rated_at", "id")
    replayed = None
    for rating in ratings:
        replayed = _rated(
            replayed,
            confidence=rating.confidence,
            at=rating.rated_at,
            user_id=progress.user_id,
            question_id=progress.question_id,
        )
    if replayed is None:
        # No rating left: a new card, as the row would be before its first rating.
        progress.set_card(scheduling.new_card(progress.question_id))
        progress.rating_count = 0
    else:
        for field in _STATE_FIELDS:
            setattr(progress, field.attname, getattr(replayed, field.attname))
    progress.save()
    return progress


def _aware(value):
    # SQLite hands back naive UTC datetimes (the ORM would make them aware the same way).
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=UTC)


def _db_value(column: str, value):
    return connection.ops.adapt_datetimefield_value(value) if column in _DATETIMES else value


def rateable_question(user, question_id: int) -> tuple[Question, QuestionProgress | None] | None:
    """(question, the user's progress row or None), or None when the user may not rate it
    (no such question, archived, or someone else's guide that is not in the library). The
    question carries its section and guide as far as its address needs them (ids, number,
    slug)."""
    with connection.cursor() as cursor:
        cursor.execute(_LOOKUP, [user.pk, question_id, user.pk, user.pk])
        row = cursor.fetchone()
    if row is None:
        return None
    q_id, number, section_id, guide_id, slug, owner_id, progress_id, *state = row
    guide = Guide(id=guide_id, slug=slug, owner_id=owner_id)
    question = Question(id=q_id, number=number, section=Section(id=section_id, guide=guide))
    if progress_id is None:
        return question, None
    values = dict(zip(_STATE_COLUMNS, state, strict=True))
    values["due"] = _aware(values["due"])
    values["last_review"] = _aware(values["last_review"])
    progress = QuestionProgress(id=progress_id, user=user, question=question, **values)
    progress._state.adding = False
    progress._state.db = connection.alias
    return question, progress


def _save_if_unchanged(progress: QuestionProgress, rating: ConfidenceRating, *, was) -> bool:
    """Write the new progress row and the history row together, only if the user's row for
    the question is still what `was` read (None: there was none); False, with nothing
    written, when another write changed it in between. Fills in both rows' ids.

    On PostgreSQL one statement (a data-modifying WITH) does both: it is its own transaction,
    with no BEGIN and COMMIT round trips. SQLite runs the two statements in one transaction."""
    if was is None:
        progress_sql, params = _insert_first_progress(progress)
    else:
        progress_sql, params = _update_progress_if_unchanged(progress, was=was)
    rating_columns = ("user_id", "question_id", "confidence", "rated_at", "seconds_spent")
    rating_values = [rating.user_id, rating.question_id, rating.confidence]
    rating_values += [_db_value("rated_at", rating.rated_at), rating.seconds_spent]
    insert_rating = f"INSERT INTO {_table(ConfidenceRating)} ({', '.join(rating_columns)}) "
    postgresql = connection.vendor == "postgresql"
    # The rating's day counted too: on PostgreSQL within the statement, when it wrote a row.
    day_sql, day_params = daily_practice.counted(rating, after="progress" if postgresql else None)
    if postgresql:
        with connection.cursor() as cursor:
            cursor.execute(
                f"WITH progress AS ({progress_sql} RETURNING id), counted_day AS ({day_sql}), "
                f"today AS (INSERT INTO {today_version.TABLE} (user_id, version) "
                f"SELECT %s, 1 FROM progress {today_version.ON_CONFLICT}) {insert_rating}"
                f"SELECT {', '.join(['%s'] * len(rating_columns))} FROM progress "
                "RETURNING id, (SELECT id FROM progress)",
                [*params, *day_params, rating.user_id, *rating_values],
            )
            row = cursor.fetchone()
        if row is None:
            return False
        rating_id, progress_id = row
    else:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"{progress_sql} RETURNING id", params)
            row = cursor.fetchone()
            if row is None:
                return False
            progress_id = row[0]
            cursor.execute(
                f"{insert_rating}VALUES ({', '.join(['%s'] * len(rating_columns))}) RETURNING id",
                rating_values,
            )
            rating_id = cursor.fetchone()[0]
            cursor.execute(day_sql, day_params)
            today_version.bump(rating.user_id)
    for row_object, row_id in ((progress, progress_id), (rating, rating_id)):
        row_object.id = row_id
        row_object._state.adding = False
        row_object._state.db = connection.alias
    return True


def _insert_first_progress(progress: QuestionProgress) -> tuple[str, list]:
    """The user's first row for the question; nothing when one exists (a concurrent first
    rating got there first)."""
    columns = ("user_id", "question_id", *_STATE_COLUMNS)
    values = [_db_value(column, getattr(progress, column)) for column in columns]
    sql = (
        f"INSERT INTO {_table(QuestionProgress)} ({', '.join(columns)}) "
        f"VALUES ({', '.join(['%s'] * len(columns))}) "
        "ON CONFLICT (user_id, question_id) DO NOTHING"
    )
    return sql, values


def _update_progress_if_unchanged(progress: QuestionProgress, *, was) -> tuple[str, list]:
    """`progress` over its row, only where the row still holds what `was` read."""
    assignments = ", ".join(f"{column} = %s" for column in _STATE_COLUMNS)
    params = [_db_value(column, getattr(progress, column)) for column in _STATE_COLUMNS]
    conditions = ["id = %s"]
    params.append(was.pk)
    for column in _STATE_COLUMNS:
        value = getattr(was, column)
        if value is None:
            conditions.append(f"{column} IS NULL")
        else:
            conditions.append(f"{column} = %s")
            params.append(_db_value(column, value))
    sql = f"UPDATE {_table(QuestionProgress)} SET {assignments} WHERE {' AND '.join(conditions)}"
    return sql, params
