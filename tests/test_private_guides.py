"""A private guide is seen by its owner alone. Every URL pattern of the project is visited with
a private guide's arguments as its owner, as another signed-in person and as a visitor: for
anyone but the owner a page of the guide answers 404 (or, where signing in is required, sends
a visitor to sign in first), as a full page and as an htmx fragment, and no other page shows
a word of it.

`GUIDE_URLS` names each pattern that takes a guide, section, question or a session over them;
`OTHER_URLS` the rest. A new pattern fails `test_every_url_pattern_is_walked` until it is
added to one of them.
"""

import json
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from guide.models import Guide, PendingImport, Question
from practice.mock_interviews import services as interviews
from practice.models import ConfidenceRating, MockSession, SpokenAnswer
from practice.rating import rate_question
from tests.factories import QuestionFactory, SectionFactory
from tests.test_every_page import project_patterns

HTMX = {"HTTP_HX_REQUEST": "true"}
# In the private guide's title, section, prompt and answer, and nowhere else (not its address,
# which anyone asking for the page has typed). Search looks for a word of its answer alone.
SECRET = "zebracorn"
ANSWER_WORD = "okapi"
LOGIN = reverse("accounts:login")


@dataclass
class World:
    guide: Guide
    question: Question
    active: MockSession
    finished: MockSession
    pending: PendingImport


@pytest.fixture
def world(owner, other_user):
    # Old enough to publish to the library.
    owner.date_joined = timezone.now() - timedelta(days=2)
    owner.save(update_fields=["date_joined"])
    shipped = QuestionFactory(section__guide__slug="shipped", prompt="What is a cache?")
    section = SectionFactory(
        guide__owner=owner,
        guide__title=f"The {SECRET} guide",
        guide__slug="private-guide-a1b2c3",
        number=1,
        title=f"{SECRET} basics",
    )
    question = QuestionFactory(
        section=section,
        number=1,
        prompt=f"What is a {SECRET}?",
        answer=f"A $x^2$ {SECRET}, or {ANSWER_WORD}.",
    )
    rate_question(user=owner, question=question, confidence=2)
    rate_question(user=other_user, question=shipped, confidence=4)
    now = timezone.now()
    options = {
        "user": owner,
        "guide": section.guide,
        "questions": [question],
        "strategy": MockSession.Strategy.RANDOM,
        "minutes_per_question": 3,
        "timed": True,
    }
    finished = interviews.start_mock_session(**options, now=now)
    interviews.reveal(session=finished, position=0, text="Stripes", now=now)
    finished = interviews.advance(session=finished, from_position=0, now=now)
    active = interviews.start_mock_session(**options, now=now)
    pending = PendingImport.objects.create(
        owner=owner,
        filename="more.csv",
        format="csv",
        data=f"What else is a {SECRET}?,Nothing\n".encode(),
        into=section.guide,
    )
    SpokenAnswer.objects.create(
        user=owner,
        question=question,
        audio=ContentFile(b"RIFF\x24\x00\x00\x00WAVEfmt ", name="answer.wav"),
        content_type="audio/wav",
        size=16,
        created_at=now,
        status=SpokenAnswer.Status.DONE,
        transcript=f"A {SECRET} answer.",
    )
    return World(section.guide, question, active, finished, pending)


def _guide(w):
    return {"guide_id": w.guide.pk}


def _section(w):
    return _guide(w) | {"section_id": w.question.section_id}


def _question(w):
    return _guide(w) | {"question_id": w.question.pk}


def _pending(w):
    return {"import_id": w.pending.pk}


def _spoken(w):
    return {"answer_id": SpokenAnswer.objects.get(question=w.question).pk}


class _Recording:
    """A WAV upload that reads from its start every time (the walk posts it many times)."""

    name = "answer.wav"
    content_type = "audio/wav"

    def read(self):
        return b"RIFF\x24\x00\x00\x00WAVEfmt "


READ, SIGN_IN = "404 for everyone else", "404 for others, sign-in first for visitors"

# Patterns that take the private guide (or a row in it, or the owner's session over it):
# (method, arguments, what a visitor gets, data posted).
GUIDE_URLS = {
    "practice:guide": ("get", lambda w: {"slug": w.guide.slug}, READ, {}),
    "guide:tips": ("get", lambda w: {"slug": w.guide.slug}, READ, {}),
    "practice:question": (
        "get",
        lambda w: {"slug": w.guide.slug, "number": w.question.number},
        READ,
        {},
    ),
    "practice:rate": ("post", lambda w: {"question_id": w.question.pk}, READ, {"confidence": 3}),
    "practice:answer_note": (
        "post",
        lambda w: {"question_id": w.question.pk},
        READ,
        {"text": "x"},
    ),
    "practice:check_answer": (
        "post",
        lambda w: {"question_id": w.question.pk},
        READ,
        {"answer": "x"},
    ),
    "practice:progress": ("get", lambda w: {"slug": w.guide.slug}, SIGN_IN, {}),
    "practice:plan": ("get", lambda w: {"slug": w.guide.slug}, SIGN_IN, {}),
    "practice:plan_remove": ("post", lambda w: {"slug": w.guide.slug}, SIGN_IN, {}),
    "practice:mock_session": ("get", lambda w: {"session_id": w.active.pk}, SIGN_IN, {}),
    "practice:mock_answer": (
        "post",
        lambda w: {"session_id": w.active.pk},
        SIGN_IN,
        {"position": 0, "answer": "x"},
    ),
    "practice:mock_reveal": (
        "post",
        lambda w: {"session_id": w.active.pk},
        SIGN_IN,
        {"position": 0},
    ),
    "practice:mock_rate": (
        "post",
        lambda w: {"session_id": w.active.pk},
        SIGN_IN,
        {"position": 0, "confidence": 3},
    ),
    "practice:mock_next": (
        "post",
        lambda w: {"session_id": w.active.pk},
        SIGN_IN,
        {"position": 0},
    ),
    "practice:mock_abandon": ("post", lambda w: {"session_id": w.active.pk}, SIGN_IN, {}),
    "practice:mock_summary": ("get", lambda w: {"session_id": w.finished.pk}, SIGN_IN, {}),
    "practice:mock_retry": ("post", lambda w: {"session_id": w.finished.pk}, SIGN_IN, {}),
    # Partner interviews: the person's own pages over the same sessions.
    "practice:partner_person": ("get", lambda w: {"session_id": w.active.pk}, SIGN_IN, {}),
    "practice:partner_person_live": ("get", lambda w: {"session_id": w.active.pk}, SIGN_IN, {}),
    "practice:partner_new_link": ("post", lambda w: {"session_id": w.active.pk}, SIGN_IN, {}),
    "practice:partner_revoke": ("post", lambda w: {"session_id": w.active.pk}, SIGN_IN, {}),
    "practice:partner_summary": ("get", lambda w: {"session_id": w.finished.pk}, SIGN_IN, {}),
    "practice:partner_rate": (
        "post",
        lambda w: {"session_id": w.finished.pk},
        SIGN_IN,
        {"position": "0", "confidence": "3"},
    ),
    "guide:my_guide_edit": ("get", _guide, SIGN_IN, {}),
    "guide:my_guide_archive": ("post", _guide, SIGN_IN, {"archived": "1"}),
    "guide:my_guide_delete": ("get", _guide, SIGN_IN, {}),
    "guide:my_section_new": ("get", _guide, SIGN_IN, {}),
    "guide:my_section_edit": ("get", _section, SIGN_IN, {}),
    "guide:my_section_move": ("post", _section, SIGN_IN, {"direction": "down"}),
    "guide:my_section_delete": ("get", _section, SIGN_IN, {}),
    "guide:my_question_new": ("get", _section, SIGN_IN, {}),
    "guide:my_question_edit": ("get", _question, SIGN_IN, {}),
    "guide:my_question_move": ("post", _question, SIGN_IN, {"direction": "down"}),
    "guide:my_question_delete": ("get", _question, SIGN_IN, {}),
    "practice:export_anki": ("get", lambda w: {"slug": w.guide.slug}, READ, {}),
    "guide:export_csv": ("get", lambda w: {"slug": w.guide.slug}, READ, {}),
    "guide:my_guide_export": ("get", _guide, SIGN_IN, {}),
    "guide:my_guide_publish": ("post", _guide, SIGN_IN, {"licence": "CC-BY-4.0"}),
    "guide:my_guide_unpublish": ("post", _guide, SIGN_IN, {}),
    "practice:library_guide": ("get", lambda w: {"slug": w.guide.slug}, READ, {}),
    "practice:library_practise": ("post", lambda w: {"slug": w.guide.slug}, SIGN_IN, {}),
    "practice:library_stop": ("post", lambda w: {"slug": w.guide.slug}, SIGN_IN, {}),
    "practice:library_copy": ("post", lambda w: {"slug": w.guide.slug}, SIGN_IN, {}),
    "practice:library_report": ("get", lambda w: {"slug": w.guide.slug}, SIGN_IN, {}),
    "guide:my_import_preview": ("get", _pending, SIGN_IN, {}),
    "guide:my_import_columns": (
        "post",
        _pending,
        SIGN_IN,
        {"front": "0", "back": "1", "section": "-1"},
    ),
    "guide:my_import_into": ("post", _pending, SIGN_IN, {"into": "new"}),
    "guide:my_import_confirm": ("post", _pending, SIGN_IN, {}),
    "practice:spoken_upload": (
        "post",
        lambda w: {"question_id": w.question.pk},
        READ,
        {"audio": _Recording()},
    ),
    "practice:spoken_answer": ("get", _spoken, SIGN_IN, {}),
    "practice:spoken_audio": ("get", _spoken, SIGN_IN, {}),
    "practice:spoken_delete": ("post", _spoken, SIGN_IN, {}),
    "practice:spoken_retry": ("post", _spoken, SIGN_IN, {}),
}
# Writes that the walk also sends to the pages that ask first (a delete confirmed, an edit
# saved): someone else's POST must change nothing either.
GUIDE_POSTS = {
    "practice:library_report": {"reason": "Spam"},
    "practice:plan": {"date": "2099-06-16", "time": "09:00", "target": "90"},
    "guide:my_guide_edit": {"title": "Taken over"},
    "guide:my_guide_delete": {},
    "guide:my_section_new": {"title": "Taken over"},
    "guide:my_section_edit": {"title": "Taken over"},
    "guide:my_section_delete": {},
    "guide:my_question_new": {"prompt": "Taken over?", "answer": "Yes."},
    "guide:my_question_edit": {"prompt": "Taken over?", "answer": "Yes."},
    "guide:my_question_delete": {},
}
# A partner interview's link patterns (practice/partner), with a token that opens nothing: the
# private guide's sessions have no link, and a link's holder is meant to see its questions.
WRONG_TOKEN = "no-such-partner-link-token-0123456789"
LINK_URLS = {
    "practice:partner_page": "get",
    "practice:partner_join": "post",
    "practice:partner_live": "get",
    "practice:partner_feedback": "post",
    "practice:partner_next": "post",
    "practice:partner_swap": "post",
}
# Patterns that take no guide: (method, query or data) to visit them with.
OTHER_URLS = {
    "healthz": ("get", {}),
    "practice:partner_enter": ("get", {"code": WRONG_TOKEN}),
    "practice:partner_start": ("post", {}),
    "accounts:signup": ("get", {}),
    "accounts:login": ("get", {}),
    "accounts:logout": ("post", {}),
    "accounts:password_change": ("get", {}),
    "accounts:password_change_done": ("get", {}),
    "accounts:password_reset": ("get", {}),
    "accounts:password_reset_done": ("get", {}),
    "accounts:password_reset_confirm": ("get", {}),
    "accounts:password_reset_complete": ("get", {}),
    "accounts:profile": ("get", {}),
    "accounts:time_zone": ("get", {}),
    "accounts:export_json": ("get", {}),
    "accounts:export_csv": ("get", {}),
    "accounts:spoken_answers": ("post", {"spoken_answers_kept": "5"}),
    "practice:spoken_download": ("get", {}),
    "accounts:delete": ("get", {}),
    "accounts:reminders": ("get", {}),
    "accounts:calendar_feed_new": ("post", {}),
    "accounts:calendar_feed_off": ("post", {}),
    "accounts:stop_reminders": ("get", {}),
    "practice:calendar_feed": ("get", {}),
    "guide:list": ("get", {}),
    "practice:home": ("get", {}),
    "practice:search": ("get", {"q": ANSWER_WORD}),
    "practice:review": ("get", {}),
    "practice:progress_overview": ("get", {}),
    "practice:mock_setup": ("get", {}),
    "practice:mock_history": ("get", {}),
    "guide:my_guides": ("get", {}),
    "guide:my_guide_new": ("get", {}),
    "guide:my_preview": ("post", {"answer": "Nothing of theirs"}),
    "guide:my_import": ("get", {}),
    "guide:my_import_sample": ("get", {}),
    "practice:library": ("get", {"q": "guide"}),
}


def test_every_url_pattern_is_walked():
    assert not set(GUIDE_URLS) & set(OTHER_URLS)
    assert sorted([*GUIDE_URLS, *OTHER_URLS, *LINK_URLS]) == sorted(project_patterns())


@pytest.mark.parametrize("name", sorted(LINK_URLS))
def test_a_partner_link_that_opens_nothing_answers_404(world, other_user, name):
    before = _snapshot()

    response = getattr(_client(other_user), LINK_URLS[name])(
        reverse(name, args=[WRONG_TOKEN]), {"position": "0", "display_name": "Eve"}
    )

    assert response.status_code == 404
    assert SECRET not in response.content.decode()
    assert _snapshot() == before


def _client(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _url(name, world) -> str:
    if name == "accounts:password_reset_confirm":
        return reverse(name, kwargs={"uidb64": "MQ", "token": "set-password"})
    if name in ("accounts:stop_reminders", "practice:calendar_feed"):
        return reverse(name, kwargs={"token": "not-a-real-token"})
    if name == "guide:my_import_sample":
        return reverse(name, kwargs={"name": "q-and-a"})
    _method, kwargs, _visitor, _data = GUIDE_URLS.get(name, (None, None, None, None))
    return reverse(name, kwargs=kwargs(world) if kwargs else {})


def _snapshot():
    return (
        list(Guide.objects.values_list("pk", "title", "archived", "content_version")),
        list(Question.objects.values_list("pk", "number", "prompt", "section_id")),
        ConfidenceRating.objects.count(),
        list(MockSession.objects.values_list("pk", "status", "position")),
        list(PendingImport.objects.values_list("pk", "columns")),
    )


@pytest.mark.parametrize("name", sorted(GUIDE_URLS))
@pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "htmx"])
def test_someone_elses_private_guide_answers_404(world, other_user, name, headers):
    method, _kwargs, _visitor, data = GUIDE_URLS[name]
    url = _url(name, world)
    before = _snapshot()

    response = getattr(_client(other_user), method)(url, data, **headers)

    assert response.status_code == 404, url
    assert SECRET not in response.content.decode()
    assert _snapshot() == before


@pytest.mark.parametrize("name", sorted(GUIDE_URLS))
@pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "htmx"])
def test_a_visitor_gets_404_or_is_asked_to_sign_in_first(world, name, headers):
    method, _kwargs, visitor, data = GUIDE_URLS[name]
    url = _url(name, world)
    before = _snapshot()

    response = getattr(_client(), method)(url, data, **headers)

    if visitor == READ:
        assert response.status_code == 404, url
    else:
        assert (response.status_code, response.url.split("?")[0]) == (302, LOGIN), url
    assert SECRET not in response.content.decode()
    assert _snapshot() == before


@pytest.mark.parametrize("name", sorted(GUIDE_POSTS))
def test_someone_elses_writes_to_a_private_guide_answer_404_and_change_nothing(
    world, other_user, name
):
    before = _snapshot()

    response = _client(other_user).post(_url(name, world), GUIDE_POSTS[name])

    assert response.status_code == 404
    assert _snapshot() == before


@pytest.mark.parametrize("name", sorted(GUIDE_URLS))
def test_the_owner_reaches_every_page_of_their_guide(world, owner, name):
    method, _kwargs, _visitor, data = GUIDE_URLS[name]

    response = getattr(_client(owner), method)(_url(name, world), data)

    # Found (a page, a redirect, or a step the session refuses as out of turn), never 404.
    assert response.status_code in {200, 302, 409}, name


@pytest.mark.parametrize("name", sorted(OTHER_URLS))
@pytest.mark.parametrize("role", ["other", "visitor"])
def test_no_other_page_shows_a_word_of_someone_elses_guide(world, other_user, name, role):
    method, data = OTHER_URLS[name]
    client = _client(other_user if role == "other" else None)

    for headers in ({}, HTMX):
        response = getattr(client, method)(_url(name, world), data, follow=True, **headers)
        assert response.status_code < 500, name
        body = response.getvalue() if response.streaming else response.content
        assert SECRET not in body.decode(), (name, headers)


def test_the_owner_finds_their_question_in_search_and_no_one_else_does(world, owner, other_user):
    url = reverse("practice:search")

    mine = _client(owner).get(url, {"q": ANSWER_WORD}).content.decode()
    theirs = _client(other_user).get(url, {"q": ANSWER_WORD}).content.decode()

    assert f"What is a {SECRET}?" in mine
    assert "0 results for" in theirs
    assert SECRET not in theirs


def test_a_mock_interview_of_someone_elses_guide_or_its_sections_is_refused(world, other_user):
    setup = reverse("practice:mock_setup")
    common = {"count": 1, "strategy": "random", "minutes": 3, "mode": "timed"}
    client = _client(other_user)

    whole = client.post(setup, common | {"guide": world.guide.pk})
    sections = client.post(
        setup,
        common
        | {"guide": world.question.section.guide_id, "sections": [world.question.section_id]},
    )

    assert whole.status_code == 400
    assert "Choose a guide from the list." in whole.content.decode()
    assert sections.status_code == 400
    assert MockSession.objects.filter(user=other_user).count() == 0


def test_the_owner_can_start_a_mock_interview_of_their_guide_and_its_sections(world, owner):
    MockSession.objects.filter(user=owner).update(status=MockSession.Status.FINISHED)
    data = {
        "guide": world.guide.pk,
        "sections": [world.question.section_id],
        "count": 1,
        "strategy": "random",
        "minutes": 3,
        "mode": "timed",
    }

    response = _client(owner).post(reverse("practice:mock_setup"), data)

    assert response.status_code == 302
    session = MockSession.objects.filter(user=owner).latest("id")
    assert [item.question for item in session.items.all()] == [world.question]


def test_the_review_queue_offers_the_owner_their_question_and_no_one_else(
    world, owner, other_user
):
    Question.objects.exclude(pk=world.question.pk).delete()
    ConfidenceRating.objects.all().delete()
    owner.question_progress.all().delete()

    mine = _client(owner).get(reverse("practice:review")).content.decode()
    theirs = _client(other_user).get(reverse("practice:review")).content.decode()

    assert f"What is a {SECRET}?" in mine
    assert SECRET not in theirs


def test_someone_elses_download_holds_none_of_the_guide(world, owner, other_user):
    mine = json.loads(_client(owner).get(reverse("accounts:export_json")).getvalue())
    theirs = json.loads(_client(other_user).get(reverse("accounts:export_json")).getvalue())

    assert [guide["title"] for guide in mine["guides"]] == [f"The {SECRET} guide"]
    assert theirs["guides"] == []


def test_a_visitors_cached_guide_page_is_never_the_private_one(world, owner):
    """The whole-page cache serves visitors only, who find no private guide: once the owner
    has seen it, a visitor still gets 404."""
    url = world.guide.get_absolute_url()
    _client(owner).get(url)

    first, second = _client().get(url), _client().get(url)

    assert (first.status_code, second.status_code) == (404, 404)


@pytest.mark.parametrize("query", ["", "?answer=shown"])
def test_a_visitors_cached_question_page_is_never_the_private_one(world, owner, other_user, query):
    """The question page's content is kept per guide version and its whole page for
    visitors: once the owner has read it, someone else and a visitor still get 404."""
    url = world.question.get_absolute_url() + query
    assert _client(owner).get(url).status_code == 200

    pages = [_client().get(url), _client().get(url), _client(other_user).get(url)]

    assert [page.status_code for page in pages] == [404, 404, 404]
