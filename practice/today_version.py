"""The person's `TodayVersion`: read once per signed-in page that draws the header, moved on
by every write that can change what they have to do today (see the model).

Plain SQL, as the rating POST's own statements are (`practice.rating`): the read is on every
signed-in page and the write on every rating, and building either through the ORM costs more
than running it. `BUMP` is also written into the rating's own statement on PostgreSQL.
"""

from django.db import connection

from guide.models import Guide, GuideReader

from .models import TodayVersion

TABLE = connection.ops.quote_name(TodayVersion._meta.db_table)
_GUIDES = connection.ops.quote_name(Guide._meta.db_table)
_READERS = connection.ops.quote_name(GuideReader._meta.db_table)
# One statement whether or not the person has a row yet: `INSERT INTO TABLE (user_id,
# version)` with (user id, 1), then this (the rating's statement on PostgreSQL selects them).
ON_CONFLICT = f"ON CONFLICT (user_id) DO UPDATE SET version = {TABLE}.version + 1"
_BUMP = f"INSERT INTO {TABLE} (user_id, version) VALUES (%s, 1) {ON_CONFLICT}"
_MOVE_ON = f"UPDATE {TABLE} SET version = version + 1 WHERE user_id = %s"
_MOVE_ON_GUIDE = (
    f"UPDATE {TABLE} SET version = version + 1 WHERE user_id IN ("
    f"SELECT owner_id FROM {_GUIDES} WHERE id = %s UNION "
    f"SELECT user_id FROM {_READERS} WHERE guide_id = %s)"
)
_READ = f"SELECT version FROM {TABLE} WHERE user_id = %s"


def bump(user_id: int) -> None:
    """Move the person's version on, in the caller's transaction."""
    with connection.cursor() as cursor:
        cursor.execute(_BUMP, [user_id])


def current(user_id: int) -> int:
    with connection.cursor() as cursor:
        cursor.execute(_READ, [user_id])
        row = cursor.fetchone()
    return row[0] if row else 0


def bump_for_guide(sender, guide_id, **kwargs) -> None:
    """`guide.signals.content_changed` receiver: questions added, archived or deleted in a
    guide change the day of its owner and of the people practising it from the library."""
    with connection.cursor() as cursor:
        cursor.execute(_MOVE_ON_GUIDE, [guide_id, guide_id])


def bump_owner_when_deleted(sender, instance, **kwargs) -> None:
    """post_delete receiver of a guide: its owner's progress rows went with it."""
    if instance.owner_id is not None:
        with connection.cursor() as cursor:
            cursor.execute(_MOVE_ON, [instance.owner_id])


def create_for_new_user(sender, instance, created, **kwargs) -> None:
    """post_save receiver of the user model: every person has a row from the start, so that
    the receivers here that only update (a deletion's may run while the account itself is
    being deleted, when inserting one would point at a vanishing user) always find one."""
    if created:
        TodayVersion.objects.get_or_create(user_id=instance.pk)


def bump_when_saved(sender, instance, **kwargs) -> None:
    """post_save receiver of the person's rows that change their day without a rating
    (interview dates, library guides practised)."""
    bump(instance.user_id)


def bump_when_deleted(sender, instance, **kwargs) -> None:
    """post_delete receiver of the same rows. An update only: when the account itself is
    being deleted its version row may be gone already, and inserting one would point at a
    user about to disappear."""
    with connection.cursor() as cursor:
        cursor.execute(_MOVE_ON, [instance.user_id])
