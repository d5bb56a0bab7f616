"""Pages for reading guides: list, contents with inline reveal, one question, tips, search."""

from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.defaultfilters import pluralize
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from practice.models import QuestionProgress
from practice.queries import progress_by_question, rating_context

from . import page_cache
from .forms import SearchForm
from .htmx import current_path, wants_fragment
from .models import Guide, Question

MAX_SEARCH_RESULTS = 50


@require_GET
def guide_list(request):
    guides = Guide.objects.with_counts()
    return render(request, "guide/guide_list.html", {"guides": guides})


@require_GET
def guide_detail(request, slug):
    # One cheap query decides whether cached renderings can answer.
    found = Guide.objects.filter(slug=slug).values_list("pk", "content_version", "title").first()
    if found is None:
        raise Http404("No such guide.")
    guide_id, version, title = found
    if not page_cache.page_is_shareable(request):
        return _guide_page(request, guide_id, version, title)
    content = page_cache.cached_page(guide_id, version)
    if content is None:
        response = _guide_page(request, guide_id, version, title)
        page_cache.store_page(guide_id, version, response.content)
        return response
    return HttpResponse(content)


def _guide_page(request, guide_id, version, title):
    body, description = page_cache.guide_body(
        guide_id, version, lambda: _render_guide_body(guide_id)
    )
    if request.user.is_authenticated:
        progress = QuestionProgress.objects.for_user(request.user).filter(
            question__section__guide_id=guide_id
        )
        body = page_cache.with_badges(body, {row.question_id: row for row in progress})
    context = {"title": title, "body": body, "description": description}
    return render(request, "guide/guide_detail.html", context)


def _render_guide_body(guide_id):
    guide = Guide.objects.with_counts().get(pk=guide_id)
    sections = guide.sections.live().prefetch_related(
        Prefetch("questions", queryset=Question.objects.filter(archived=False).order_by("number"))
    )
    context = {"guide": guide, "sections": sections, "has_tips": guide.tips.exists()}
    return render_to_string("guide/_guide_body.html", context), _describe(guide)


def _describe(guide) -> str:
    """The guide page's meta description: its title, level and role, and what it holds."""
    facts = " · ".join(fact for fact in (guide.level, guide.role) if fact)
    questions = f"{guide.question_count} interview question{pluralize(guide.question_count)}"
    sections = f"{guide.section_count} section{pluralize(guide.section_count)}"
    heading = f"{guide.title} — {facts}" if facts else guide.title
    return f"{heading}. {questions} with model answers, in {sections}."


@require_GET
@vary_on_headers("HX-Request")
def question_detail(request, slug, number):
    question = get_object_or_404(
        Question.objects.live().select_related("section__guide"),
        section__guide__slug=slug,
        number=number,
    )
    progress = progress_by_question(request.user, [question]).get(question.pk)
    question.user_progress = progress
    rating = {}
    if request.user.is_authenticated:
        # Where a no-JavaScript rating returns to: the page the answer is shown on.
        next_url = current_path(request) if request.htmx else request.get_full_path()
        rating = rating_context(
            question, progress, next_url=next_url or question.get_revealed_url()
        )
    context = {
        # Hidden unless asked for, so stepping through questions never gives answers away.
        "revealed": request.GET.get("answer") == "shown",
        "question": question,
        **rating,
    }
    if wants_fragment(request):
        return render(request, "guide/_answer.html", context)
    siblings = (
        Question.objects.live().in_guide(question.section.guide).select_related("section__guide")
    )
    context |= {
        "guide": question.section.guide,
        "previous": siblings.before(question).last(),
        "next": siblings.after(question).first(),
    }
    return render(request, "guide/question_detail.html", context)


@require_GET
def tip_list(request, slug):
    guide = get_object_or_404(Guide, slug=slug)
    return render(request, "guide/tip_list.html", {"guide": guide, "tips": guide.tips.all()})


@require_GET
def search(request):
    form = SearchForm(request.GET)
    if not form.is_valid():
        return render(request, "guide/search.html", {"form": form}, status=400)
    words = form.words()
    results = (
        Question.objects.live()
        .matching(words)
        .select_related("section__guide")
        .order_by("section__guide__title", "section__number", "number")[:MAX_SEARCH_RESULTS]
        if words
        else []
    )
    return render(
        request,
        "guide/search.html",
        {"form": form, "query": " ".join(words), "results": results, "limit": MAX_SEARCH_RESULTS},
    )
