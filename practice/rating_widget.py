"""The rating widget: the five confidence buttons with their next-review previews, and the
context `practice/_rating.html` draws from."""

from functools import lru_cache

from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from guide.models import Question

from . import scheduling
from .models import Confidence, QuestionProgress


def progress_by_question(user, questions) -> dict[int, QuestionProgress]:
    """The user's progress rows for these questions, keyed by question id (one query)."""
    if not user.is_authenticated:
        return {}
    ids = [question.pk for question in questions]
    rows = QuestionProgress.objects.for_user(user).filter(question_id__in=ids)
    return {row.question_id: row for row in rows}


def confidence_buttons(progress: QuestionProgress | None, question: Question, *, now):
    """The five rating buttons with their meaning and, Anki-style, when the question would
    come back after each of them."""
    # Anki-style intervals only where the rating is a scheduled review: re-rating something
    # rated a moment ago would show same-day numbers that contradict the status line.
    show = progress is None or progress.due <= now
    card = progress.card() if progress else scheduling.new_card(question.pk)
    intervals = scheduling.next_intervals(card, at=now) if show else {}
    return [
        {
            "value": choice.value,
            "label": choice.label,
            "interval": scheduling.humanize_interval(intervals[choice.value]) if show else "",
            "current": progress is not None and progress.confidence == choice.value,
        }
        for choice in Confidence
    ]


def rating_context(question, progress, *, next_url, just_rated=False) -> dict:
    """What `practice/_rating.html` needs to draw the rating form of one question."""
    now = timezone.now()
    # Right after a rating, count from the rating's own time, as its button did: counting
    # from a few milliseconds later turned the promised "6 min" into "5 min".
    since = progress.last_review if just_rated and progress else now
    buttons = confidence_buttons(progress, question, now=now)
    return {
        "question": question,
        "progress": progress,
        "buttons": buttons,
        "next_review_in": scheduling.humanize_interval(progress.due - since) if progress else "",
        # A question whose time has come says so, not "in 1 min" with a date in the past.
        "due_now": bool(progress) and not just_rated and progress.due <= now,
        "next_url": next_url,
        "just_rated": just_rated,
        "rate_url": rate_url(question.pk),
        "buttons_html": buttons_html(question.pk, buttons),
    }


@lru_cache(maxsize=8192)
def rate_url(question_id: int) -> str:
    # reverse() costs more than the rest of a button; the answer never changes at run time.
    return reverse("practice:rate", args=[question_id])


_BUTTON_FIELDS = ("value", "label", "interval", "current")


def buttons_html(question_id: int, buttons: list[dict]) -> SafeString:
    """`practice/_confidence_buttons.html` drawn for these buttons. The markup depends on
    nothing else and a person meets the same few variants again and again (after a rating:
    no intervals, one button current), so each is drawn once per process."""
    return _buttons_html(question_id, tuple(tuple(b[f] for f in _BUTTON_FIELDS) for b in buttons))


@lru_cache(maxsize=2048)
def _buttons_html(question_id: int, buttons: tuple) -> SafeString:
    context = {
        "question": {"pk": question_id},
        "buttons": [dict(zip(_BUTTON_FIELDS, button, strict=True)) for button in buttons],
    }
    # Our own template's output, escaped when it was rendered.
    return mark_safe(render_to_string("practice/_confidence_buttons.html", context))  # noqa: S308


def render_just_rated(request, question, progress, *, next_url) -> str:
    """The fragment that answers a rating. Rendered without the context processors: it uses
    none of them (only its form's CSRF token, given here), and they cost more than it does."""
    context = rating_context(question, progress, next_url=next_url, just_rated=True)
    context["csrf_token"] = get_token(request)
    return render_to_string("practice/_rating.html", context)
