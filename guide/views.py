"""Pages of content alone: the guides list, strategy tips and search. The guide page and the
question page show a reader's own state over the content, so `practice` serves them. Each
shows shipped guides and the reader's own (`visible_to`), never someone else's."""

from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from .forms import SearchForm
from .models import Guide, Question

MAX_SEARCH_RESULTS = 50


@require_GET
def guide_list(request):
    guides = Guide.objects.live().visible_to(request.user).with_counts()
    return render(request, "guide/guide_list.html", {"guides": guides})


@require_GET
def tip_list(request, slug):
    guide = get_object_or_404(Guide.objects.live().visible_to(request.user), slug=slug)
    return render(request, "guide/tip_list.html", {"guide": guide, "tips": guide.tips.all()})


@require_GET
def search(request):
    form = SearchForm(request.GET)
    if not form.is_valid():
        return render(request, "guide/search.html", {"form": form}, status=400)
    words = form.words()
    results = (
        Question.objects.live()
        .visible_to(request.user)
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
