"""Load a parsed guide document into the database (the way back is `exporter.py`).

The import is idempotent and keeps primary keys stable, because practice history (ratings,
reviews) points at questions: rows are matched by guide slug, section number and
(section, question number) and updated in place; a question or section that left the
document is archived, never deleted. Tips carry no user data, so they are simply synced.
"""

from dataclasses import dataclass, field
from textwrap import shorten

from django.core.exceptions import ValidationError
from django.db import models, transaction

from .document import (
    DocumentError,
    GuideDocument,
    document_warnings,
)
from .models import Guide, Question, Section, Tip


@dataclass
class ImportReport:
    """What an import did (or, for a dry run, would have done), row by row."""

    slug: str
    source: str = ""
    dry_run: bool = False
    sections: int = 0
    questions: int = 0
    tips: int = 0
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    archived: list[str] = field(default_factory=list)
    # Rows that were archived and came back; they are also counted as updated.
    restored: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def summary(self) -> str:
        counts = [
            f"{len(self.created)} created",
            f"{len(self.updated)} updated",
            f"{len(self.unchanged)} unchanged",
            f"{len(self.archived)} archived",
        ]
        if self.deleted:
            counts.append(f"{len(self.deleted)} deleted")
        lines = [
            f"{self.slug}: {self.sections} sections, {self.questions} questions, "
            f"{self.tips} tips ({', '.join(counts)})"
            + (" [dry run: nothing saved]" if self.dry_run else "")
        ]
        for verb, labels in [
            ("updated", self.updated),
            ("restored", self.restored),
            ("archived", self.archived),
            ("deleted", self.deleted),
        ]:
            lines.extend(f"  {verb} {label}" for label in labels)
        return "\n".join(lines)


def import_guide(document: GuideDocument, *, dry_run: bool = False) -> ImportReport:
    """Create or update the guide described by `document`, all or nothing.

    With `dry_run`, the whole import runs and is reported, then rolled back.
    Raises DocumentError when a value does not fit the models (e.g. a title too long).
    """
    report = ImportReport(
        slug=document.slug,
        source=document.source,
        dry_run=dry_run,
        sections=len(document.sections),
        questions=document.question_count,
        tips=len(document.tips),
        warnings=document_warnings(document),
    )
    with transaction.atomic():
        guide = _import_guide_row(document, report)
        sections = _import_sections(guide, document, report)
        _import_questions(guide, sections, document, report)
        _import_tips(guide, document, report)
        if report.created or report.updated or report.archived or report.deleted:
            Guide.content_changed(guide.pk)
        if dry_run:
            transaction.set_rollback(True)
    return report


def _import_guide_row(document: GuideDocument, report: ImportReport) -> Guide:
    guide = Guide.objects.filter(slug=document.slug).first() or Guide(slug=document.slug)
    if guide.owner_id is not None:
        # Imports write shipped guides; a person's own guide is theirs to edit.
        raise DocumentError(
            document.source, None, f"the address {document.slug} belongs to a person's own guide"
        )
    _apply(
        guide,
        {
            "title": document.title,
            "level": document.level,
            "subject": document.subject,
            "role": document.role,
            "intro": document.intro,
            "tips_title": document.tips_title,
            "tips_subtitle": document.tips_subtitle,
        },
        label=f"guide {document.slug}",
        document=document,
        line=None,
        report=report,
    )
    return guide


def _import_sections(
    guide: Guide, document: GuideDocument, report: ImportReport
) -> dict[int, Section]:
    existing = {section.number: section for section in guide.sections.order_by("number")}
    sections = {}
    for item in document.sections:
        section = existing.pop(item.number, None) or Section(guide=guide, number=item.number)
        _apply(
            section,
            {"title": item.title, "subtitle": item.subtitle, "archived": False},
            label=_section_label(item.number, item.title),
            document=document,
            line=item.line,
            report=report,
        )
        sections[item.number] = section
    for section in existing.values():
        _archive(section, label=_section_label(section.number, section.title), report=report)
    return sections


def _import_questions(
    guide: Guide, sections: dict[int, Section], document: GuideDocument, report: ImportReport
) -> None:
    existing = {
        (question.section.number, question.number): question
        for question in Question.objects.in_guide(guide).select_related("section")
    }
    wanted = {
        (section.number, question.number): (section, question)
        for section in document.sections
        for question in section.questions
    }
    # Archive first: a question that moved to another section keeps its number, and the
    # guide may hold only one live question with that number.
    for key, question in existing.items():
        if key not in wanted:
            _archive(
                question, label=_question_label(question.number, question.prompt), report=report
            )
    for key, (section_item, item) in wanted.items():
        question = existing.get(key) or Question(
            section=sections[section_item.number], number=item.number
        )
        _apply(
            question,
            {
                "prompt": item.prompt,
                "answer": item.answer,
                "pro_tip": item.pro_tip,
                "archived": False,
            },
            label=_question_label(item.number, item.prompt),
            document=document,
            line=item.line,
            report=report,
        )


def _import_tips(guide: Guide, document: GuideDocument, report: ImportReport) -> None:
    existing = {tip.order: tip for tip in guide.tips.order_by("order")}
    for order, item in enumerate(document.tips, start=1):
        tip = existing.pop(order, None) or Tip(guide=guide, order=order)
        _apply(
            tip,
            {"title": item.title, "body": item.body},
            label=_tip_label(order, item.title),
            document=document,
            line=item.line,
            report=report,
        )
    for tip in existing.values():
        report.deleted.append(_tip_label(tip.order, tip.title))
        tip.delete()


def _apply(
    row: models.Model,
    values: dict,
    *,
    label: str,
    document: GuideDocument,
    line: int | None,
    report: ImportReport,
) -> None:
    """Set `values` on `row`, re-render its HTML, and save only if something changed."""
    fields = [f.attname for f in row._meta.concrete_fields if not f.primary_key]
    before = {name: getattr(row, name) for name in fields}
    was_archived = getattr(row, "archived", False)
    for name, value in values.items():
        setattr(row, name, value)
    if hasattr(row, "render_html"):
        # Rendering on every import also refreshes HTML made by an older renderer.
        row.render_html()
    if row.pk is not None and before == {name: getattr(row, name) for name in fields}:
        report.unchanged.append(label)
        return
    _validate(row, label=label, document=document, line=line)
    if row.pk is None:
        report.created.append(label)
    else:
        report.updated.append(label)
        if was_archived:
            report.restored.append(label)
    row.save()


def _validate(row: models.Model, *, label: str, document: GuideDocument, line: int | None) -> None:
    # Field checks only (lengths, blanks): foreign keys and uniqueness would cost queries and
    # are guaranteed by how the rows are matched. PostgreSQL would otherwise fail mid-import
    # on a too-long value with a less helpful message.
    relations = [f.name for f in row._meta.concrete_fields if f.is_relation]
    try:
        row.clean_fields(exclude=relations)
    except ValidationError as error:
        problems = "; ".join(
            f"{name}: {' '.join(messages)}" for name, messages in error.message_dict.items()
        )
        raise DocumentError(document.source, line, f"{label}: {problems}") from None


def _archive(row: Section | Question, *, label: str, report: ImportReport) -> None:
    if row.archived:
        return
    row.archived = True
    row.save(update_fields=["archived"])
    report.archived.append(label)


def _question_label(number: int, prompt: str) -> str:
    return f"Q{number}. {_short(prompt)}"


def _section_label(number: int, title: str) -> str:
    return f"Section {number} — {_short(title)}"


def _tip_label(order: int, title: str) -> str:
    return f"tip {order} — {_short(title)}"


def _short(text: str) -> str:
    return shorten(text, width=60, placeholder="…")
