"""Every page of the site, seen by a visitor, a member and staff, as a full page and as an
htmx fragment, plus the error pages, the lockout page and the password-reset email: none
shows template syntax (`{# ... #}` spanning lines, a tag split over lines), nor does the
reminder email, and every full page carries one meta description of its own.

The table URL_KWARGS names every URL pattern of the project; a new pattern fails
`test_every_url_pattern_of_the_project_is_visited` until it gets an entry here.
"""

import re
from dataclasses import dataclass
from datetime import timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.template import engines
from django.test import Client, RequestFactory
from django.urls import URLResolver, get_resolver, include, path, reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.models import Preferences, stop_reminders_token
from guide.models import Guide, PendingImport
from practice.mock_interviews import services as interviews
from practice.models import InterviewDate, MockSession, PartnerLink, SpokenAnswer
from practice.partner.services import hash_secret
from practice.plans.reminders import send_reminders
from practice.services import save_answer_note
from tests.factories import GuideFactory, QuestionFactory, SectionFactory, TipFactory

FEED_TOKEN = "the-owners-feed-token"
TEMPLATE_SYNTAX = ("{#", "#}", "{%", "%}", "{{", "}}")
HTMX = {"HTTP_HX_REQUEST": "true"}
PASSWORD = "correct horse battery staple"


# What a person sees of a page


class _PageReader(HTMLParser):
    """Collects the text a person sees (or hears) and the page's meta descriptions."""

    SHOWN_ATTRIBUTES = {"alt", "title", "placeholder", "aria-label"}
    HIDDEN_ELEMENTS = {"script", "style"}

    def __init__(self):
        super().__init__()
        self.texts: list[str] = []
        self.descriptions: list[str] = []
        self.hidden_depth = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        # The import page quotes sample files, whose Anki cloze notes hold {{c1::…}}.
        if tag in self.HIDDEN_ELEMENTS or "import-example" in (attributes.get("class") or ""):
            self.hidden_depth += 1
        if tag == "meta" and attributes.get("name") == "description":
            self.descriptions.append(attributes.get("content") or "")
        self.texts += [value for name, value in attrs if name in self.SHOWN_ATTRIBUTES and value]

    def handle_endtag(self, tag):
        if tag in self.HIDDEN_ELEMENTS or tag == "pre":
            self.hidden_depth = max(self.hidden_depth - 1, 0)

    def handle_data(self, data):
        if not self.hidden_depth:
            self.texts.append(data)


def read_page(html: str) -> _PageReader:
    reader = _PageReader()
    reader.feed(html)
    reader.close()
    return reader


def syntax_in(text: str) -> list[str]:
    return [mark for mark in TEMPLATE_SYNTAX if mark in text]


def default_description() -> str | None:
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    html = engines["django"].from_string('{% extends "base.html" %}').render({}, request)
    return next(iter(read_page(html).descriptions), None)


def page_problems(label: str, response, default: str, expect_error=False) -> list[str]:
    """What is wrong with one response: template syntax in its visible text; for a full page
    of the project, not exactly one meta description of its own; for any page, a 500."""
    if response.status_code >= 500 and not expect_error:
        return [f"{label}: answered {response.status_code}"]
    if not response.get("Content-Type", "").startswith("text/html"):
        return []
    html = response.content.decode()
    page = read_page(html)
    problems = [
        f"{label}: shows {marks} in {text.strip()[:80]!r}"
        for text in page.texts + page.descriptions
        if (marks := syntax_in(text))
    ]
    is_full_page = "<html" in html
    is_admin = "/admin/" in label
    if is_full_page and not is_admin:
        descriptions = [text.strip() for text in page.descriptions]
        if len(descriptions) != 1 or not descriptions[0]:
            problems.append(f"{label}: meta descriptions {descriptions!r}, wanted one")
        elif descriptions[0] == default:
            problems.append(f"{label}: has only the default meta description")
    return problems


# The site: one guide with a section, a question and a tip; an empty guide; an owner with an
# active and a finished mock interview, and a private guide of their own with one question.


@dataclass
class Site:
    guide: object
    empty_guide: object
    question: object
    tip: object
    active: MockSession
    finished: MockSession
    owner: object
    staff: object
    own_question: object


@pytest.fixture
def site(owner, staff_user):
    section = SectionFactory(
        guide__title="Systems design", guide__slug="systems-design", number=1, title="Caching"
    )
    guide = section.guide
    question = QuestionFactory(
        section=section,
        number=1,
        prompt="What is a cache, and when does it go stale?",
        answer="A **fast store** in front of a slow one; $O(1)$ reads.",
    )
    tip = TipFactory(guide=guide)
    empty_guide = GuideFactory(title="Empty guide", slug="empty-guide", level="", role="")
    now = timezone.now()
    options = {
        "user": owner,
        "guide": guide,
        "questions": [question],
        "strategy": MockSession.Strategy.RANDOM,
        "minutes_per_question": 3,
        "timed": True,
    }
    finished = interviews.start_mock_session(**options, now=now - timedelta(hours=1))
    interviews.reveal(session=finished, position=0, text="A fast store in front", now=now)
    interviews.rate_item(session=finished, position=0, confidence=3, now=now)
    finished = interviews.advance(session=finished, from_position=0, now=now)
    active = interviews.start_mock_session(**options, now=now)
    save_answer_note(user=owner, question=question, text="My **own** words, $x^2$.")
    InterviewDate.objects.create(
        user=owner, guide=guide, interview_on=now.date() + timedelta(days=10)
    )
    Preferences.objects.create(
        user=owner, reminders=True, reminder_time="00:00", calendar_token=FEED_TOKEN
    )
    own_question = QuestionFactory(
        section__guide__owner=owner,
        section__guide__title="My notes",
        section__guide__slug="my-notes-a1b2c3",
        number=1,
        answer="Write $x^2$ **bold**.",
    )
    SpokenAnswer.objects.create(
        user=owner,
        question=question,
        audio=ContentFile(b"RIFF\x00\x00\x00\x00WAVE", name="answer.wav"),
        content_type="audio/wav",
        size=12,
        created_at=now,
        status=SpokenAnswer.Status.DONE,
        transcript="Um, a fast store in front of a slow one.",
        words=[{"word": " Um,", "start": 0.0, "end": 0.3}],
        key_points=[{"text": "fast store", "status": "covered", "sentence": "A fast store."}],
        duration_seconds=3.0,
        talk_seconds=2.5,
        words_per_minute=144,
        filler_count=1,
        fillers={"um": 1},
        longest_pause_seconds=0.4,
    )
    return Site(
        guide, empty_guide, question, tip, active, finished, owner, staff_user, own_question
    )


def reset_kwargs(site):
    return {
        "uidb64": urlsafe_base64_encode(force_bytes(site.owner.pk)),
        "token": default_token_generator.make_token(site.owner),
    }


def guide_kwargs(site):
    return {"slug": site.guide.slug}


def active_kwargs(site):
    return {"session_id": site.active.pk}


def finished_kwargs(site):
    return {"session_id": site.finished.pk}


def spoken_kwargs(site):
    return {"answer_id": SpokenAnswer.objects.get(user=site.owner).pk}


def no_kwargs(site):
    return {}


PARTNER_TOKEN = "the-owners-partner-link-token-0123456789"


def _partnered(site):
    """A running partner interview of the owner, made on first use, with a known token."""
    link = PartnerLink.objects.filter(token_hash=hash_secret(PARTNER_TOKEN)).first()
    if link is not None:
        return link.session
    session = interviews.start_mock_session(
        user=site.owner,
        guide=site.guide,
        questions=[site.question],
        strategy=MockSession.Strategy.RANDOM,
        minutes_per_question=3,
        timed=True,
        now=timezone.now(),
    )
    PartnerLink.objects.create(
        session=session, token_hash=hash_secret(PARTNER_TOKEN), created_at=timezone.now()
    )
    return session


def partner_token_kwargs(site):
    _partnered(site)
    return {"token": PARTNER_TOKEN}


def partnered_kwargs(site):
    return {"session_id": _partnered(site).pk}


def own_guide_kwargs(site):
    return {"guide_id": site.own_question.section.guide_id}


def own_section_kwargs(site):
    return own_guide_kwargs(site) | {"section_id": site.own_question.section_id}


def own_question_kwargs(site):
    return own_guide_kwargs(site) | {"question_id": site.own_question.pk}


def pending_kwargs(site):
    """A CSV file waiting for its import to be confirmed, whose columns are guessed."""
    pending, _created = PendingImport.objects.get_or_create(
        owner=site.owner,
        filename="words.csv",
        defaults={"format": "csv", "data": b"hola,hello\nadios,goodbye\n"},
    )
    return {"import_id": pending.pk}


def library_kwargs(site):
    """A guide of staff's published to the library (every visitor may open its page)."""
    guide, _created = Guide.objects.get_or_create(
        slug="shared-notes-d4e5f6",
        defaults={
            "title": "Shared notes",
            "owner": site.staff,
            "published_at": timezone.now(),
            "licence": "CC-BY-4.0",
        },
    )
    return {"slug": guide.slug}


# Example arguments for every named URL pattern of the project (the admin's are Django's).
URL_KWARGS = {
    "healthz": no_kwargs,
    "accounts:signup": no_kwargs,
    "accounts:login": no_kwargs,
    "accounts:logout": no_kwargs,
    "accounts:password_change": no_kwargs,
    "accounts:password_change_done": no_kwargs,
    "accounts:password_reset": no_kwargs,
    "accounts:password_reset_done": no_kwargs,
    "accounts:password_reset_confirm": reset_kwargs,
    "accounts:password_reset_complete": no_kwargs,
    "accounts:profile": no_kwargs,
    "accounts:time_zone": no_kwargs,
    "accounts:reminders": no_kwargs,
    "accounts:calendar_feed_new": no_kwargs,
    "accounts:calendar_feed_off": no_kwargs,
    "accounts:stop_reminders": lambda site: {"token": stop_reminders_token(site.owner)},
    "accounts:export_json": no_kwargs,
    "accounts:spoken_answers": no_kwargs,
    "practice:spoken_upload": lambda site: {"question_id": site.question.pk},
    "practice:spoken_download": no_kwargs,
    "practice:spoken_answer": spoken_kwargs,
    "practice:spoken_audio": spoken_kwargs,
    "practice:spoken_delete": spoken_kwargs,
    "practice:spoken_retry": spoken_kwargs,
    "accounts:export_csv": no_kwargs,
    "accounts:delete": no_kwargs,
    "practice:rate": lambda site: {"question_id": site.question.pk},
    "practice:answer_note": lambda site: {"question_id": site.question.pk},
    "practice:check_answer": lambda site: {"question_id": site.question.pk},
    "practice:review": no_kwargs,
    "practice:progress_overview": no_kwargs,
    "practice:progress": guide_kwargs,
    "practice:plan": guide_kwargs,
    "practice:plan_remove": guide_kwargs,
    "practice:calendar_feed": lambda site: {"token": FEED_TOKEN},
    "practice:home": no_kwargs,
    "practice:mock_setup": no_kwargs,
    "practice:mock_history": no_kwargs,
    "practice:mock_session": active_kwargs,
    "practice:mock_answer": active_kwargs,
    "practice:mock_reveal": active_kwargs,
    "practice:mock_rate": active_kwargs,
    "practice:mock_next": active_kwargs,
    "practice:mock_abandon": active_kwargs,
    "practice:mock_summary": finished_kwargs,
    "practice:mock_retry": finished_kwargs,
    "practice:partner_enter": no_kwargs,
    "practice:partner_start": no_kwargs,
    "practice:partner_page": partner_token_kwargs,
    "practice:partner_join": partner_token_kwargs,
    "practice:partner_live": partner_token_kwargs,
    "practice:partner_feedback": partner_token_kwargs,
    "practice:partner_next": partner_token_kwargs,
    "practice:partner_swap": partner_token_kwargs,
    "practice:partner_person": partnered_kwargs,
    "practice:partner_person_live": partnered_kwargs,
    "practice:partner_new_link": partnered_kwargs,
    "practice:partner_revoke": partnered_kwargs,
    "practice:partner_summary": partnered_kwargs,
    "practice:partner_rate": partnered_kwargs,
    "guide:list": no_kwargs,
    "practice:search": no_kwargs,
    "practice:guide": guide_kwargs,
    "guide:tips": guide_kwargs,
    "practice:question": lambda site: {"slug": site.guide.slug, "number": site.question.number},
    "guide:my_guides": no_kwargs,
    "guide:my_guide_new": no_kwargs,
    "guide:my_preview": no_kwargs,
    "guide:my_guide_edit": own_guide_kwargs,
    "guide:my_guide_archive": own_guide_kwargs,
    "guide:my_guide_delete": own_guide_kwargs,
    "guide:my_section_new": own_guide_kwargs,
    "guide:my_section_edit": own_section_kwargs,
    "guide:my_section_move": own_section_kwargs,
    "guide:my_section_delete": own_section_kwargs,
    "guide:my_question_new": own_section_kwargs,
    "guide:my_question_edit": own_question_kwargs,
    "guide:my_question_move": own_question_kwargs,
    "guide:my_question_delete": own_question_kwargs,
    "practice:export_anki": guide_kwargs,
    "guide:export_csv": guide_kwargs,
    "guide:my_guide_export": own_guide_kwargs,
    "guide:my_import": no_kwargs,
    "guide:my_import_preview": pending_kwargs,
    "guide:my_import_columns": pending_kwargs,
    "guide:my_import_confirm": pending_kwargs,
    "guide:my_import_into": pending_kwargs,
    "guide:my_import_sample": lambda site: {"name": "anki"},
    "guide:my_guide_publish": own_guide_kwargs,
    "guide:my_guide_unpublish": own_guide_kwargs,
    "practice:library": no_kwargs,
    "practice:library_guide": library_kwargs,
    "practice:library_practise": library_kwargs,
    "practice:library_stop": library_kwargs,
    "practice:library_copy": library_kwargs,
    "practice:library_report": library_kwargs,
}


def extra_paths(site) -> list[str]:
    """The same pages in their other states."""
    question = reverse("practice:question", args=[site.guide.slug, site.question.number])
    return [
        f"{question}?answer=shown",
        reverse("practice:review") + "?answer=shown",
        reverse("practice:review") + "?ahead=1",
        reverse("practice:review") + "?ahead=1&answer=shown",
        reverse("practice:plan", args=[site.empty_guide.slug]),
        reverse("practice:search") + "?q=cache",
        reverse("practice:search") + "?q=nothing-matches-this",
        reverse("practice:search") + "?q=" + "x" * 201,
        reverse("practice:guide", args=[site.empty_guide.slug]),
        reverse("guide:tips", args=[site.empty_guide.slug]),
        reverse("practice:progress", args=[site.empty_guide.slug]),
        reverse("practice:mock_session", args=[site.finished.pk]),
        reverse("practice:mock_summary", args=[site.active.pk]),
        site.own_question.section.guide.get_absolute_url(),
        site.own_question.get_absolute_url(),
        site.own_question.get_revealed_url(),
        reverse("accounts:stop_reminders", args=["not-a-signed-token"]),
    ]


def library_guide(site):
    return Guide.objects.get(slug=library_kwargs(site)["slug"])


def admin_paths(site, role) -> list[str]:
    """The admin's index (its sign-in page for others), and for staff a page of each kind."""
    if role != "staff":
        return [reverse("admin:index")]
    return [
        reverse("admin:index"),
        reverse("admin:guide_guide_changelist"),
        reverse("admin:guide_guide_change", args=[site.guide.pk]),
        reverse("admin:guide_section_change", args=[site.question.section_id]),
        reverse("admin:guide_question_change", args=[site.question.pk]),
        reverse("admin:guide_question_add"),
        reverse("admin:guide_tip_change", args=[site.tip.pk]),
        reverse("admin:guide_libraryguide_changelist"),
        reverse("admin:guide_libraryguide_change", args=[library_guide(site).pk]),
        reverse("admin:guide_guidereport_changelist"),
    ]


def project_patterns(patterns=None, namespace="") -> list[str]:
    """The qualified name of every URL pattern outside the admin."""
    names = []
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            names += project_patterns(entry.url_patterns, inner)
        else:
            names.append(f"{namespace}{entry.name}" if entry.name else f"unnamed {entry.pattern}")
    return names


def test_every_url_pattern_of_the_project_is_visited():
    assert sorted(project_patterns()) == sorted(URL_KWARGS)


def test_no_template_comment_or_tag_is_split_over_lines():
    """Django reads `{# #}`, `{% %}` and `{{ }}` on one line only: split, they are printed."""
    opened_not_closed = re.compile(r"\{#(?!.*#\})|\{%(?!.*%\})|\{\{(?!.*\}\})")
    split = [
        f"{path.relative_to(settings.BASE_DIR)}:{number}: {line.strip()}"
        for path in sorted(Path(settings.BASE_DIR, "templates").rglob("*.*"))
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if opened_not_closed.search(line)
    ]

    assert split == []


def client_for(site, role) -> Client:
    client = Client()
    user = {"visitor": None, "member": site.owner, "staff": site.staff}[role]
    if user is not None:
        client.force_login(user)
    return client


def every_path(site, role) -> list[str]:
    paths = [reverse(name, kwargs=kwargs(site)) for name, kwargs in URL_KWARGS.items()]
    return paths + extra_paths(site) + admin_paths(site, role)


@pytest.mark.parametrize("role", ["visitor", "member", "staff"])
def test_every_page_shows_no_template_syntax_and_has_a_meta_description(site, role):
    client = client_for(site, role)
    paths = every_path(site, role)
    default = default_description()

    problems = []
    for page in paths:
        for headers, how in [({}, ""), (HTMX, " (htmx)")]:
            response = client.get(page, follow=True, **headers)
            problems += page_problems(f"{role} GET {page}{how}", response, default)

    assert not problems, "\n".join(problems)


def test_fragments_and_pages_after_each_post_show_no_template_syntax(site):
    client = client_for(site, "member")
    default = default_description()
    active, finished = site.active, site.finished
    rate = reverse("practice:rate", args=[site.question.pk])
    own = own_guide_kwargs(site)
    own_section, own_question = own_section_kwargs(site), own_question_kwargs(site)
    pending = pending_kwargs(site)
    note = reverse("practice:answer_note", args=[site.question.pk])

    def url(name, session):
        return reverse(f"practice:{name}", args=[session.pk])

    posts = [
        (rate, {"confidence": "4"}, HTMX),
        (rate, {"confidence": "4", "next": reverse("practice:review")}, HTMX),
        (rate, {"confidence": "9"}, HTMX),
        (rate, {"confidence": "4"}, {}),
        (note, {"text": "Edited *words*"}, HTMX),
        (note, {"text": "x" * 10_001}, HTMX),
        (note, {"text": "x" * 10_001}, {}),
        (note, {"text": "Edited again", "next": reverse("practice:review")}, {}),
        (note, {"text": ""}, HTMX),
        (note, {"text": "Back"}, {}),
        (url("mock_answer", active), {"position": "0", "answer": "A fast store"}, HTMX),
        (url("mock_answer", active), {"position": "7", "answer": "Wrong place"}, HTMX),
        (url("mock_answer", active), {"position": "0", "answer": "Again"}, {}),
        (url("mock_rate", active), {"position": "0", "confidence": "4"}, HTMX),
        (url("mock_reveal", active), {"position": "nine"}, HTMX),
        (url("mock_reveal", active), {"position": "0", "answer": "A fast store"}, HTMX),
        (url("mock_rate", active), {"position": "0", "confidence": "9"}, HTMX),
        (url("mock_rate", active), {"position": "0", "confidence": "4"}, HTMX),
        (url("mock_answer", active), {"position": "0", "answer": "Too late"}, HTMX),
        (url("mock_rate", active), {"position": "0", "confidence": "5"}, {}),
        (url("mock_next", active), {"position": "0"}, {}),
        (url("mock_reveal", finished), {"position": "0"}, HTMX),
        (url("mock_reveal", finished), {"position": "0"}, {}),
        (url("mock_abandon", finished), {}, {}),
        (url("mock_retry", finished), {}, {}),
        (reverse("practice:mock_setup"), {"count": "99"}, {}),
        (reverse("practice:plan", args=[site.guide.slug]), {"date": "soon", "target": "9"}, {}),
        (reverse("practice:plan", args=[site.guide.slug]), {"date": "2099-01-01"}, {}),
        (reverse("practice:plan_remove", args=[site.guide.slug]), {}, {}),
        (reverse("practice:plan_remove", args=[site.guide.slug]), {}, {}),
        (reverse("accounts:profile"), {"email": "not an email"}, {}),
        (reverse("accounts:time_zone"), {"time_zone": "Mars/Olympus_Mons"}, {}),
        (reverse("accounts:time_zone"), {"time_zone": "Pacific/Auckland"}, {}),
        (reverse("accounts:reminders"), {"reminders": "on", "reminder_time": "soon"}, {}),
        (reverse("accounts:reminders"), {"reminders": "on", "reminder_time": "07:00"}, {}),
        (reverse("accounts:reminders"), {"reminder_time": "07:00"}, {}),
        (reverse("accounts:calendar_feed_new"), {}, {}),
        (reverse("accounts:calendar_feed_new"), {}, {}),
        (reverse("accounts:calendar_feed_off"), {}, {}),
        (reverse("accounts:stop_reminders", args=[stop_reminders_token(site.owner)]), {}, {}),
        (reverse("accounts:stop_reminders", args=["not-a-signed-token"]), {}, {}),
        (reverse("accounts:password_change"), {"old_password": "wrong"}, {}),
        (reverse("accounts:delete"), {"password": "wrong"}, {}),
        (reverse("guide:my_preview"), {"answer": "A **fast** $x^2$", "pro_tip": "Say so"}, HTMX),
        (reverse("guide:my_preview"), {"answer": "x" * 20_001}, HTMX),
        (reverse("guide:my_guide_new"), {"title": ""}, {}),
        (reverse("guide:my_guide_edit", kwargs=own), {"title": "x" * 201}, {}),
        (reverse("guide:my_section_new", kwargs=own), {"title": ""}, {}),
        (reverse("guide:my_question_new", kwargs=own_section), {"prompt": ""}, {}),
        (reverse("guide:my_question_new", kwargs=own_section), {"preview": "1"}, {}),
        (
            reverse("guide:my_question_edit", kwargs=own_question),
            {"preview": "1", "answer": "$x^2$"},
            {},
        ),
        (reverse("guide:my_question_move", kwargs=own_question), {"direction": "sideways"}, {}),
        (reverse("guide:my_guide_archive", kwargs=own), {"archived": "1"}, {}),
        (reverse("guide:my_guide_archive", kwargs=own), {"archived": "0"}, {}),
        (reverse("guide:my_import"), {"format": "csv", "into": "new"}, {}),
        (reverse("guide:my_import_columns", kwargs=pending), {"front": "0", "back": "0"}, {}),
        (
            reverse("guide:my_import_columns", kwargs=pending),
            {"front": "1", "back": "0", "section": "-1"},
            {},
        ),
        (reverse("guide:my_import_into", kwargs=pending), {"into": "new"}, {}),
        (reverse("guide:my_import_confirm", kwargs=pending), {}, {}),
    ]
    problems = []
    for page, data, headers in posts:
        response = client.post(page, data, follow=True, **headers)
        how = " (htmx)" if headers else ""
        problems += page_problems(f"member POST {page} {data}{how}", response, default)

    # The one retried session, abandoned: its summary carries a message.
    retried = MockSession.objects.filter(user=site.owner).latest("id")
    response = client.post(url("mock_abandon", retried), follow=True)
    problems += page_problems("member POST abandon", response, default)

    assert not problems, "\n".join(problems)


def cache_directives(response) -> set[str]:
    return {
        part.strip().split("=")[0].lower()
        for part in response.get("Cache-Control", "").split(",")
        if part.strip()
    }


@pytest.mark.parametrize("role", ["member", "staff"])
def test_no_response_to_a_signed_in_person_may_be_stored_by_any_cache(site, role):
    client = client_for(site, role)
    rate = reverse("practice:rate", args=[site.question.pk])
    mock_answer = reverse("practice:mock_answer", args=[site.active.pk])

    responses = [
        (f"GET {page}{how}", client.get(page, **headers))
        for page in every_path(site, role)
        for headers, how in [({}, ""), (HTMX, " (htmx)")]
    ]
    responses += [
        (f"POST {page}", client.post(page, data, **HTMX))
        for page, data in [
            (rate, {"confidence": "4"}),
            (mock_answer, {"position": "0", "answer": "A fast store"}),
        ]
    ]

    leaks = [
        f"{label}: {response.status_code} Cache-Control {response.get('Cache-Control')!r}"
        for label, response in responses
        if not {"private", "no-store"} <= cache_directives(response)
    ]
    assert not leaks, "\n".join(leaks)


def test_the_calendar_feed_may_be_kept_by_the_calendar_app_but_no_shared_cache(site):
    response = Client().get(reverse("practice:calendar_feed", args=[FEED_TOKEN]))

    assert response.status_code == 200
    assert "private" in cache_directives(response)
    assert "public" not in cache_directives(response)


def test_form_errors_for_visitors_show_no_template_syntax(site):
    client = Client()
    default = default_description()
    posts = [
        (reverse("accounts:signup"), {"username": "", "password1": "a", "password2": "b"}),
        (reverse("accounts:login"), {"username": "nobody", "password": "wrong"}),
        (reverse("accounts:password_reset"), {"email": "not an email"}),
        (reverse("accounts:logout"), {}),
    ]
    problems = []
    for page, data in posts:
        response = client.post(page, data, follow=True)
        problems += page_problems(f"visitor POST {page}", response, default)

    assert not problems, "\n".join(problems)


def test_the_lockout_page_shows_no_template_syntax(site):
    client = Client()
    login = reverse("accounts:login")
    for _ in range(4):
        client.post(login, {"username": site.owner.username, "password": "wrong"})

    locked = client.post(login, {"username": site.owner.username, "password": "wrong"})

    assert locked.status_code == 429
    assert not page_problems("lockout", locked, default_description())


def test_the_password_reset_email_and_its_link_show_no_template_syntax(site):
    client = Client()
    client.post(reverse("accounts:password_reset"), {"email": site.owner.email})

    (email,) = mail.outbox
    link = re.search(r"http://testserver(/\S+)", email.body).group(1)
    page = client.get(link, follow=True)

    assert syntax_in(email.subject) == []
    assert syntax_in(email.body) == []
    assert "\n" not in email.subject
    assert "Choose a new password" in page.content.decode()
    assert not page_problems("reset link", page, default_description())


def test_the_reminder_email_and_its_stop_link_show_no_template_syntax(site):
    # A day later the question rated in the finished mock interview is due again.
    send_reminders(now=timezone.now() + timedelta(days=1))

    (email,) = mail.outbox
    html, _kind = email.alternatives[0]
    link = re.search(rf"{re.escape(settings.SITE_URL)}(/accounts/reminders/stop/\S+)", email.body)
    page = Client().get(link.group(1))

    assert "Due now: 1 question." in email.body
    assert syntax_in(email.subject) == []
    assert syntax_in(email.body) == []
    assert "\n" not in email.subject
    assert [text for text in read_page(html).texts if syntax_in(text)] == []
    assert "Stop reminder emails" in page.content.decode()
    assert not page_problems("stop link", page, default_description())


# Error pages, through Django's own handlers: a URL configuration with views that fail.


def _forbidden(request):
    raise PermissionDenied


def _broken(request):
    raise RuntimeError("A bug, for the 500 page.")


urlpatterns = [
    path("test-forbidden/", _forbidden),
    path("test-broken/", _broken),
    path("", include("config.urls")),
]


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("role", ["visitor", "member"])
def test_error_pages_show_no_template_syntax_and_have_a_meta_description(site, role):
    client = client_for(site, role)
    client.raise_request_exception = False
    csrf_client = Client(enforce_csrf_checks=True)
    if role == "member":
        csrf_client.force_login(site.owner)
    default = default_description()

    responses = {
        400: client.get("/", HTTP_HOST="bad host name"),
        403: client.get("/test-forbidden/"),
        404: client.get("/no-such-page/"),
        500: client.get("/test-broken/"),
        "403 csrf": csrf_client.post(reverse("accounts:profile"), {"email": "a@example.com"}),
    }

    assert [response.status_code for response in responses.values()] == [400, 403, 404, 500, 403]
    problems = [
        problem
        for name, response in responses.items()
        for problem in page_problems(f"{role} {name}", response, default, expect_error=True)
    ]
    assert not problems, "\n".join(problems)


# What the meta descriptions say


def description_of(response) -> str:
    (description,) = read_page(response.content.decode()).descriptions
    return description


def test_the_guide_page_is_described_by_its_title_level_role_and_counts(client, site):
    url = reverse("practice:guide", args=[site.guide.slug])
    expected = (
        "Systems design — Mid-Level (2–5 Years) · General / Mixed Role. "
        "1 interview question with model answers, in 1 section."
    )

    first, cached = client.get(url), client.get(url)
    client.force_login(site.owner)
    member = client.get(url)

    assert [description_of(page) for page in (first, cached, member)] == [expected] * 3


def test_a_question_page_is_described_by_its_prompt_as_plain_text_cut_to_155_characters(
    client, site
):
    prompt = "Compare <b>B-trees</b> & LSM trees " + "in depth " * 30
    QuestionFactory(section=site.question.section, number=2, prompt=prompt)

    response = client.get(reverse("practice:question", args=[site.guide.slug, 2]))

    assert description_of(response) == prompt[:154] + "…"
