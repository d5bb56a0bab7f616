"""The search page: questions and strategy tips of the guides a person may read (shipped and
their own), ranked, with an excerpt marking the words found. `guide.search` does the finding;
the page lives here so that what a person writes about content (their "My answer" notes,
`note_search`) joins the results, for them alone."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from guide.forms import SearchForm
from guide.search import search as search_content

from .note_search import search_notes

MAX_SEARCH_RESULTS = 50


@require_GET
def search(request):
    form = SearchForm(request.GET)
    if not form.is_valid():
        return render(request, "practice/search.html", {"form": form}, status=400)
    query = form.cleaned_data["q"].strip()
    hits = search_content(query, user=request.user, limit=MAX_SEARCH_RESULTS) if query else []
    notes = search_notes(query, user=request.user, limit=MAX_SEARCH_RESULTS) if query else []
    context = {
        "form": form,
        "query": query,
        "hits": hits,
        "notes": notes,
        "limit": MAX_SEARCH_RESULTS,
    }
    return render(request, "practice/search.html", context)
