"""The statements of the rating POST, written out: a rating is what people repeat hundreds of
times, and building these through the ORM cost more than running them (about 0.3 ms of
Python per statement against tens of microseconds in the database).

- `rateable_question`: the question, if this person may rate it (live; shipped or their
  own), with what its address needs, and their progress row for it: one query in place of
  the question lookup and the read of the row.
- `insert_first_progress` / `update_progress_if_unchanged`: write the new schedule only if
  the row is still what was read (compare-and-set), so no row lock is held across a round
  trip; the caller falls back to the locked path when it is not.
- `insert_rating`: the history row.

Plain SQL that SQLite (3.35+) and PostgreSQL both run; parameters are adapted as the ORM
adapts them, so what these write reads back the same through the ORM.
"""

from datetime import UTC

from django.db import connection

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
_DATETIMES = {"due", "last_review"}


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


def insert_first_progress(progress: QuestionProgress) -> bool:
    """Insert the user's first progress row for the question; False (and nothing written)
    when a row exists already (a concurrent first rating)."""
    columns = ("user_id", "question_id", *_STATE_COLUMNS)
    values = [_db_value(column, getattr(progress, column)) for column in columns]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {_table(QuestionProgress)} ({', '.join(columns)}) "
            f"VALUES ({', '.join(['%s'] * len(columns))}) "
            "ON CONFLICT (user_id, question_id) DO NOTHING RETURNING id",
            values,
        )
        row = cursor.fetchone()
    if row is None:
        return False
    progress.id = row[0]
    progress._state.adding = False
    progress._state.db = connection.alias
    return True


def update_progress_if_unchanged(progress: QuestionProgress, *, was: QuestionProgress) -> bool:
    """Write `progress` over its row only if the row still holds what `was` read; False (and
    nothing written) when another write changed it in between."""
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
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {_table(QuestionProgress)} SET {assignments} "
            f"WHERE {' AND '.join(conditions)}",
            params,
        )
        return cursor.rowcount == 1


def insert_rating(rating: ConfidenceRating) -> ConfidenceRating:
    """Insert the history row and give it its id."""
    columns = ("user_id", "question_id", "confidence", "rated_at", "seconds_spent")
    values = [rating.user_id, rating.question_id, rating.confidence]
    values += [connection.ops.adapt_datetimefield_value(rating.rated_at), rating.seconds_spent]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {_table(ConfidenceRating)} ({', '.join(columns)}) "
            f"VALUES ({', '.join(['%s'] * len(columns))}) RETURNING id",
            values,
        )
        rating.id = cursor.fetchone()[0]
    rating._state.adding = False
    rating._state.db = connection.alias
    return rating
