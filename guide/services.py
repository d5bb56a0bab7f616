"""Writes of the guide editor ("My guides"), each in one transaction.

Every write stores rendered HTML as the importer and the admin do, and raises the guide's
`content_version` so cached renderings of it are rebuilt. A person's own guide keeps its
sections and questions numbered 1, 2, 3… in reading order: adding, moving or deleting one
renumbers the guide (addresses change; practice history points at rows, not numbers).
"""

from django.contrib.admin.utils import NestedObjects
from django.db import router, transaction
from django.db.models import F, Max
from django.utils.text import capfirst

from . import regrouping
from .document import MAX_NUMBER
from .models import Guide, Question, SearchDocument, Section

# Numbers are rewritten in two steps, first past every number in use and then into place, so
# that no step ever gives two rows one number (unique constraints are checked row by row).
_OFFSET = MAX_NUMBER + 1

Layout = list[tuple[Section, list[Question]]]


def _lock(guide: Guide) -> Guide:
    """Writes to one guide take turns, so two tabs cannot hand out one number twice."""
    return Guide.objects.select_for_update().get(pk=guide.pk)


def _layout(guide: Guide) -> Layout:
    sections = list(guide.sections.order_by("number"))
    questions: dict[int, list[Question]] = {section.pk: [] for section in sections}
    for question in Question.objects.in_guide(guide).order_by("section__number", "number"):
        questions[question.section_id].append(question)
    return [(section, questions[section.pk]) for section in sections]


def _save_layout(guide: Guide, layout: Layout) -> None:
    """Number the sections and the questions 1… in the order `layout` lists them."""
    sections = [section for section, _questions in layout]
    questions = []
    for section, section_questions in layout:
        for question in section_questions:
            question.section = section
            questions.append(question)
    Section.objects.filter(guide=guide).update(number=F("number") + _OFFSET)
    Question.objects.in_guide(guide).update(number=F("number") + _OFFSET)
    for number, section in enumerate(sections, start=1):
        section.number = number
    for number, question in enumerate(questions, start=1):
        question.number = number
    Section.objects.bulk_update(sections, ["number"])
    Question.objects.bulk_update(questions, ["section", "number"])


def renumber(guide: Guide) -> None:
    """Number a guide's sections and questions 1… in reading order (after an import)."""
    _save_layout(guide, _layout(guide))


def create_guide(*, owner, guide: Guide) -> Guide:
    """Save a new guide (unsaved, from the form) as `owner`'s own."""
    guide.owner = owner
    guide.slug = Guide.private_slug(guide.title)
    guide.save()
    return guide


def save_guide(guide: Guide) -> None:
    with transaction.atomic():
        guide.save()
        Guide.content_changed(guide.pk)


def set_archived(guide: Guide, *, archived: bool) -> None:
    with transaction.atomic():
        Guide.objects.filter(pk=guide.pk).update(archived=archived)
        Guide.content_changed(guide.pk)


def add_section(*, guide: Guide, section: Section) -> Section:
    """Save a new section (unsaved, from the form) as the guide's last."""
    with transaction.atomic():
        _lock(guide)
        section.guide = guide
        section.number = (guide.sections.aggregate(last=Max("number"))["last"] or 0) + 1
        section.save()
        Guide.content_changed(guide.pk)
    return section


def save_section(section: Section) -> None:
    with transaction.atomic():
        section.save()
        Guide.content_changed(section.guide_id)


def add_question(*, section: Section, question: Question) -> Question:
    """Save a new question (unsaved, from the form) as its section's last."""
    guide = section.guide
    with transaction.atomic():
        _lock(guide)
        last = Question.objects.in_guide(guide).aggregate(last=Max("number"))["last"] or 0
        question.section = section
        question.number = last + 1
        question.render_html()
        question.save()
        _save_layout(guide, _layout(guide))
        Guide.content_changed(guide.pk)
    question.refresh_from_db(fields=["number"])
    return question


def save_question(question: Question) -> None:
    with transaction.atomic():
        question.render_html()
        question.save()
        Guide.content_changed(question.section.guide_id)


def move_section(section: Section, *, up: bool) -> None:
    """Swap a section with the one before (or after) it; at either end nothing moves."""
    guide = section.guide
    with transaction.atomic():
        _lock(guide)
        layout = _layout(guide)
        index = next(i for i, (row, _questions) in enumerate(layout) if row.pk == section.pk)
        other = index - 1 if up else index + 1
        if 0 <= other < len(layout):
            layout[index], layout[other] = layout[other], layout[index]
            _save_layout(guide, layout)
            Guide.content_changed(guide.pk)


def move_question(question: Question, *, up: bool) -> None:
    """Swap a question with its neighbour in the section; from the top (or bottom) of a
    section it moves to the end of the section before (or the start of the one after)."""
    guide = question.section.guide
    with transaction.atomic():
        _lock(guide)
        layout = _layout(guide)
        s, q = next(
            (s, q)
            for s, (_section, rows) in enumerate(layout)
            for q, row in enumerate(rows)
            if row.pk == question.pk
        )
        rows = layout[s][1]
        if up and q > 0:
            rows[q - 1], rows[q] = rows[q], rows[q - 1]
        elif not up and q < len(rows) - 1:
            rows[q + 1], rows[q] = rows[q], rows[q + 1]
        elif up and s > 0:
            layout[s - 1][1].append(rows.pop(q))
        elif not up and s < len(layout) - 1:
            layout[s + 1][1].insert(0, rows.pop(q))
        else:
            return
        _save_layout(guide, layout)
        Guide.content_changed(guide.pk)


def delete(row: Guide | Section | Question) -> None:
    """Delete a guide, section or question with everything that hangs on it (the owner's
    ratings of its questions among them); a section or question leaves its guide renumbered."""
    if isinstance(row, Guide):
        row.delete()
        return
    guide = row.guide if isinstance(row, Section) else row.section.guide
    with transaction.atomic():
        _lock(guide)
        regrouping.deleting(row)
        row.delete()
        _save_layout(guide, _layout(guide))
        Guide.content_changed(guide.pk)


def deletion_counts(row) -> list[tuple[str, int]]:
    """What deleting `row` takes with it, as (what, how many) per kind of row, counted by
    Django's own deletion collector, so that rows other apps hang on content (ratings,
    schedules, mock interviews) are counted without this app knowing them. The search index
    is no one's work, so it is not counted."""
    collector = NestedObjects(using=router.db_for_write(type(row)))
    collector.collect([row])
    counts = []
    for model, rows in collector.model_objs.items():
        if model not in (type(row), SearchDocument):
            names = model._meta
            name = names.verbose_name if len(rows) == 1 else names.verbose_name_plural
            counts.append((capfirst(name), len(rows)))
    return counts
