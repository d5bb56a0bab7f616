"""Build a guide document back from the database: `export_guide` formats it, and importing
the result again leaves every row as it is."""

from django.db.models import Prefetch

from .document import GuideDocument, QuestionDocument, SectionDocument, TipDocument
from .models import Guide, Question


def document_from_guide(guide: Guide) -> GuideDocument:
    """The live (non-archived) content of `guide` as a document, ready to format."""
    live_questions = Question.objects.filter(archived=False).order_by("number")
    sections = (
        guide.sections.live()
        .order_by("number")
        .prefetch_related(Prefetch("questions", queryset=live_questions))
    )
    document = GuideDocument(
        title=guide.title,
        level=guide.level,
        subject=guide.subject,
        role=guide.role,
        intro=guide.intro,
        sections=[
            SectionDocument(
                number=section.number,
                title=section.title,
                subtitle=section.subtitle,
                questions=[
                    QuestionDocument(
                        number=question.number,
                        prompt=question.prompt,
                        answer=question.answer,
                        pro_tip=question.pro_tip,
                    )
                    for question in section.questions.all()
                ],
            )
            for section in sections
        ],
        tips_title=guide.tips_title,
        tips_subtitle=guide.tips_subtitle,
        tips=[TipDocument(title=tip.title, body=tip.body) for tip in guide.tips.order_by("order")],
        source=guide.slug,
    )
    document.declared_question_count = document.question_count
    return document
