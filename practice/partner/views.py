"""Partner interview pages: the person's screen and summary (signed in, their own session),
and the partner's screen, reached only through the private link (no account needed).

A link that matches nothing answers 404, like someone else's session; a revoked or ended one
answers a closed page. Both screens poll a small `live` view every 2 s (see live.py).
"""

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from accounts.client_ip import client_ip_address
from guide.models import Guide

from ..answer_aloud import mock_spoken, panel_context
from ..mock_interviews import views as mock_views
from ..mock_interviews.summary import summarize
from ..models import Confidence, MockSession, PartnerLink
from . import live, services
from .forms import AdoptForm, FeedbackForm, JoinForm, SelfRatingForm
from .key_points import key_points_for

# Joins (and links that open nothing) one address may try per minute.
JOINS_PER_MINUTE = getattr(settings, "PARTNER_JOINS_PER_MINUTE", 10)
# The person's screen follows the partner within 2 s: a poll every 1.5 s plus the request.
# The partner's screen only has to notice the person ending or revoking.
PERSON_POLL_SECONDS = 1.5
PARTNER_POLL_SECONDS = 2


def _token_key(session_id) -> str:
    return f"partner-token:{session_id}"


def _seat_key(link: PartnerLink) -> str:
    return f"partner-seat:{link.pk}"


def _own_session(request, session_id) -> MockSession:
    return get_object_or_404(
        MockSession.objects.for_user(request.user).select_related("guide"), pk=session_id
    )


def _link_of(session) -> PartnerLink | None:
    return PartnerLink.objects.filter(session=session).first()


def _throttled(request) -> bool:
    """Counts one attempt of this address; True once over the limit within a minute.

    The window opens at the address's first attempt and closes 60 s later (the key's
    expiry), not at the clock's minute: a burst that straddles a minute boundary must
    not start again from zero halfway through.
    """
    key = f"partner-join:{client_ip_address(request)}"
    cache.add(key, 0, 60)
    try:
        attempts = cache.incr(key)
    except ValueError:
        attempts = 1
    return attempts > JOINS_PER_MINUTE


def _too_many(request):
    return render(request, "practice/partner_closed.html", {"reason": "throttled"}, status=429)


def _partner_link(request, token) -> PartnerLink:
    """The link the token opens; 404 (counted against the address) when it opens nothing."""
    link = services.find_link(token)
    if link is None:
        _throttled(request)
        raise Http404("No such partner link.")
    return link


def _poll_headers(tag: str) -> str:
    """hx-headers of a poll: the tag its content was drawn from."""
    return json.dumps({"If-None-Match": tag})


def _no_store(response):
    # The live views change every few seconds and hold private feedback: never cached.
    response["Cache-Control"] = "no-store"
    return response


def partner_url(request, token) -> str:
    return request.build_absolute_uri(reverse("practice:partner_page", args=[token]))


# ---- The person's side ------------------------------------------------------------------


def _person_context(request, session, link, *, now) -> dict:
    item = session.items.select_related("question__section").get(position=session.position)
    feedback = getattr(item, "partner_feedback", None) if link else None
    token = request.session.get(_token_key(session.pk))
    return {
        "session": session,
        "link": link,
        "item": item,
        "total": session.items.count(),
        "elapsed": item.elapsed_seconds(now),
        "activity": live.activity(item, feedback),
        "past": live.past_feedback(session) if link else [],
        "tag": live.person_tag(session, link),
        "poll_headers": _poll_headers(live.person_tag(session, link)),
        "link_url": partner_url(request, token)
        if token and link and services.is_open(link)
        else "",
        "token_groups": _groups(token) if token else [],
        "poll_seconds": PERSON_POLL_SECONDS,
    }


def _showable(link) -> bool:
    return link is not None and services.is_open(link)


def _groups(token: str) -> list[str]:
    return [token[i : i + 4] for i in range(0, len(token), 4)]


@login_required
@require_GET
def person_page(request, session_id):
    session = _own_session(request, session_id)
    if not session.is_active:
        return redirect("practice:partner_summary", session_id=session.pk)
    link = _link_of(session)
    context = _person_context(request, session, link, now=timezone.now())
    # The recorder of spoken answers, for the question on screen when the page loaded: it sits
    # outside the polled part, so an answer being recorded survives every update.
    item = context["item"]
    context |= panel_context(request.user, item.question, mock_item=item)
    return _no_store(render(request, "practice/partner_person.html", context))


@login_required
@require_GET
def person_live(request, session_id):
    """The person's live region: 304 while nothing changed, the new region else, and the
    summary once the interview is over."""
    # The session and its link in one query: while nothing changed, that is the whole cost.
    session = get_object_or_404(
        MockSession.objects.for_user(request.user).select_related("guide", "partner_link"),
        pk=session_id,
    )
    if not session.is_active:
        response = HttpResponse(status=204)
        response["HX-Redirect"] = reverse("practice:partner_summary", args=[session.pk])
        return response
    link = getattr(session, "partner_link", None)
    tag = live.person_tag(session, link)
    if request.headers.get("If-None-Match") == tag:
        return live.not_modified(tag)
    context = _person_context(request, session, link, now=timezone.now())
    response = render(request, "practice/_partner_person_live.html", context)
    response["ETag"] = tag
    return _no_store(response)


@login_required
@require_POST
def new_link(request, session_id):
    session = _own_session(request, session_id)
    try:
        _link, token = services.invite(session=session, now=timezone.now())
    except services.MockError as error:
        messages.error(request, str(error))
        return redirect("practice:mock_summary", session_id=session.pk)
    request.session[_token_key(session.pk)] = token
    messages.success(request, "Here is a new partner link; the old one no longer works.")
    return redirect("practice:partner_person", session_id=session.pk)


@login_required
@require_POST
def revoke(request, session_id):
    session = _own_session(request, session_id)
    services.revoke(session=session, now=timezone.now())
    request.session.pop(_token_key(session.pk), None)
    messages.info(request, "The partner link is revoked: it now shows a closed page.")
    if not session.is_active:
        return redirect("practice:partner_summary", session_id=session.pk)
    return redirect("practice:partner_person", session_id=session.pk)


def start_with_partner(request, session) -> str:
    """Called by the mock setup for "With a partner": the first link, kept in the person's
    browser session to show it. Returns where to go next."""
    _link, token = services.invite(session=session, now=timezone.now())
    request.session[_token_key(session.pk)] = token
    return reverse("practice:partner_person", args=[session.pk])


@login_required
@require_POST
def start(request):
    """The mock setup's "With a partner": the same form and checks, then the first link."""
    return mock_views.setup(request, started=start_with_partner)


@login_required
@require_GET
def summary(request, session_id):
    session = _own_session(request, session_id)
    if session.is_active:
        return redirect("practice:partner_person", session_id=session.pk)
    link = _link_of(session)
    result = summarize(session, now=session.ended_at)
    partner = live.feedback_by_item(session)
    for item_result in result.items:
        # Read by the partner block of each question (templates cannot look up a dict).
        item_result.item.partner = partner.get(item_result.item.pk)
    context = {
        "session": session,
        "summary": result,
        "link": link,
        "confidence_choices": Confidence.choices,
        # Each question's spoken figures (if the person recorded it) and the totals.
        "spoken": mock_spoken(session),
    }
    return render(request, "practice/partner_summary.html", context)


@login_required
@require_POST
def rate(request, session_id):
    """The person's self-rating on the summary, or "Adopt partner's rating"."""
    session = _own_session(request, session_id)
    adopt = "adopt" in request.POST
    form = (AdoptForm if adopt else SelfRatingForm)(request.POST)
    if not form.is_valid():
        messages.error(request, "That rating could not be understood; choose 1 to 5.")
        return redirect("practice:partner_summary", session_id=session.pk)
    position = form.cleaned_data["position"]
    try:
        item = services.rate_after(
            session=session,
            position=position,
            confidence=form.cleaned_data.get("confidence"),
            now=timezone.now(),
            adopt=adopt,
        )
    except (services.MockError, session.items.model.DoesNotExist) as error:
        messages.error(request, str(error) or "No such question in this interview.")
        return redirect("practice:partner_summary", session_id=session.pk)
    messages.success(
        request,
        f"Question {item.question.number} is rated {item.confidence}; it moves your schedule.",
    )
    url = reverse("practice:partner_summary", args=[session.pk])
    return redirect(f"{url}#result-{position + 1}")


# ---- The partner's side -----------------------------------------------------------------


def _is_partner(request, link) -> bool:
    return services.is_seated(link, request.session.get(_seat_key(link)))


def _closed(request, link, token, *, seated):
    """The page a link shows once it no longer opens an interview."""
    session = link.session
    if seated and not link.is_revoked and not session.is_active:
        context = {
            "link": link,
            "link_token": token,
            "session": session,
            "can_swap": _can_swap(request, link),
        }
        return render(request, "practice/partner_thanks.html", context)
    reason = "revoked" if link.is_revoked else "ended"
    return render(request, "practice/partner_closed.html", {"reason": reason}, status=410)


def _can_swap(request, link) -> bool:
    user = request.user
    return (
        not user.is_authenticated
        or Guide.objects.live().visible_to(user).filter(pk=link.session.guide_id).exists()
    ) and user != link.session.user


def _partner_context(request, link, token, *, now, form=None) -> dict:
    session = link.session
    item = session.items.select_related("question__section").get(position=session.position)
    points = key_points_for(item.question)
    if form is None:
        feedback = getattr(item, "partner_feedback", None)
        ticked = set(feedback.ticked) if feedback else set()
        form = FeedbackForm(
            points=points,
            initial={
                "position": item.position,
                "point": [i for i, point in enumerate(points) if point in ticked],
                "notes": feedback.notes if feedback else "",
                "rating": feedback.rating if feedback else None,
            },
        )
    total = session.items.count()
    return {
        "link": link,
        "token": token,
        "session": session,
        "item": item,
        "total": total,
        "is_last": item.position == total - 1,
        "elapsed": item.elapsed_seconds(now),
        "form": form,
        "tag": live.partner_tag(session, link),
        "poll_headers": _poll_headers(live.partner_tag(session, link)),
        "poll_seconds": PARTNER_POLL_SECONDS,
    }


@never_cache
@require_GET
def enter_code(request):
    """For a link read out loud: type the code, land on the link's page."""
    code = "".join(request.GET.get("code", "").split())
    if not code:
        return render(request, "practice/partner_enter_code.html", {})
    if _throttled(request):
        return _too_many(request)
    if services.find_link(code) is None:
        context = {"error": "That code opens no interview. Check it and try again."}
        return render(request, "practice/partner_enter_code.html", context, status=404)
    return redirect("practice:partner_page", token=code)


@never_cache
@require_GET
def partner_page(request, token):
    link = _partner_link(request, token)
    seated = _is_partner(request, link)
    if not services.is_open(link):
        return _closed(request, link, token, seated=seated)
    if not seated:
        status = 409 if link.is_joined else 200
        context = {"link": link, "token": token, "form": JoinForm()}
        return render(request, "practice/partner_join.html", context, status=status)
    context = _partner_context(request, link, token, now=timezone.now())
    return _no_store(render(request, "practice/partner_interviewer.html", context))


@never_cache
@require_POST
def join(request, token):
    if _throttled(request):
        return _too_many(request)
    link = _partner_link(request, token)
    form = JoinForm(request.POST)
    if not form.is_valid():
        context = {"link": link, "token": token, "form": form}
        return render(request, "practice/partner_join.html", context, status=400)
    try:
        seat_key = services.join(
            link=link, display_name=form.cleaned_data["display_name"], now=timezone.now()
        )
    except services.MockError:
        return redirect("practice:partner_page", token=token)
    request.session[_seat_key(link)] = seat_key
    return redirect("practice:partner_page", token=token)


@never_cache
@require_GET
def partner_live(request, token):
    """The partner's poll: 304 while nothing they did not do themselves changed; a reload
    when the person ended, revoked or replaced the link."""
    link = services.find_link(token)
    if link is None or not _is_partner(request, link):
        response = HttpResponse(status=404)
        response["HX-Refresh"] = "true"
        return response
    tag = live.partner_tag(link.session, link)
    if request.headers.get("If-None-Match") == tag:
        return live.not_modified(tag)
    response = HttpResponse(status=204)
    response["HX-Refresh"] = "true"
    response["ETag"] = tag
    return _no_store(response)


def _seated_link(request, token) -> PartnerLink:
    link = _partner_link(request, token)
    if not _is_partner(request, link):
        raise Http404("Not this link's partner.")
    return link


@never_cache
@require_POST
def feedback(request, token):
    """Ticks, notes and rating of the current question; htmx sends them as they change."""
    link, form, refusal = _posted_feedback(request, token)
    if refusal is not None:
        return refusal
    try:
        _save_feedback(link, form, now=timezone.now())
    except services.MockError as error:
        return _moved_on(request, token, error)
    if request.htmx:
        return render(request, "practice/_partner_saved.html", {"saved": True})
    return redirect("practice:partner_page", token=token)


def _posted_feedback(request, token):
    """(link, valid feedback form, None) for the seated partner of an open link, or
    (link, None, the response that answers instead: the link closed, the form refused)."""
    link = _seated_link(request, token)
    if not services.is_open(link):
        return link, None, _closed_response(request, link, token)
    item = link.session.items.select_related("question").get(position=link.session.position)
    form = FeedbackForm(request.POST, points=key_points_for(item.question))
    if not form.is_valid():
        return link, None, _feedback_refused(request, link, token, form)
    return link, form, None


def _save_feedback(link, form, *, now) -> None:
    services.save_feedback(
        link=link,
        position=form.cleaned_data["position"],
        ticked=form.cleaned_data["point"],
        notes=form.cleaned_data["notes"],
        rating=form.cleaned_data["rating"],
        now=now,
    )


def _closed_response(request, link, token):
    if request.htmx:
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    return redirect("practice:partner_page", token=token)


def _moved_on(request, token, error):
    if request.htmx:
        return render(request, "practice/_partner_saved.html", {"error": str(error)}, status=409)
    messages.error(request, str(error))
    return redirect("practice:partner_page", token=token)


def _feedback_refused(request, link, token, form):
    errors = " ".join(e for field in form.errors.values() for e in field)
    if request.htmx:
        return render(request, "practice/_partner_saved.html", {"error": errors}, status=400)
    context = _partner_context(request, link, token, now=timezone.now(), form=form)
    return render(request, "practice/partner_interviewer.html", context, status=400)


@never_cache
@require_POST
def next_question(request, token):
    """Saves what the form holds, then moves on (the partner drives the pace)."""
    link, form, refusal = _posted_feedback(request, token)
    if refusal is not None:
        return refusal
    now = timezone.now()
    try:
        _save_feedback(link, form, now=now)
        services.next_question(link=link, from_position=form.cleaned_data["position"], now=now)
    except services.MockError as error:
        return _moved_on(request, token, error)
    return redirect("practice:partner_page", token=token)


@login_required
@require_POST
def swap_roles(request, token):
    """After the interview, a signed-in partner starts their own, with a link to send back."""
    link = _seated_link(request, token)
    if link.session.is_active or link.is_revoked or not _can_swap(request, link):
        raise Http404("Nothing to swap here.")
    now = timezone.now()
    if (
        MockSession.objects.for_user(request.user)
        .filter(status=MockSession.Status.ACTIVE)
        .exists()
    ):
        messages.error(request, "Finish or abandon your own running mock interview first.")
        return redirect("practice:mock_setup")
    try:
        session, new_token = services.swap_roles(link=link, user=request.user, now=now)
    except services.MockError as error:
        messages.error(request, str(error))
        return redirect("practice:partner_page", token=token)
    request.session[_token_key(session.pk)] = new_token
    messages.success(request, "Your turn: send this link to the person you just interviewed.")
    return redirect("practice:partner_person", session_id=session.pk)
