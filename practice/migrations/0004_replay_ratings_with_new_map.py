"""Rebuild every FSRS card from its rating history with the new confidence map.

Until now 4 – Good and 5 – Nailed it both gave FSRS Easy, 3 – Okay gave Good and 2 – Shaky
gave Hard (a pass). Now 1 and 2 give Again, 3 Hard, 4 Good, 5 Easy. The map and the scheduler
are frozen here so this migration means the same thing whatever practice/scheduling.py
becomes later.

Reversing is a no-op: the rows keep the new schedule (the old one can be rebuilt by replaying
with the old map, but nothing needs it).
"""

from itertools import groupby

import fsrs
from django.db import migrations

SCHEDULER = fsrs.Scheduler(enable_fuzzing=False)

FSRS_RATING_FOR_CONFIDENCE = {
    1: fsrs.Rating.Again,
    2: fsrs.Rating.Again,
    3: fsrs.Rating.Hard,
    4: fsrs.Rating.Good,
    5: fsrs.Rating.Easy,
}

USERS_PER_BATCH = 200
CARD_FIELDS = ["state", "step", "stability", "difficulty", "due", "last_review"]
# The time of the last rating is the card's last_review, set with the card.
UPDATED_FIELDS = CARD_FIELDS + ["confidence", "rating_count"]


def replay_ratings(apps, schema_editor):
    ConfidenceRating = apps.get_model("practice", "ConfidenceRating")
    QuestionProgress = apps.get_model("practice", "QuestionProgress")
    user_ids = list(
        QuestionProgress.objects.order_by("user_id").values_list("user_id", flat=True).distinct()
    )
    for start in range(0, len(user_ids), USERS_PER_BATCH):
        batch = user_ids[start : start + USERS_PER_BATCH]
        progress = {
            (row.user_id, row.question_id): row
            for row in QuestionProgress.objects.filter(user_id__in=batch)
        }
        ratings = (
            ConfidenceRating.objects.filter(user_id__in=batch)
            .order_by("user_id", "question_id", "rated_at", "id")
            .values_list("user_id", "question_id", "confidence", "rated_at")
            .iterator(chunk_size=2000)
        )
        changed = []
        for key, history in groupby(ratings, key=lambda rating: rating[:2]):
            row = progress.get(key)
            if row is None:
                continue
            card = fsrs.Card(card_id=row.question_id)
            count = 0
            for _user_id, _question_id, confidence, rated_at in history:
                card, _log = SCHEDULER.review_card(
                    card, FSRS_RATING_FOR_CONFIDENCE[confidence], rated_at
                )
                row.confidence = confidence
                count += 1
            row.state = card.state.value
            row.step = card.step
            row.stability = card.stability
            row.difficulty = card.difficulty
            row.due = card.due
            row.last_review = card.last_review
            row.rating_count = count
            changed.append(row)
        QuestionProgress.objects.bulk_update(changed, UPDATED_FIELDS, batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("practice", "0003_mock_session_retried_from"),
    ]

    operations = [
        migrations.RunPython(replay_ratings, migrations.RunPython.noop, elidable=True),
    ]
