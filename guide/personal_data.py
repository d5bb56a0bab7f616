"""A person's own guides as plain values, for "Download my data" (assembled by accounts):
each guide whole, with its sections, their questions in the Markdown as written, and tips."""

from django.db.models import Prefetch

from common.personal_data import PersonalData

from .models import Guide, PendingImport, Question, Section

GUIDE_COLUMNS = (
    "title",
    "address",
    "level",
    "subject",
    "role",
    "intro",
    "archived",
    "sections",
    "tips",
)

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
    ]
