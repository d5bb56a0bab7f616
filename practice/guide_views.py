"""The guide page and the question page: content from `guide`, with a signed-in reader's own
confidence badges and rating buttons over it."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from common.htmx import current_path, wants_fragment
from guide import page_cache
from guide.models import Guide, Question

from .models import QuestionProgress
from .my_answer import my_answer
from .rating_widget import progress_by_question, rating_context


@require_GET
def guide_page(request, slug):
    # One cheap query decides whether cached renderings can answer.
    # Someone else's guide is not found, before any cache is asked: a shared page is only ever
    # stored for a visitor, who finds shipped guides alone.
    found = (
        Guide.objects.live()
        .visible_to(request.user)
        .filter(slug=slug)
        .values_list("pk", "content_version", "title", "owner_id")
        .first()
    )
    if found is None:
        raise Http404("No such guide.")
    guide_id, version, title, owner_id = found
    if not page_cache.page_is_shareable(request):
        return _guide_page(request, guide_id, version, title, slug, is_own=owner_id is not None)
    content = page_cache.cached_page(guide_id, version)
    if content is None:
        response = _guide_page(request, guide_id, version, title, slug, is_own=False)
        page_cache.store_page(guide_id, version, response.content)
        return response
    return HttpResponse(content)


def _guide_page(request, guide_id, version, title, slug, *, is_own):
    body, description = page_cache.guide_body(guide_id, version)
    if request.user.is_authenticated:
        progress = QuestionProgress.objects.for_user(request.user).filter(
            question__section__guide_id=guide_id
        )
        body = with_badges(body, {row.question_id: row for row in progress})
    context = {
        "title": title,
        "slug": slug,
        "body": body,
        "description": description,
        "own_guide_id": guide_id if is_own else None,
    }
    return render(request, "practice/guide_page.html", context)


def with_badges(html: SafeString, progress_by_question: dict) -> SafeString:
    """Fill each rated question's slot in the cached body with its confidence badge (one
    rendering per confidence level, not per question)."""
    if not progress_by_question:
        return html
    badges: dict[int, str] = {}

    def badge(progress) -> str:
        if progress.confidence not in badges:
            badges[progress.confidence] = render_to_string(
                "practice/_confidence_badge.html", {"confidence": progress.confidence}
            )
        return badges[progress.confidence]

    def fill(match):
        progress = progress_by_question.get(int(match.group(1)))
        if progress is None:
            return match.group(0)
        empty_slot = match.group(0)
        return empty_slot.removesuffix("</span>") + badge(progress) + "</span>"

    # Badges come from our own template, so the result is as safe as its parts.
    return mark_safe(page_cache.QUESTION_SLOT.sub(fill, html))  # noqa: S308


@require_GET
@vary_on_headers("HX-Request")
def question_page(request, slug, number):
    question = get_object_or_404(
        Question.objects.live().visible_to(request.user).select_related("section__guide"),
        section__guide__slug=slug,
        number=number,
    )
    progress = progress_by_question(request.user, [question]).get(question.pk)
    # Hidden unless asked for, so stepping through questions never gives answers away.
    revealed = request.GET.get("answer") == "shown"
    context = {"revealed": revealed, "question": question, "progress": progress}
    if request.user.is_authenticated:
        # Where a no-JavaScript rating or note returns to: the page the answer is shown on.
        next_url = current_path(request) if request.htmx else request.get_full_path()
        next_url = next_url or question.get_revealed_url()
        context |= rating_context(question, progress, next_url=next_url)
        if revealed:
            context["my_answer"] = my_answer(request.user, question, next_url=next_url)
    if wants_fragment(request):
        return render(request, "practice/_answer.html", context)
    siblings = (
        Question.objects.live().in_guide(question.section.guide).select_related("section__guide")
    )
    context |= {
        "guide": question.section.guide,
        "previous": siblings.before(question).last(),
        "next": siblings.after(question).first(),
    }
    return render(request, "practice/question_page.html", context)
