"""Pages of content alone: the guides list and strategy tips. The guide page and the question
page show a reader's own state over the content, and search is to find a reader's own notes
beside it, so `practice` serves them. Each shows shipped guides and the reader's own
(`visible_to`), never someone else's."""

from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from .models import Guide
from .shelves import shelve


@require_GET
def guide_list(request):
    guides = list(Guide.objects.live().visible_to(request.user).with_counts())
    return render(
        request,
        "guide/guide_list.html",
        {"guides": guides, "shelves": shelve(guides, request.user)},
    )


@require_GET
def tip_list(request, slug):
    guide = get_object_or_404(Guide.objects.live().readable_by(request.user), slug=slug)
    return render(request, "guide/tip_list.html", {"guide": guide, "tips": guide.tips.all()})
