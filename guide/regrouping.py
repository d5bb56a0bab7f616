"""Questions that leave a guide: deleted (alone or with their section) or, in the admin, moved
with their section or alone to another guide. Another app may count what people did per guide
(practice counts a person's ratings per guide and day); such an app has a
`questions_leaving(question_ids, *, guide_id, to_guide_id)` method on its AppConfig and is told
here, inside the write's transaction: before a deletion, while what hangs on the questions is
still there, and after a move. `guide` knows no app: it asks the registry, as `accounts` does
for a person's data."""

from django.apps import apps

from .models import Guide, Question, Section


def _tell(question_ids: list[int], *, guide_id: int, to_guide_id: int | None) -> None:
    if not question_ids or guide_id == to_guide_id:
        return
    for config in apps.get_app_configs():
        if hasattr(config, "questions_leaving"):
            config.questions_leaving(question_ids, guide_id=guide_id, to_guide_id=to_guide_id)


def _questions_of(row: Section | Question) -> list[int]:
    if isinstance(row, Question):
        return [row.pk]
    return list(Question.objects.filter(section=row).values_list("pk", flat=True))


def deleting(row: Guide | Section | Question) -> None:
    """Before `row` is deleted. A guide's deletion takes what hangs on the guide itself."""
    if isinstance(row, Guide) or row.pk is None:
        return
    guide_id = row.section.guide_id if isinstance(row, Question) else row.guide_id
    _tell(_questions_of(row), guide_id=guide_id, to_guide_id=None)


def moved(row: Section | Question, *, from_guide_id: int, to_guide_id: int) -> None:
    """After `row` moved from one guide to another."""
    _tell(_questions_of(row), guide_id=from_guide_id, to_guide_id=to_guide_id)
