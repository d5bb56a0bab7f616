"""A person's own guides as plain values, for "Download my data" (assembled by accounts):
each guide whole, with its sections, their questions in the Markdown as written, and tips."""

from django.db.models import Prefetch

from common.personal_data import PersonalData

from .models import Guide, GuideReader, GuideReport, PendingImport, Question, Section

GUIDE_COLUMNS = (
    "title",
    "address",
    "level",
    "subject",
    "role",
    "intro",
    "archived",
    "published",
    "licence",
    "copied_from",
    "sections",
    "tips",
)

LIBRARY_COLUMNS = ("guide", "address", "added_at")
REPORT_COLUMNS = ("guide", "reason", "reported_at")


def _library_guide(reader: GuideReader) -> dict:
    return {
        "guide": reader.guide.title,
        "address": reader.guide.get_absolute_url(),
        "added_at": reader.added_at.isoformat(),
    }


def _report(report: GuideReport) -> dict:
    return {
        "guide": report.guide.title,
        "reason": report.reason,
        "reported_at": report.created_at.isoformat(),
    }


PENDING_IMPORT_COLUMNS = ("filename", "format", "uploaded_at")


def _pending_import(pending: PendingImport) -> dict:
    return {
        "filename": pending.filename,
        "format": pending.format,
        "uploaded_at": pending.created_at.isoformat(),
    }


def _question(question: Question) -> dict:
    return {
        "number": question.number,
        "prompt": question.prompt,
        "answer": question.answer,
        "pro_tip": question.pro_tip,
        "archived": question.archived,
    }


def _section(section: Section) -> dict:
    return {
        "number": section.number,
        "title": section.title,
        "subtitle": section.subtitle,
        "archived": section.archived,
        "questions": [_question(question) for question in section.questions.all()],
    }


def _guide(guide: Guide) -> dict:
    return {
        "title": guide.title,
        "address": guide.get_absolute_url(),
        "level": guide.level,
        "subject": guide.subject,
        "role": guide.role,
        "intro": guide.intro,
        "archived": guide.archived,
        "published": guide.published_at.isoformat() if guide.published_at else None,
        "licence": guide.get_licence_display(),
        "copied_from": guide.origin,
        "sections": [_section(section) for section in guide.sections.all()],
        "tips": [{"title": tip.title, "body": tip.body} for tip in guide.tips.all()],
    }


def personal_data(user) -> list[PersonalData]:
    sections = Section.objects.order_by("number").prefetch_related(
        Prefetch("questions", queryset=Question.objects.order_by("number"))
    )
    return [
        PersonalData(
            key="guides",
            label="Your guides",
            rows=Guide.objects.owned_by(user)
            .prefetch_related(Prefetch("sections", queryset=sections), "tips")
            .order_by("title", "id"),
            columns=GUIDE_COLUMNS,
            serialize=_guide,
            on_profile_when_empty=False,
        ),
        # Files waiting for their import to be confirmed (kept an hour): names, not bytes.
        PersonalData(
            key="pending_imports",
            label="Files waiting to be imported",
            rows=PendingImport.objects.filter(owner=user).order_by("created_at", "id"),
            columns=PENDING_IMPORT_COLUMNS,
            serialize=_pending_import,
            on_profile_when_empty=False,
        ),
        PersonalData(
            key="library_guides",
            label="Guides you practise from the library",
            rows=GuideReader.objects.filter(user=user)
            .select_related("guide")
            .order_by("added_at", "id"),
            columns=LIBRARY_COLUMNS,
            serialize=_library_guide,
            on_profile_when_empty=False,
        ),
        PersonalData(
            key="guide_reports",
            label="Guides you reported",
            rows=GuideReport.objects.filter(reporter=user)
            .select_related("guide")
            .order_by("created_at", "id"),
            columns=REPORT_COLUMNS,
            serialize=_report,
            on_profile_when_empty=False,
        ),
    ]
