"""The library, content side: publishing a person's own guide for everyone, copying a
published guide into one's own guides, reports, and staff hiding a guide.

Who may do what is decided here, in one place each: `publish_refusal` says why a guide may
not be published yet, `copy_guide` writes the copy. Pages that mix a reader's state with the
library (the listing's "people practising it", "Practise this guide") are in
`practice/library/`.
"""

from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from .limits import MAX_PUBLISHED_PER_PERSON, MIN_ACCOUNT_AGE
from .models import Guide, GuideReader, GuideReport, Licence, Question, Section, Tip


def publish_refusal(guide: Guide, *, owner, now=None) -> str:
    """Why `owner`'s `guide` cannot be published now, or "" when it can."""
    now = now or timezone.now()
    if guide.hidden_at is not None:
        return "Staff took this guide out of the library; it cannot be published again."
    if guide.archived:
        return "Unarchive the guide before publishing it."
    if owner.date_joined > now - MIN_ACCOUNT_AGE:
        return "Publishing opens one day after you signed up: come back tomorrow."
    answered = Question.objects.live().in_guide(guide).exclude(answer="")
    if not answered.exists():
        return "Add at least one question with an answer before publishing."
    published = Guide.objects.owned_by(owner).filter(published_at__isnull=False)
    if published.exclude(pk=guide.pk).count() >= MAX_PUBLISHED_PER_PERSON:
        return (
            f"You have {MAX_PUBLISHED_PER_PERSON} published guides, the most one person can "
            "have. Unpublish one first."
        )
    return ""


def publish(guide: Guide, *, licence: str) -> None:
    Guide.objects.filter(pk=guide.pk).update(
        published_at=guide.published_at or timezone.now(), licence=licence
    )
    Guide.content_changed(guide.pk)


def unpublish(guide: Guide) -> None:
    """Out of the listing and out of reach of new readers; people already practising it keep
    it (and their ratings), and may copy it."""
    Guide.objects.filter(pk=guide.pk).update(published_at=None)
    Guide.content_changed(guide.pk)


def add_reader(guide: Guide, user) -> None:
    GuideReader.objects.get_or_create(guide=guide, user=user)


def remove_reader(guide: Guide, user) -> None:
    GuideReader.objects.filter(guide=guide, user=user).delete()


def origin_line(guide: Guide) -> str:
    licence = Licence(guide.licence).label if guide.licence else "no licence given"
    author = guide.owner.get_username() if guide.owner_id else "Interview Prep"
    return f"“{guide.title}” by {author}, {licence}"


@transaction.atomic
def copy_guide(guide: Guide, *, owner) -> Guide:
    """A private copy of `guide`'s live content for `owner`, recording where it came from."""
    copy = Guide.objects.create(
        owner=owner,
        slug=Guide.private_slug(guide.title),
        title=guide.title,
        level=guide.level,
        subject=guide.subject,
        role=guide.role,
        intro=guide.intro,
        tips_title=guide.tips_title,
        tips_subtitle=guide.tips_subtitle,
        copied_from=guide,
        origin=origin_line(guide),
        licence=guide.licence,
    )
    sections = Section.objects.live().filter(guide=guide).order_by("number")
    questions = Question.objects.live().in_guide(guide).in_order()
    by_section: dict[int, list[Question]] = {}
    for question in questions:
        by_section.setdefault(question.section_id, []).append(question)
    number = 0
    for section_number, section in enumerate(sections, start=1):
        new_section = Section.objects.create(
            guide=copy, number=section_number, title=section.title, subtitle=section.subtitle
        )
        new_questions = []
        for question in by_section.get(section.pk, []):
            number += 1
            new_questions.append(
                Question(
                    section=new_section,
                    number=number,
                    prompt=question.prompt,
                    answer=question.answer,
                    answer_html=question.answer_html,
                    pro_tip=question.pro_tip,
                    pro_tip_html=question.pro_tip_html,
                )
            )
        Question.objects.bulk_create(new_questions)
    Tip.objects.bulk_create(
        Tip(guide=copy, order=tip.order, title=tip.title, body=tip.body, body_html=tip.body_html)
        for tip in Tip.objects.filter(guide=guide)
    )
    Guide.content_changed(copy.pk)
    return copy


def report(guide: Guide, *, reporter, reason: str) -> GuideReport:
    return GuideReport.objects.create(guide=guide, reporter=reporter, reason=reason)


def hide(guide: Guide, *, reason: str) -> None:
    """Staff take a guide out of the library; its author is told why (by email if they gave
    one, and on the guide's own pages)."""
    Guide.objects.filter(pk=guide.pk).update(hidden_at=timezone.now(), hidden_reason=reason)
    Guide.content_changed(guide.pk)
    email = guide.owner.email if guide.owner_id else ""
    if email:
        send_mail(
            subject=f"Your guide “{guide.title}” was taken out of the library",
            message=(
                f"Staff took your guide “{guide.title}” out of the library.\n\n"
                f"Reason: {reason}\n\n"
                "You can still open, edit and practise it yourself."
            ),
            from_email=None,
            recipient_list=[email],
        )


def unhide(guide: Guide) -> None:
    Guide.objects.filter(pk=guide.pk).update(hidden_at=None, hidden_reason="")
    Guide.content_changed(guide.pk)
