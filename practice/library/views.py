"""The library's pages: the listing, a guide's library page, and the actions a signed-in
person takes there (practise it, stop, copy it, report it)."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from guide import library
from guide.limits import MAX_GUIDES_PER_PERSON
from guide.models import Guide, GuideReader, Licence

from .forms import ReportForm
from .listing import (
    SORTS,
    LibraryFilters,
    filter_choices,
    library_guides,
    page_number,
    practitioner_counts,
)


@require_GET
def library_list(request):
    filters = LibraryFilters.from_request(request.GET)
    fields, levels = filter_choices()
    page = library_guides(filters, page_number(request.GET.get("page")))
    context = {
        "page": page,
        "guides": page.guides,
        "previous_url": _page_url(request, page.previous),
        "next_url": _page_url(request, page.next),
        "filters": filters,
        "fields": fields,
        "levels": levels,
        "sorts": SORTS,
    }
    return render(request, "practice/library.html", context)


def _page_url(request, number: int | None) -> str:
    """This listing, filters kept, at page `number` ("" when there is none)."""
    if number is None:
        return ""
    query = request.GET.copy()
    query["page"] = str(number)
    return f"{reverse('practice:library')}?{query.urlencode()}"


def _library_guide(request, slug) -> Guide:
    """A guide with a library page: shipped or published, or — for a reader who still
    practises an unpublished one, and for its author — theirs to see. Hidden: author only."""
    user = request.user
    found = Q(owner__isnull=True) | Q(published_at__isnull=False, hidden_at__isnull=True)
    if user.is_authenticated:
        found |= Q(owner=user) | Q(readers__user=user, hidden_at__isnull=True)
    guides = Guide.objects.live().with_counts().select_related("owner").filter(found)
    guide = guides.filter(slug=slug).distinct().first()
    if guide is None:
        raise Http404("No such guide in the library.")
    return guide


@require_GET
def library_guide(request, slug):
    guide = _library_guide(request, slug)
    user = request.user
    is_reader = (
        user.is_authenticated and GuideReader.objects.filter(guide=guide, user=user).exists()
    )
    context = {
        "guide": guide,
        "practitioners": practitioner_counts([guide.pk])[guide.pk],
        "is_own": user.is_authenticated and guide.owner_id == user.pk,
        "is_reader": is_reader,
        "licence": Licence(guide.licence) if guide.licence else None,
        "report_form": ReportForm(),
    }
    return render(request, "practice/library_guide.html", context)


class _OwnGuide(Exception):
    """Practising, copying or reporting one's own guide: nothing to do."""


def _published_guide(request, slug) -> Guide:
    """Someone else's guide that this person may practise or copy: published, or one they
    already practise (unpublished since)."""
    guide = _library_guide(request, slug)
    if guide.owner_id is None:
        raise Http404("Shipped guides are practised as they are.")
    if guide.owner_id == request.user.pk:
        raise _OwnGuide
    return guide


def _not_for_own_guides(view):
    """The library's actions on one's own guide lead back to its library page."""

    @wraps(view)
    def wrapper(request, slug):
        try:
            return view(request, slug)
        except _OwnGuide:
            messages.info(request, "This is your own guide: edit it from My guides.")
            return redirect("practice:library_guide", slug)

    return wrapper


@login_required
@require_POST
@_not_for_own_guides
def practise(request, slug):
    guide = _published_guide(request, slug)
    if guide.published_at is None:
        raise Http404("This guide is no longer in the library.")
    library.add_reader(guide, request.user)
    messages.success(
        request,
        f"“{guide.title}” is in your guides: review, plans and mock interviews include it.",
    )
    return redirect(guide.get_absolute_url())


@login_required
@require_POST
@_not_for_own_guides
def stop_practising(request, slug):
    guide = _published_guide(request, slug)
    library.remove_reader(guide, request.user)
    messages.success(request, f"Stopped practising “{guide.title}”. Your ratings are kept.")
    return redirect("practice:library_guide", slug)


@login_required
@require_POST
@_not_for_own_guides
def copy(request, slug):
    guide = _published_guide(request, slug)
    if Guide.objects.owned_by(request.user).count() >= MAX_GUIDES_PER_PERSON:
        messages.error(
            request,
            f"You already have {MAX_GUIDES_PER_PERSON} guides, the most one person can have. "
            "Delete one you no longer need to copy this one.",
        )
        return redirect("practice:library_guide", slug)
    mine = library.copy_guide(guide, owner=request.user)
    messages.success(request, "Copied into your guides: this copy is yours to change.")
    return redirect(mine.get_edit_url())


@login_required
@require_http_methods(["GET", "POST"])
@_not_for_own_guides
def report(request, slug):
    guide = _published_guide(request, slug)
    form = ReportForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        library.report(guide, reporter=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, "Thank you: staff will read your report.")
        return redirect("practice:library_guide", slug)
    status = 400 if form.errors else 200
    return render(
        request, "practice/library_report.html", {"guide": guide, "form": form}, status=status
    )
