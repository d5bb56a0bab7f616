"""The statements of the rating POST, written out: a rating is what people repeat hundreds of
times, and building these through the ORM cost more than running them (about 0.3 ms of
Python per statement against tens of microseconds in the database).

- `rateable_question`: the question, if this person may rate it (live; shipped or their
  own), with what its address needs, and their progress row for it: one query in place of
  the question lookup and the read of the row.
- `save_if_unchanged`: the new schedule and the history row, written only if the progress
  row is still what was read (compare-and-set), so no row lock is held across a round
  trip; the caller falls back to the locked path when it is not.

Plain SQL that SQLite (3.35+) and PostgreSQL both run; parameters are adapted as the ORM
adapts them, so what these write reads back the same through the ORM.
"""

from datetime import UTC

from django.db import connection, transaction

from guide.models import Guide, Question, Section

from .models import ConfidenceRating, QuestionProgress

# The card and the counters: a row equal in all of these schedules a rating the same way.
_STATE_COLUMNS = (
    "confidence",
    "rating_count",
    "state",
    "step",
    "stability",
    "difficulty",
    "due",
    "last_review",
)
_DATETIMES = {"due", "last_review", "rated_at"}


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


_LOOKUP = f"""
SELECT q.id, q.number, s.id, g.id, g.slug, g.owner_id,
       p.id, {", ".join(f"p.{column}" for column in _STATE_COLUMNS)}
FROM {_table(Question)} q
JOIN {_table(Section)} s ON s.id = q.section_id
JOIN {_table(Guide)} g ON g.id = s.guide_id
LEFT JOIN {_table(QuestionProgress)} p ON p.question_id = q.id AND p.user_id = %s
WHERE q.id = %s AND NOT q.archived AND NOT s.archived AND NOT g.archived
  AND (g.owner_id IS NULL OR g.owner_id = %s)
"""


def _aware(value):
    # SQLite hands back naive UTC datetimes (the ORM would make them aware the same way).
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=UTC)


def _db_value(column: str, value):
    return connection.ops.adapt_datetimefield_value(value) if column in _DATETIMES else value


def rateable_question(user, question_id: int) -> tuple[Question, QuestionProgress | None] | None:
    """(question, the user's progress row or None), or None when the user may not rate it
    (no such question, archived, or someone else's guide). The question carries its section
    and guide as far as its address needs them (ids, number, slug)."""
    with connection.cursor() as cursor:
        cursor.execute(_LOOKUP, [user.pk, question_id, user.pk])
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


def save_if_unchanged(progress: QuestionProgress, rating: ConfidenceRating, *, was) -> bool:
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
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                f"WITH progress AS ({progress_sql} RETURNING id) {insert_rating}"
                f"SELECT {', '.join(['%s'] * len(rating_columns))} FROM progress "
                "RETURNING id, (SELECT id FROM progress)",
                [*params, *rating_values],
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
