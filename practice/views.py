"""Rating a question and a person's own answer to it: the two POSTs of the question page
(and of the review page, which shows the same question)."""

from functools import cache

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from common.htmx import wants_fragment
from common.redirects import safe_next
from guide import library
from guide.models import Question

from .forms import AnswerNoteForm, RatingForm, seconds_spent
from .models import AnswerNote
from .my_answer import MyAnswer
from .rating import rate_question, rateable_question
from .rating_widget import render_just_rated
from .services import save_answer_note


@require_POST
def rate(request, question_id):
    if not request.user.is_authenticated:
        question = get_object_or_404(
            Question.objects.live().readable_by(request.user).select_related("section__guide"),
            pk=question_id,
        )
        return redirect_to_login(question.get_revealed_url())
    # One query: the question if this person may rate it, and their progress row for it.
    found = rateable_question(request.user, question_id)
    if found is None:
        raise Http404("No such question.")
    question, current = found
    form = RatingForm(request.POST)
    if form.is_valid() and question.section.guide.owner_id not in (None, request.user.pk):
        # Someone else's guide is one from the library: rating it adds it to this person's
        # guides, so that it comes back in their review.
        library.add_reader(question.section.guide, request.user)
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
        Question.objects.live().readable_by(request.user).select_related("section__guide"),
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
