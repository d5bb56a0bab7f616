"""Load a parsed guide document into the database (the way back is `exporter.py`).

The import is idempotent and keeps primary keys stable, because practice history (ratings,
reviews) points at questions: rows are matched by guide slug, section number and
(section, question number) and updated in place; a question or section that left the
document is archived, never deleted. Tips carry no user data, so they are simply synced.

Setup imports the shipped files on every start, so an import never undoes what staff wrote
in the admin: each row remembers what the last import wrote (`ImportedContent`), and a row
(guide details, section, question, tip) changed since is kept as it is and reported, as is a
row the file no longer holds that the import did not write (added in the admin). With
`force`, the file wins and the report says what it replaced.

`import_private_guide` does the same for a person's own guide, from any format a person
uploads (`guide.formats`): it creates a new guide or updates one of theirs, within the limits
of the editor, and never removes anything (a question the file does not hold stays as it is).
"""

from collections import Counter
from dataclasses import dataclass, field, replace
from textwrap import shorten

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Count

from . import services
from .document import (
    DocumentError,
    GuideDocument,
    QuestionDocument,
    SectionDocument,
    document_warnings,
)
from .limits import (
    MAX_GUIDES_PER_PERSON,
    MAX_PROMPT_LENGTH,
    MAX_QUESTIONS_PER_GUIDE,
    MAX_SECTIONS_PER_GUIDE,
    MAX_TEXT_LENGTH,
    MAX_TITLE_LENGTH,
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
    # A person's own guide: its questions that the file does not hold, left as they are.
    kept: list[str] = field(default_factory=list)
    # A shipped guide: rows staff changed since the last import, kept (or, forced, replaced).
    kept_edits: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # (kind of row, "created"/"updated"/"unchanged") → how many, e.g. ("question", "created").
    tally: Counter = field(default_factory=Counter)

    def count(self, kind: str, outcome: str) -> int:
        return self.tally[kind, outcome]

    def summary(self) -> str:
        counts = [
            f"{len(self.created)} created",
            f"{len(self.updated)} updated",
            f"{len(self.unchanged)} unchanged",
            f"{len(self.archived)} archived",
        ]
        if self.deleted:
            counts.append(f"{len(self.deleted)} deleted")
        if self.kept_edits:
            counts.append(f"{len(self.kept_edits)} kept as edited")
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
        lines.extend(f"  kept {label}; --force replaces it" for label in self.kept_edits)
        lines.extend(f"  replaced {label}" for label in self.replaced)
        return "\n".join(lines)


def import_guide(
    document: GuideDocument, *, dry_run: bool = False, force: bool = False
) -> ImportReport:
    """Create or update the shipped guide described by `document`, all or nothing.

    Rows that staff changed since the last import are kept, unless `force`.
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
        guide = _import_guide_row(document, report, force=force)
        sections = _import_sections(guide, document, report, force=force)
        _import_questions(guide, sections, document, report, force=force)
        _import_tips(guide, document, report, force=force)
        if report.created or report.updated or report.archived or report.deleted:
            Guide.content_changed(guide.pk)
        if dry_run:
            transaction.set_rollback(True)
    return report


def _import_guide_row(document: GuideDocument, report: ImportReport, *, force: bool) -> Guide:
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
        force=force,
    )
    return guide


def _import_sections(
    guide: Guide, document: GuideDocument, report: ImportReport, *, force: bool
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
            force=force,
        )
        sections[item.number] = section
    for section in existing.values():
        _archive(
            section,
            label=_section_label(section.number, section.title),
            report=report,
            force=force,
        )
    return sections


def _import_questions(
    guide: Guide,
    sections: dict[int, Section],
    document: GuideDocument,
    report: ImportReport,
    *,
    force: bool,
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
                question,
                label=_question_label(question.number, question.prompt),
                report=report,
                force=force,
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
            force=force,
        )


def _import_tips(
    guide: Guide, document: GuideDocument, report: ImportReport, *, force: bool | None = None
) -> None:
    """`force` None: a person's own guide, whose file is the whole truth."""
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
            force=force,
        )
    for tip in existing.values():
        label = _tip_label(tip.order, tip.title)
        if force is False and tip.changed_since_import():
            report.kept_edits.append(f"{label}: not in the file, written in the admin")
            continue
        report.deleted.append(label)
        tip.delete()


def _apply(
    row: models.Model,
    values: dict,
    *,
    label: str,
    document: GuideDocument,
    line: int | None,
    report: ImportReport,
    force: bool | None = None,
) -> None:
    """Set `values` on `row`, re-render its HTML, and save only if something changed.

    `force` None: a person's own guide, theirs to overwrite. Otherwise a shipped guide: a row
    staff changed since the last import is kept (reported), or with `force` True replaced
    (reported too); every row written records what it was given."""
    kind = row._meta.model_name
    content = {name: value for name, value in values.items() if name != "archived"}
    if force is not None and row.pk is not None:
        edited = row.edited_since_import(content)
        if edited:
            changes = f"{label}: edited since the last import ({', '.join(edited)})"
            if not force:
                report.kept_edits.append(changes)
                report.tally[kind, "kept"] += 1
                return
            report.replaced.append(changes)
    fields = [f.attname for f in row._meta.concrete_fields if f.name not in {"id", "imported"}]
    before = {name: getattr(row, name) for name in fields}
    was_archived = getattr(row, "archived", False)
    for name, value in values.items():
        setattr(row, name, value)
    if hasattr(row, "render_html"):
        # Rendering on every import also refreshes HTML made by an older renderer.
        row.render_html()
    recorded = row.imported
    if force is not None:
        row.record_import(content)
    if row.pk is not None and before == {name: getattr(row, name) for name in fields}:
        if row.imported != recorded:
            row.save(update_fields=["imported"])
        report.unchanged.append(label)
        report.tally[kind, "unchanged"] += 1
        return
    _validate(row, label=label, document=document, line=line)
    if row.pk is None:
        report.created.append(label)
        report.tally[kind, "created"] += 1
    else:
        report.updated.append(label)
        report.tally[kind, "updated"] += 1
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


def _archive(row: Section | Question, *, label: str, report: ImportReport, force: bool) -> None:
    if row.archived:
        return
    if not force and row.changed_since_import():
        report.kept_edits.append(f"{label}: not in the file, written or edited in the admin")
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


def import_private_guide(
    document: GuideDocument,
    *,
    owner,
    into: Guide | None = None,
    keyed: bool = False,
    pro_tips: bool = True,
    dry_run: bool = False,
) -> ImportReport:
    """Create `owner`'s own guide from `document`, or update `into` (one of theirs), all or
    nothing; with `dry_run`, report what would happen and save nothing.

    A guide document (`keyed` False) is the guide: its title, details, intro and tips are
    written, and sections and questions are matched by number (renumbered 1… in reading order
    first, as a person's guide is). CSV and Anki files (`keyed`) hold cards: sections are
    matched by title and questions by their source key, new ones go at the end of their
    section, and the guide's own fields are left alone; with `pro_tips` False an updated
    question keeps its pro tip. Either way, nothing the file does not hold is removed, and
    the guide is renumbered as the editor keeps it. Raises DocumentError when the file does
    not fit the editor's limits.
    """
    if not keyed:
        document = _numbered_in_order(document)
    _check_lengths(document)
    report = ImportReport(
        slug=into.slug if into else "",
        source=document.source,
        dry_run=dry_run,
        sections=len(document.sections),
        questions=document.question_count,
        tips=0 if keyed else len(document.tips),
        warnings=[] if keyed else document_warnings(document),
    )
    with transaction.atomic():
        guide = _private_guide_row(document, owner=owner, into=into, keyed=keyed, report=report)
        if keyed:
            sections = _sections_by_title(guide, document, report)
            _questions_by_key(guide, sections, document, report, pro_tips=pro_tips)
        else:
            sections = _sections_by_number(guide, document, report)
            _questions_by_number(guide, sections, document, report)
            _import_tips(guide, document, report)
        _check_size(guide, document)
        services.renumber(guide)
        if report.created or report.updated or report.deleted:
            Guide.content_changed(guide.pk)
        report.slug = guide.slug
        if dry_run:
            transaction.set_rollback(True)
    return report


def _numbered_in_order(document: GuideDocument) -> GuideDocument:
    """The document with sections and questions numbered 1… in reading order, as the editor
    numbers a person's guide, so that importing the same file again matches the same rows."""
    sections, number = [], 0
    for section_number, section in enumerate(document.sections, start=1):
        questions = []
        for question in section.questions:
            number += 1
            questions.append(replace(question, number=number))
        sections.append(replace(section, number=section_number, questions=questions))
    return replace(document, sections=sections, contents=list(document.contents))


def _check_lengths(document: GuideDocument) -> None:
    """The editor's limits on text, with the line of the text that is too long, and no NUL
    character anywhere (PostgreSQL cannot store one in text)."""

    def check(value: str, limit: int, what: str, line: int | None) -> None:
        if "\x00" in value:
            raise DocumentError(
                document.source,
                line,
                f"{what} holds a NUL character (a zero byte), which no text may hold; "
                "remove it and import again",
            )
        if len(value) > limit:
            raise DocumentError(
                document.source,
                line,
                f"{what} is {len(value):,} characters long; the most is {limit:,}",
            )

    check(document.title, MAX_TITLE_LENGTH, "the title", None)
    for value, what in [
        (document.level, "the level"),
        (document.subject, "the subject"),
        (document.role, "the role"),
    ]:
        check(value, MAX_TITLE_LENGTH, what, None)
    check(document.intro, MAX_TEXT_LENGTH, "the introduction", None)
    for section in document.sections:
        check(
            section.title, MAX_TITLE_LENGTH, f"the title of section {section.number}", section.line
        )
        check(
            section.subtitle,
            MAX_TITLE_LENGTH,
            f"the subtitle of section {section.number}",
            section.line,
        )
        for question in section.questions:
            label = f"Q{question.number}"
            check(question.prompt, MAX_PROMPT_LENGTH, f"the question {label}", question.line)
            check(question.answer, MAX_TEXT_LENGTH, f"the answer to {label}", question.line)
            check(question.pro_tip, MAX_TEXT_LENGTH, f"the pro tip of {label}", question.line)
            check(question.source_key, 100, f"the note id of {label}", question.line)
    for tip in document.tips:
        check(tip.title, MAX_TITLE_LENGTH, f"the title of tip {_short(tip.title)!r}", tip.line)
        check(tip.body, MAX_TEXT_LENGTH, f'the tip "{_short(tip.title)}"', tip.line)
    check(document.tips_title, MAX_TITLE_LENGTH, "the tips title", None)
    check(document.tips_subtitle, 300, "the tips subtitle", None)


def _check_size(guide: Guide, document: GuideDocument) -> None:
    """The editor's limits on sections and questions, counted after the import."""
    sections = guide.sections.count()
    questions = Question.objects.in_guide(guide).count()
    if sections > MAX_SECTIONS_PER_GUIDE:
        raise DocumentError(
            document.source,
            None,
            f"the guide would have {sections} sections; a guide holds at most "
            f"{MAX_SECTIONS_PER_GUIDE}",
        )
    if questions > MAX_QUESTIONS_PER_GUIDE:
        raise DocumentError(
            document.source,
            None,
            f"the guide would have {questions:,} questions; a guide holds at most "
            f"{MAX_QUESTIONS_PER_GUIDE}: split the file, or import part of it into another "
            "guide",
        )


def _private_guide_row(document, *, owner, into, keyed, report) -> Guide:
    if into is not None:
        guide = Guide.objects.select_for_update().get(pk=into.pk, owner=owner)
        if keyed:
            return guide
    else:
        if Guide.objects.owned_by(owner).count() >= MAX_GUIDES_PER_PERSON:
            raise DocumentError(
                document.source,
                None,
                f"you already have {MAX_GUIDES_PER_PERSON} guides, the most one person can "
                "have: import into one of them, or delete one you no longer need",
            )
        guide = Guide(owner=owner, slug=Guide.private_slug(document.title))
    values = {"title": document.title}
    if not keyed:
        values |= {
            "level": document.level,
            "subject": document.subject,
            "role": document.role,
            "intro": document.intro,
            "tips_title": document.tips_title,
            "tips_subtitle": document.tips_subtitle,
        }
    _apply(
        guide,
        values,
        label=f"guide “{_short(document.title)}”",
        document=document,
        line=None,
        report=report,
    )
    return guide


def _section_row(
    guide, section: Section | None, item: SectionDocument, number, document, report, *, keyed
):
    section = section or Section(guide=guide, number=number)
    values = {"title": item.title, "archived": False}
    # Cards name a section but give it no subtitle: one written in the editor stays.
    if not keyed or section.pk is None:
        values["subtitle"] = item.subtitle
    _apply(
        section,
        values,
        label=_section_label(section.number, item.title),
        document=document,
        line=item.line,
        report=report,
    )
    return section


def _sections_by_number(guide, document, report) -> dict[int, Section]:
    existing = {section.number: section for section in guide.sections.all()}
    return {
        item.number: _section_row(
            guide, existing.get(item.number), item, item.number, document, report, keyed=False
        )
        for item in document.sections
    }


def _sections_by_title(guide, document, report) -> dict[int, Section]:
    existing: dict[str, Section] = {}
    for section in guide.sections.order_by("number"):
        existing.setdefault(section.title, section)
    last = max((section.number for section in existing.values()), default=0)
    sections = {}
    for item in document.sections:
        section = existing.get(item.title)
        if section is None:
            last += 1
        sections[item.number] = _section_row(
            guide, section, item, last, document, report, keyed=True
        )
    return sections


def _questions_by_number(guide, sections, document, report) -> None:
    existing = {question.number: question for question in Question.objects.in_guide(guide)}
    for section_item in document.sections:
        for item in section_item.questions:
            question = existing.pop(item.number, None) or Question(number=item.number)
            _question_row(question, sections[section_item.number], item, document, report)
    report.kept = [_short(question.prompt) for question in existing.values()]


def _questions_by_key(guide, sections, document, report, *, pro_tips: bool) -> None:
    existing: dict[str, Question] = {}
    others = []
    for question in Question.objects.in_guide(guide).order_by("section__number", "number"):
        if question.source_key and question.source_key not in existing:
            existing[question.source_key] = question
        else:
            others.append(question)
    last = max((question.number for question in [*existing.values(), *others]), default=0)
    for section_item in document.sections:
        for item in section_item.questions:
            question = existing.pop(item.source_key, None)
            if question is None:
                last += 1
                question = Question(number=last, source_key=item.source_key)
            _question_row(
                question, sections[section_item.number], item, document, report, pro_tip=pro_tips
            )
    report.kept = [_short(question.prompt) for question in [*existing.values(), *others]]


def _question_row(
    question: Question,
    section: Section,
    item: QuestionDocument,
    document: GuideDocument,
    report: ImportReport,
    *,
    pro_tip: bool = True,
) -> None:
    values = {"section": section, "prompt": item.prompt, "answer": item.answer, "archived": False}
    if pro_tip:
        values["pro_tip"] = item.pro_tip
    _apply(
        question,
        values,
        label=_short(item.prompt),
        document=document,
        line=item.line,
        report=report,
    )


@dataclass
class GuideMatch:
    """One of a person's guides that an earlier import of the same file made or updated."""

    guide: Guide
    # How many of the file's questions the guide already holds.
    questions: int


def matching_guide(document: GuideDocument, *, owner) -> GuideMatch | None:
    """The person's guide holding the most of the file's questions, found by the keys the
    file gives them (Anki's note GUIDs, a CSV note's front), as Anki finds its notes again;
    None when no guide of theirs holds any, or the file gives no keys (a guide document)."""
    keys = {
        question.source_key
        for section in document.sections
        for question in section.questions
        if question.source_key
    }
    if not keys:
        return None
    best = (
        Question.objects.filter(
            section__guide__in=Guide.objects.owned_by(owner).filter(archived=False),
            source_key__in=keys,
        )
        .values("section__guide")
        .annotate(matches=Count("pk"))
        .order_by("-matches", "section__guide")
        .first()
    )
    if best is None:
        return None
    return GuideMatch(Guide.objects.get(pk=best["section__guide"]), best["matches"])
