"""Rating a question, a person's own answer to it, the review queue and the progress
dashboard."""

from functools import cache

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from common.htmx import wants_fragment
from common.redirects import safe_next
from guide.models import Guide, Question

from .forms import AnswerNoteForm, RatingForm, seconds_spent
from .models import AnswerNote, InterviewDate
from .my_answer import MyAnswer, my_answer
from .plans.review import review_queue
from .plans.today import countdown_text, days_until, today_for
from .progress import report as progress_report
from .rating import rateable_question
from .rating_widget import rating_context, render_just_rated
from .services import rate_question, save_answer_note
from .spoken_answers.page import panel_context


@require_GET
def home(request):
    """The guides; for a signed-in person, today's work above them."""
    context = {"guides": Guide.objects.live().visible_to(request.user).with_counts()}
    if request.user.is_authenticated:
        context["today"] = today_for(request)
    return render(request, "practice/home.html", context)


@require_POST
def rate(request, question_id):
    if not request.user.is_authenticated:
        question = get_object_or_404(
            Question.objects.live().visible_to(request.user).select_related("section__guide"),
            pk=question_id,
        )
        return redirect_to_login(question.get_revealed_url())
    # One query: the question if this person may rate it, and their progress row for it.
    found = rateable_question(request.user, question_id)
    if found is None:
        raise Http404("No such question.")
    question, current = found
    form = RatingForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "practice/_rating_error.html",
            {"form": form, "question": question},
            status=400,
        )
    progress, _rating = rate_question(
        user=request.user,
        question=question,
        confidence=form.cleaned_data["confidence"],
        seconds_spent=seconds_spent(request.POST.get("seconds")),
        current=current,
    )
    next_url = safe_next(request, question.get_revealed_url())
    if wants_fragment(request):
        if next_url.split("?")[0] == review_url():
            # In the review loop a rating moves straight on to the next due question.
            response = HttpResponse()
            response["HX-Redirect"] = next_url
            return response
        return HttpResponse(render_just_rated(request, question, progress, next_url=next_url))
    return HttpResponseRedirect(next_url)


@cache
def review_url() -> str:
    return reverse("practice:review")


@require_POST
def answer_note(request, question_id):
    """Save the signed-in user's own answer to a question (empty deletes it). Always their
    own note: the URL names the question, never a note."""
    question = get_object_or_404(
        Question.objects.live().visible_to(request.user).select_related("section__guide"),
        pk=question_id,
    )
    if not request.user.is_authenticated:
        return redirect_to_login(question.get_revealed_url())
    next_url = safe_next(request, question.get_revealed_url())
    form = AnswerNoteForm(request.POST)
    if not form.is_valid():
        mine = MyAnswer(
            question=question,
            note=AnswerNote.objects.for_user(request.user).filter(question=question).first(),
            next_url=next_url,
            # NUL cannot be shown (nor saved); everything else typed comes back to be fixed.
            sent_text=request.POST.get("text", "").replace("\x00", ""),
            errors=tuple(form.errors["text"]),
            status="Not saved.",
        )
        if wants_fragment(request):
            context = {"my_answer": mine, "oob": True}
            return render(request, "practice/_my_answer.html", context, status=400)
        return render(request, "practice/answer_note.html", {"my_answer": mine}, status=400)
    note = save_answer_note(user=request.user, question=question, text=form.cleaned_data["text"])
    status = "Saved." if note else "Deleted."
    if wants_fragment(request):
        mine = MyAnswer(question=question, note=note, next_url=next_url, status=status)
        return render(request, "practice/_my_answer.html", {"my_answer": mine, "oob": True})
    messages.success(request, f"My answer to question {question.number}: {status}")
    # Back to where the person was, at their note.
    return HttpResponseRedirect(f"{next_url.split('#')[0]}#my-answer-{question.pk}")


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


@login_required
@require_GET
def progress_overview(request):
    visible = Guide.objects.live().visible_to(request.user).with_counts()
    guides = list(progress_report.with_rated_counts(visible, request.user))
    if len(guides) == 1:
        return redirect("practice:progress", slug=guides[0].slug)
    return render(request, "practice/progress_overview.html", {"guides": guides})


@login_required
@require_GET
def progress(request, slug):
    guide = get_object_or_404(Guide.objects.live().visible_to(request.user), slug=slug)
    interview = InterviewDate.objects.for_user(request.user).filter(guide=guide).first()
    now = timezone.now()
    tz = timezone.get_current_timezone()
    upcoming = interview if interview and interview.is_upcoming(now, tz) else None
    report = progress_report.guide_progress(
        request.user, guide, now=now, interview_at=upcoming.moment(tz) if upcoming else None
    )
    context = {"guide": guide, "report": report, "interview": upcoming}
    if upcoming:
        context["countdown"] = countdown_text(days_until(upcoming.interview_on, now=now, tz=tz))
    return render(request, "practice/progress.html", context)
