"""The search page: questions and strategy tips of the guides a person may read (shipped and
their own), ranked, with an excerpt marking the words found. `guide.search` does the finding;
the page lives here so that what a person writes about content (their "My answer" notes,
`note_search`) joins the results, for them alone."""

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from guide import page_cache
from guide.forms import SearchForm
from guide.search import hybrid_search

from .note_search import search_notes, search_notes_by_meaning

MAX_SEARCH_RESULTS = 50


@require_GET
def search(request):
    # A visitor's results are the same for everyone who asks the same over the same content:
    # kept per query and content stamp (signed in, their own guides and notes join in).
    if not page_cache.page_is_shareable(request, any_query=True):
        return _search(request)
    key, content = page_cache.cached_search_page(request.GET.urlencode())
    if content is not None:
        return HttpResponse(content)
    response = _search(request)
    if response.status_code == 200:
        page_cache.store_search_page(key, response.content)
    return response


def _search(request):
    form = SearchForm(request.GET)
    if not form.is_valid():
        return render(request, "practice/search.html", {"form": form}, status=400)
    query = form.cleaned_data["q"].strip()
    results = hybrid_search(query, user=request.user, limit=MAX_SEARCH_RESULTS) if query else None
    notes = search_notes(query, user=request.user, limit=MAX_SEARCH_RESULTS) if query else []
    if query and len(notes) < MAX_SEARCH_RESULTS:
        notes += search_notes_by_meaning(
            query,
            user=request.user,
            limit=MAX_SEARCH_RESULTS - len(notes),
            exclude={note.question.pk for note in notes},
        )
    context = {
        "form": form,
        "query": query,
        "hits": results.hits if results else [],
        "closest": results.closest if results else False,
        "notes": notes,
        "limit": MAX_SEARCH_RESULTS,
    }
    return render(request, "practice/search.html", context)
