"""Pages of a person's plans: the home page with Today's work above the guides, the review
queue, and the interview plan of one guide (set, change or remove the date; today's work,
the forecast and the load until the day). Each person sees and changes only their own plan."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from guide.models import Guide
from guide.shelves import shelve

from ..answer_aloud import panel_context
from ..forms import InterviewDateForm
from ..models import InterviewDate
from ..my_answer import my_answer
from ..rating_widget import rating_context
from .page import long_day, plan_page
from .review import review_queue
from .today import today_for


@login_required
@require_http_methods(["GET", "POST"])
def plan(request, slug):
    guide = get_object_or_404(Guide.objects.live().visible_to(request.user), slug=slug)
    now = timezone.now()
    tz = timezone.get_current_timezone()
    form = None
    if request.method == "POST":
        form = InterviewDateForm(request.POST, now=now, tz=tz)
        if form.is_valid():
            interview, _created = InterviewDate.objects.update_or_create(
                user=request.user, guide=guide, defaults=form.values()
            )
            messages.success(
                request, f"Your interview date is saved: {long_day(interview.interview_on)}."
            )
            return redirect("practice:plan", slug=guide.slug)
    # The page reads the same day as the header and the home: this plan is one of its plans.
    today = today_for(request)
    guide_plan = next((gp for gp in today.plans if gp.guide.pk == guide.pk), None)
    if guide_plan is not None:
        interview = guide_plan.interview
    else:
        interview = InterviewDate.objects.for_user(request.user).filter(guide=guide).first()
    if form is None:
        form = InterviewDateForm(initial=InterviewDateForm.initial_for(interview), now=now, tz=tz)
    context = {
        "guide": guide,
        "interview": interview,
        "form": form,
        "page": plan_page(guide_plan, whole_day=today) if guide_plan else None,
        "past": interview is not None and guide_plan is None,
        "past_day": long_day(interview.interview_on) if interview else "",
    }
    return render(request, "practice/plan.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def plan_remove(request, slug):
    guide = get_object_or_404(Guide.objects.live().visible_to(request.user), slug=slug)
    removed, _kinds = InterviewDate.objects.for_user(request.user).filter(guide=guide).delete()
    if removed:
        messages.success(request, f"Your interview date for {guide.title} is removed.")
    else:
        messages.info(request, f"There was no interview date for {guide.title} to remove.")
    return redirect("practice:plan", slug=guide.slug)


@require_GET
def home(request):
    """The guides; for a signed-in person, today's work above them."""
    guides = list(Guide.objects.live().visible_to(request.user).with_counts())
    context = {"guides": guides, "shelves": shelve(guides, request.user)}
    if request.user.is_authenticated:
        context["today"] = today_for(request)
    return render(request, "practice/home.html", context)


@login_required
@require_GET
def review(request):
    today = today_for(request)
    ahead = request.GET.get("ahead") == "1"
    queue = review_queue(request.user, today=today, ahead=ahead)
    here = reverse("practice:review") + ("?ahead=1" if ahead else "")
    # Without JavaScript, "Show answer" comes back here with answer=shown.
    context = {
        "queue": queue,
        "today": today,
        "now": today.now,
        "show_answer": request.GET.get("answer") == "shown",
        "reveal_href": f"{here}{'&' if ahead else '?'}answer=shown",
    }
    if queue.current:
        context |= rating_context(queue.current, queue.current_progress, next_url=here)
        context |= panel_context(request.user, queue.current)
    if queue.current and context["show_answer"]:
        # A saved note comes back here, with the answer still shown.
        context["my_answer"] = my_answer(
            request.user, queue.current, next_url=request.get_full_path()
        )
    return render(request, "practice/review.html", context)
