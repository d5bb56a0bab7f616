"""The “Check my answer” form's one view: an HTMX POST gets the hints as a fragment, a plain
POST (no JavaScript) a page with the form, the answer as typed and the hints."""

from django import forms
from django.shortcuts import get_object_or_404, render
from django.utils.cache import patch_vary_headers
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from common.htmx import wants_fragment
from guide.coverage import coverage_for
from guide.models import Question

MAX_ANSWER_LENGTH = 5000


class CheckAnswerForm(forms.Form):
    answer = forms.CharField(
        label="Your answer",
        max_length=MAX_ANSWER_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": "Type an answer to check.",
            "max_length": f"Keep the answer under {MAX_ANSWER_LENGTH:,} characters.",
        },
    )


# The form sits inside the revealed answer, which is cached and shared between visitors, so it
# cannot carry a per-person CSRF token; the view changes and stores nothing, which is what
# CSRF protection guards.
@csrf_exempt
@require_POST
def check_answer(request, question_id):
    question = get_object_or_404(
        Question.objects.live().readable_by(request.user).select_related("section__guide"),
        pk=question_id,
    )
    form = CheckAnswerForm(request.POST)
    points = coverage_for(question, form.cleaned_data["answer"]) if form.is_valid() else []
    context = {"question": question, "form": form, "points": points, "checked": form.is_valid()}
    # Errors come back with 200 so that htmx 2 swaps them in (it ignores 4xx by default).
    if wants_fragment(request):
        response = render(request, "practice/_check_answer_result.html", context)
    else:
        status = 200 if form.is_valid() else 400
        response = render(request, "practice/check_answer.html", context, status=status)
    patch_vary_headers(response, ["HX-Request"])
    return response
