"""Mock interview pages: setup, the running session, summary and history.

Every step is a plain form that redirects (Post/Redirect/Get); htmx enhances reveal, rating
and autosave into in-place swaps. Someone else's session answers 404; an ended one 409.
"""

import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from common.htmx import wants_fragment
from guide.models import Guide

from ..answer_aloud import mock_spoken, panel_context
from ..models import MockSession, PartnerLink
from ..rating_widget import confidence_buttons, progress_by_question
from . import services
from .forms import MockRatingForm, MockSetupForm, PositionForm
from .summary import history_row, item_result, summarize

# Running interviews offered to resume on the setup page, and past ones listed in the history.
RUNNING_SHOWN = 3
HISTORY_SHOWN = 200
CHOICES_CACHE_SECONDS = 60 * 60


def _own_session(request, session_id) -> MockSession:
    """The session if it is the signed-in user's; 404 otherwise, so ids reveal nothing."""
    return get_object_or_404(
        MockSession.objects.for_user(request.user).select_related("guide"), pk=session_id
    )


def _refused(request, session, error: services.MockError, status=409):
    """A change the session cannot take: a fragment for htmx, the page with a message else."""
    if wants_fragment(request):
        return render(
            request, "practice/_mock_refused.html", {"message": str(error)}, status=status
        )
    if session.is_active:
        # Without JavaScript: the question again, with the reason at the top.
        context = _item_context(session, _current_item(session), now=timezone.now())
        context |= {"total": session.items.count(), "error": str(error)}
        return render(request, "practice/mock_session.html", context, status=status)
    return render(
        request,
        "practice/mock_refused.html",
        {"session": session, "message": str(error)},
        status=status,
    )


class _FormError(services.MockError):
    pass


def _form_errors(form) -> str:
    errors = [error for field_errors in form.errors.values() for error in field_errors]
    return " ".join(errors) or "That request could not be understood."


def _bad_input(request, session, form):
    return _refused(request, session, _FormError(_form_errors(form)), status=400)


@login_required
@require_http_methods(["GET", "POST"])
def setup(request, *, started=None):
    """The setup page; a valid POST starts the interview and goes to `started(request,
    session)` (a URL; partner interviews pass their own) or to the session page."""
    now = timezone.now()
    form = MockSetupForm(
        request.POST if request.method == "POST" else None, user=request.user, now=now
    )
    active = list(
        MockSession.objects.for_user(request.user)
        .filter(status=MockSession.Status.ACTIVE)
        .select_related("guide")
        .order_by("-started_at")[:RUNNING_SHOWN]
    )
    # A new interview never silently leaves one running: the page offers to resume or
    # abandon it first.
    refused = request.method == "POST" and form.is_valid() and bool(active)
    if request.method == "POST" and form.is_valid() and not refused:
        session = services.start_mock_session(
            user=request.user,
            guide=form.cleaned_data["guide"],
            questions=form.questions,
            strategy=form.cleaned_data["strategy"],
            minutes_per_question=form.cleaned_data["minutes"],
            timed=form.timed,
            now=now,
        )
        return redirect(started(request, session) if started else session)
    status = 409 if refused else 400 if form.errors else 200
    context = {"form": form, "active_sessions": active, "refused": refused}
    if not form.is_bound:
        context["choices_html"] = _blank_choices(form, request.user)
    return render(request, "practice/mock_setup.html", context, status=status)


def _blank_choices(form, user) -> SafeString:
    """The guide select and the section checkboxes of a blank form, rendered once per set of
    guides the person may read (a widget renders a template per option: a hundred guides'
    sections took longer than everything else on the page)."""
    guides = Guide.objects.live().visible_to(user).order_by("pk")
    stamp = ".".join(f"{pk}-{v}" for pk, v in guides.values_list("pk", "content_version"))
    key = "mock-setup-choices:" + hashlib.sha256(stamp.encode()).hexdigest()
    html = cache.get_or_set(
        key,
        lambda: render_to_string("practice/_mock_setup_choices.html", {"form": form}),
        CHOICES_CACHE_SECONDS,
    )
    # Our own template's output, escaped when it was rendered.
    return mark_safe(html)  # noqa: S308


def _rating_buttons(session, item, *, now):
    progress = progress_by_question(session.user, [item.question]).get(item.question_id)
    buttons = confidence_buttons(progress, item.question, now=now)
    for button in buttons:
        button["current"] = button["value"] == item.confidence
    return buttons


def _item_context(session, item, *, now):
    return {
        "session": session,
        "item": item,
        "result": item_result(item, now=now) if item.is_revealed else None,
        "buttons": _rating_buttons(session, item, now=now) if item.is_revealed else [],
        "elapsed": item.elapsed_seconds(now),
        "is_last": item.position == session.items.count() - 1,
        # Answering aloud stands in for (or beside) the typed answer.
        **panel_context(session.user, item.question, mock_item=item),
    }


def _current_item(session):
    return session.items.select_related("question__section").get(position=session.position)


@login_required
@require_GET
def session_page(request, session_id):
    session = _own_session(request, session_id)
    if not session.is_active:
        return redirect("practice:mock_summary", session_id=session.pk)
    if PartnerLink.objects.filter(session=session).exists():
        return redirect("practice:partner_person", session_id=session.pk)
    now = timezone.now()
    context = _item_context(session, _current_item(session), now=now)
    context["total"] = session.items.count()
    return render(request, "practice/mock_session.html", context)


def _render_item(request, session, item):
    """After a change: the item fragment for htmx, a redirect to the session page else."""
    if wants_fragment(request):
        context = _item_context(session, item, now=timezone.now())
        return render(request, "practice/_mock_item.html", context)
    return redirect(session)


@login_required
@require_POST
def save_answer(request, session_id):
    session = _own_session(request, session_id)
    # Sent by navigator.sendBeacon as the page is hidden or left: nobody reads the answer.
    background = request.POST.get("background") == "1"
    form = PositionForm(request.POST)
    try:
        if not form.is_valid():
            raise _FormError(_form_errors(form))
        item = services.save_answer(
            session=session,
            position=form.cleaned_data["position"],
            text=form.cleaned_data["answer"],
            now=timezone.now(),
        )
    except services.MockError as error:
        status = 400 if isinstance(error, _FormError) else 409
        if wants_fragment(request) or background:
            # Autosave reports in its status line, next to the text box.
            return render(
                request,
                "practice/_mock_autosave_error.html",
                {"message": str(error)},
                status=status,
            )
        return _refused(request, session, error, status=status)
    if background:
        return HttpResponse(status=204)
    if wants_fragment(request):
        return render(request, "practice/_mock_saved.html", {"item": item})
    messages.success(request, "Your answer is saved.")
    return redirect(session)


def _change_item(request, session_id, form_class, change):
    """What reveal and rate share: the user's own session, a valid form, the change, then
    the updated item (a fragment for htmx, a redirect otherwise)."""
    session = _own_session(request, session_id)
    form = form_class(request.POST)
    if not form.is_valid():
        return _bad_input(request, session, form)
    try:
        item = change(session, form.cleaned_data)
    except services.MockError as error:
        return _refused(request, session, error)
    return _render_item(request, session, item)


@login_required
@require_POST
def reveal(request, session_id):
    # A reveal without the answer field (e.g. a keyboard shortcut) keeps what was saved.
    has_answer = "answer" in request.POST
    return _change_item(
        request,
        session_id,
        PositionForm,
        lambda session, data: services.reveal(
            session=session,
            position=data["position"],
            text=data["answer"] if has_answer else None,
            now=timezone.now(),
        ),
    )


@login_required
@require_POST
def rate(request, session_id):
    return _change_item(
        request,
        session_id,
        MockRatingForm,
        lambda session, data: services.rate_item(
            session=session,
            position=data["position"],
            confidence=data["confidence"],
            now=timezone.now(),
        ),
    )


@login_required
@require_POST
def next_question(request, session_id):
    session = _own_session(request, session_id)
    form = PositionForm(request.POST)
    if not form.is_valid():
        return _bad_input(request, session, form)
    try:
        session = services.advance(
            session=session, from_position=form.cleaned_data["position"], now=timezone.now()
        )
    except services.MockError as error:
        return _refused(request, session, error)
    if not session.is_active:
        return redirect("practice:mock_summary", session_id=session.pk)
    return redirect(session)


@login_required
@require_POST
def abandon(request, session_id):
    session = _own_session(request, session_id)
    try:
        services.abandon(session=session, now=timezone.now())
    except services.MockError as error:
        return _refused(request, session, error)
    if request.POST.get("then") == "setup":
        # Abandoned from the setup page to start another one: stay there.
        messages.info(
            request, "You abandoned that mock interview; its summary is in your history."
        )
        return redirect("practice:mock_setup")
    messages.info(request, "You ended this mock interview. Here is how far you got.")
    return redirect("practice:mock_summary", session_id=session.pk)


@login_required
@require_GET
def summary(request, session_id):
    session = _own_session(request, session_id)
    if session.is_active:
        return redirect(session)
    if PartnerLink.objects.filter(session=session).exists():
        return redirect("practice:partner_summary", session_id=session.pk)
    return render(
        request,
        "practice/mock_summary.html",
        {
            "session": session,
            "summary": summarize(session, now=session.ended_at),
            "spoken": mock_spoken(session),
        },
    )


@login_required
@require_POST
def retry(request, session_id):
    session = _own_session(request, session_id)
    if session.is_active:
        return _refused(request, session, services.MockError("Finish this mock interview first."))
    new_session = services.retry_weakest(session=session, now=timezone.now())
    return redirect(new_session)


@login_required
@require_GET
def history(request):
    sessions = (
        MockSession.objects.for_user(request.user)
        .select_related("guide")
        .prefetch_related("items")
        .order_by("-started_at", "-id")
    )
    rows = [history_row(session) for session in sessions[:HISTORY_SHOWN]]
    return render(request, "practice/mock_history.html", {"rows": rows})
