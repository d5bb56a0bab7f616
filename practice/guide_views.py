"""The guide page and the question page: content from `guide`, with a signed-in reader's own
confidence badges and rating buttons over it."""

from functools import lru_cache

from django.db import connection
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from common.htmx import current_path, wants_fragment
from guide import page_cache, visibility
from guide.models import Guide

from .answer_aloud import panel_context
from .models import QuestionProgress
from .my_answer import my_answer
from .rating_widget import rating_context


@lru_cache(maxsize=1)
def _guide_sql() -> str:
    table = connection.ops.quote_name(Guide._meta.db_table)
    return (
        f"SELECT g.id, g.content_version, g.title, g.owner_id FROM {table} g "
        f"WHERE g.slug = %s AND {visibility.guide_open_to_sql('g')}"
    )


def _visible_guide(request, slug) -> tuple[int, int, str, int | None]:
    """(id, content version, title, owner id) of the live guide `slug` if this request may
    see it; else 404. One cheap query, which decides whether cached renderings can answer:
    someone else's guide is not found before any cache is asked, so a shared page is only
    ever stored for a visitor, who finds shipped guides alone. Written in SQL (the rule's
    own, `guide.visibility`): built through the ORM it cost a millisecond, a fifth of the
    signed-in guide page."""
    user_id = request.user.pk
    with connection.cursor() as cursor:
        cursor.execute(_guide_sql(), [slug, user_id, user_id])
        row = cursor.fetchone()
    if row is None:
        raise Http404("No such guide.")
    return tuple(row)


@require_GET
def guide_page(request, slug):
    guide_id, version, title, owner_id = _visible_guide(request, slug)
    if not page_cache.page_is_shareable(request):
        return _guide_page(request, guide_id, version, title, slug, owner_id=owner_id)
    content = page_cache.cached_page(guide_id, version)
    if content is None:
        response = _guide_page(request, guide_id, version, title, slug, owner_id=owner_id)
        page_cache.store_page(guide_id, version, response.content)
        return response
    return HttpResponse(content)


def _guide_page(request, guide_id, version, title, slug, *, owner_id):
    body, description = page_cache.guide_body(guide_id, version)
    if request.user.is_authenticated:
        confidences = (
            QuestionProgress.objects.for_user(request.user)
            .filter(question__section__guide_id=guide_id)
            .values_list("question_id", "confidence")
        )
        body = with_badges(body, dict(confidences))
    context = {
        "title": title,
        "slug": slug,
        "body": body,
        "description": description,
        "own_guide_id": guide_id if owner_id and owner_id == request.user.pk else None,
        # Someone else's guide is one from the library: its page there says whose it is.
        "from_library": owner_id is not None and owner_id != request.user.pk,
    }
    return render(request, "practice/guide_page.html", context)


@lru_cache(maxsize=8)
def _badge(confidence: int) -> str:
    """A confidence badge: the same markup for every question and reader, rendered once."""
    return render_to_string("practice/_confidence_badge.html", {"confidence": confidence})


def with_badges(html: SafeString, confidence_by_question: dict[int, int]) -> SafeString:
    """Fill each rated question's slot in the cached body with its confidence badge."""
    if not confidence_by_question:
        return html

    def fill(match):
        confidence = confidence_by_question.get(int(match.group(1)))
        if confidence is None:
            return match.group(0)
        return match.group(0).removesuffix("</span>") + _badge(confidence) + "</span>"

    # Badges come from our own template, so the result is as safe as its parts.
    return mark_safe(page_cache.QUESTION_SLOT.sub(fill, html))  # noqa: S308


@require_GET
@vary_on_headers("HX-Request")
def question_page(request, slug, number):
    guide_id, version, _title, _owner_id = _visible_guide(request, slug)
    # Hidden unless asked for, so stepping through questions never gives answers away.
    revealed = request.GET.get("answer") == "shown"
    if not page_cache.page_is_shareable(request, query="answer=shown"):
        return _question_page(request, guide_id, version, number, revealed=revealed)
    page = f"-question-{number}-{'shown' if revealed else 'hidden'}"
    content = page_cache.cached_page(guide_id, version, page)
    if content is None:
        response = _question_page(request, guide_id, version, number, revealed=revealed)
        page_cache.store_page(guide_id, version, response.content, page)
        return response
    return HttpResponse(content)


def _question_page(request, guide_id, version, number, *, revealed):
    parts = page_cache.question_parts(guide_id, version, number)
    if parts is None:
        raise Http404("No such question.")
    question = parts.question
    context = {"revealed": revealed, "question": question, "progress": None}
    if request.user.is_authenticated:
        progress = QuestionProgress.objects.for_user(request.user).filter(question=question)
        context["progress"] = progress = progress.first()
        # Where a no-JavaScript rating or note returns to: the page the answer is shown on.
        next_url = current_path(request) if request.htmx else request.get_full_path()
        next_url = next_url or question.get_revealed_url()
        context |= rating_context(question, progress, next_url=next_url)
        if revealed:
            context["my_answer"] = my_answer(request.user, question, next_url=next_url)
        context |= panel_context(request.user, question)
    if wants_fragment(request):
        return render(request, "practice/_answer.html", context)
    context["parts"] = parts
    return render(request, "practice/question_page.html", context)
