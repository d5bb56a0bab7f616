"""Bad-input corpus: every URL that takes input gets malformed values (wrong types, out of
range, 100 KB strings, NUL bytes, unknown and other users' ids, missing CSRF, wrong method).
The app must answer 4xx, never 500, and leave the data unchanged; crafted uploads
(`tests/bad_files.py`) are refused with their reason.

Sign-in throttling records (django-axes) and sessions are left out of the comparison: a
refused sign-in is meant to be counted.
"""

import html

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from accounts.models import Preferences, stop_reminders_token
from practice.models import MockSession
from practice.rating import rate_question
from tests.bad_files import CRAFTED
from tests.factories import QuestionFactory, SectionFactory, start_mock

HUGE = "x" * 100_000
WRONG_TYPES = ["abc", "1.5", "-1", "", "0x10", "\x00", "[]", HUGE, "9" * 5000]
SKIPPED_TABLES = {"axes", "sessions", "admin"}


def snapshot():
    """Every row of every table we own (and users), as plain values."""
    rows = {}
    for model in apps.get_models():
        if model._meta.app_label in SKIPPED_TABLES:
            continue
        fields = [field.attname for field in model._meta.concrete_fields]
        rows[model._meta.label] = sorted(
            (tuple(str(value) for value in row) for row in model.objects.values_list(*fields)),
        )
    return rows


@pytest.fixture
def world(owner, other_user):
    section = SectionFactory(guide__slug="ml", number=1)
    questions = [QuestionFactory(section=section, number=number) for number in (1, 2)]
    rate_question(user=owner, question=questions[0], confidence=3)

    def session_of(user, status=MockSession.Status.ACTIVE):
        session = start_mock(user=user, questions=questions)
        MockSession.objects.filter(pk=session.pk).update(status=status)
        return session

    return {
        "question": questions[0],
        "active": session_of(owner),
        "finished": session_of(owner, MockSession.Status.FINISHED),
        "theirs": session_of(other_user),
    }


@pytest.fixture
def owner_client(owner):
    client = Client()
    client.force_login(owner)
    return client


def assert_refused(response):
    assert 400 <= response.status_code < 500, (response.status_code, response.content[:300])


def send_all(client, requests):
    before = snapshot()
    for method, path, data in requests:
        assert_refused(getattr(client, method)(path, data))
    assert snapshot() == before


def test_search_refuses_malformed_queries(client, world):
    send_all(
        client,
        [
            ("get", "/search/", {"q": HUGE}),
            ("get", "/search/", {"q": "bias\x00"}),
            ("post", "/search/", {"q": "bias"}),
        ],
    )


def test_reading_pages_refuse_unknown_ids_and_wrong_methods(client, world):
    send_all(
        client,
        [
            ("get", "/guides/no-such-guide/", {}),
            ("get", "/guides/ml/questions/0/", {}),
            ("get", "/guides/ml/questions/99999/", {}),
            ("get", "/guides/ml/questions/" + "9" * 40 + "/", {}),
            ("get", "/guides/" + "a" * 5000 + "/", {}),
            ("get", "/guides/no-such-guide/tips/", {}),
            ("post", "/guides/ml/", {}),
            ("post", "/guides/ml/questions/1/", {}),
            ("post", "/", {}),
            ("post", "/healthz", {}),
        ],
    )


def test_rating_refuses_malformed_confidence_unknown_questions_and_get(owner_client, world):
    url = f"/questions/{world['question'].pk}/rate/"
    requests = [("post", url, {"confidence": value}) for value in [*WRONG_TYPES, "0", "6"]]
    requests += [
        ("post", url, {}),
        ("post", "/questions/999999/rate/", {"confidence": "3"}),
        ("post", "/questions/" + "9" * 30 + "/rate/", {"confidence": "3"}),
        ("get", url, {"confidence": "3"}),
        ("post", url, {"confidence": ["3", "4"], "seconds": HUGE}),
        ("post", url, {"confidence": "7", "seconds": "9" * 100_000}),
    ]
    send_all(owner_client, requests)


def test_my_answer_notes_refuse_huge_or_nul_text_unknown_questions_and_get(owner_client, world):
    url = f"/questions/{world['question'].pk}/note/"
    send_all(
        owner_client,
        [
            ("post", url, {"text": HUGE}),
            ("post", url, {"text": "nul\x00byte"}),
            ("post", url, {}),
            ("get", url, {"text": "x"}),
            ("post", "/questions/999999/note/", {"text": "x"}),
            ("post", f"/questions/{'9' * 30}/note/", {"text": "x"}),
        ],
    )


def test_mock_setup_refuses_malformed_values(owner_client, world):
    guide = world["question"].section.guide_id
    good = {"guide": guide, "count": 2, "strategy": "random", "minutes": 3, "mode": "timed"}
    requests = []
    for field in good:
        for value in WRONG_TYPES:
            requests.append(("post", "/mock/", good | {field: value}))
    requests += [
        ("post", "/mock/", good | {"count": 999}),
        ("post", "/mock/", good | {"minutes": 11}),
        ("post", "/mock/", good | {"sections": ["999999"]}),
        ("post", "/mock/", good | {"sections": ["abc"]}),
        ("post", "/mock/", good | {"sections": ["999999999999999999999"]}),
        ("post", "/mock/", {}),
    ]
    send_all(owner_client, requests)


@pytest.mark.parametrize("action", ["answer", "reveal", "rate", "next"])
def test_mock_steps_refuse_malformed_positions_and_answers(owner_client, world, action):
    path = f"/mock/{world['active'].pk}/{action}/"
    requests = [("post", path, {"position": value, "confidence": "3"}) for value in WRONG_TYPES]
    requests += [
        ("post", path, {"position": "5000", "confidence": "3"}),
        ("post", path, {"position": "1", "confidence": "3", "answer": "late"}),
        ("get", path, {}),
    ]
    if action in {"answer", "reveal"}:
        requests.append(("post", path, {"position": "0", "answer": HUGE}))
        requests.append(("post", path, {"position": "0", "answer": "nul\x00byte"}))
    if action == "rate":
        requests += [("post", path, {"position": "0", "confidence": v}) for v in WRONG_TYPES]
    send_all(owner_client, requests)


@pytest.mark.parametrize(
    "action", ["", "answer/", "reveal/", "rate/", "next/", "abandon/", "summary/", "retry/"]
)
def test_mock_urls_refuse_other_users_and_unknown_sessions(owner_client, world, action):
    method = "get" if action in {"", "summary/"} else "post"
    data = {"position": "0", "confidence": "3", "answer": "x"}
    send_all(
        owner_client,
        [
            (method, f"/mock/{world['theirs'].pk}/{action}", data),
            (method, f"/mock/999999/{action}", data),
            (method, f"/mock/{'9' * 30}/{action}", data),
        ],
    )


def test_retry_of_a_running_session_is_refused(owner_client, world):
    send_all(owner_client, [("post", f"/mock/{world['active'].pk}/retry/", {})])


def test_account_forms_refuse_malformed_values(client, owner, world):
    requests = [
        ("post", "/accounts/login/", {"username": HUGE, "password": HUGE}),
        ("post", "/accounts/login/", {"username": "owner\x00", "password": "x"}),
        ("post", "/accounts/signup/", {"username": HUGE, "password1": "a", "password2": "b"}),
        ("post", "/accounts/signup/", {"username": "new\x00", "password1": "x", "password2": "x"}),
        ("post", "/accounts/signup/", {}),
        ("post", "/accounts/signup/", {"username": "new", "password1": "x", "time_zone": HUGE}),
        ("post", "/accounts/password/reset/", {"email": HUGE}),
        ("post", "/accounts/password/reset/", {"email": "not-an-email"}),
    ]
    send_all(client, requests)


def test_signed_in_account_forms_refuse_malformed_values(owner_client, world):
    requests = [
        ("post", "/accounts/profile/", {"email": HUGE}),
        ("post", "/accounts/profile/", {"email": "nope"}),
        ("post", "/accounts/profile/time-zone/", {"time_zone": HUGE}),
        ("post", "/accounts/profile/time-zone/", {"time_zone": "Europe/London\x00"}),
        ("post", "/accounts/profile/time-zone/", {}),
        ("get", "/accounts/profile/time-zone/", {}),
        ("post", "/accounts/profile/reminders/", {"reminders": "on", "reminder_time": HUGE}),
        ("post", "/accounts/profile/reminders/", {"reminders": "on", "reminder_time": "24:00"}),
        ("post", "/accounts/profile/reminders/", {"reminder_time": "08:00\x00"}),
        ("post", "/accounts/profile/reminders/", {"reminders": "on"}),
        ("get", "/accounts/profile/reminders/", {}),
        ("get", "/accounts/profile/calendar/new/", {}),
        ("get", "/accounts/profile/calendar/off/", {}),
        ("post", "/accounts/delete/", {"password": HUGE}),
        ("post", "/accounts/delete/", {}),
        ("post", "/accounts/password/change/", {"old_password": HUGE}),
        ("post", "/accounts/profile/data.json", {}),
        ("post", "/accounts/profile/data.csv", {}),
        ("post", "/review/", {}),
        ("post", "/progress/", {}),
        ("get", "/progress/no-such-guide/", {}),
    ]
    send_all(owner_client, requests)


@pytest.fixture
def own_guide(owner, other_user):
    """The owner's own guide (one section, one question) and someone else's."""
    mine = QuestionFactory(section__guide__owner=owner, section__guide__slug="mine-a1b2c3")
    theirs = QuestionFactory(section__guide__owner=other_user, section__guide__slug="t-a1b2c3")
    return {"mine": mine, "theirs": theirs}


def _editor_paths(question) -> dict[str, str]:
    guide, section = question.section.guide_id, question.section_id
    base = f"/my/guides/{guide}"
    return {
        "edit": f"{base}/edit/",
        "archive": f"{base}/archive/",
        "delete": f"{base}/delete/",
        "section_new": f"{base}/sections/new/",
        "section_edit": f"{base}/sections/{section}/edit/",
        "section_move": f"{base}/sections/{section}/move/",
        "section_delete": f"{base}/sections/{section}/delete/",
        "question_new": f"{base}/sections/{section}/questions/new/",
        "question_edit": f"{base}/questions/{question.pk}/edit/",
        "question_move": f"{base}/questions/{question.pk}/move/",
        "question_delete": f"{base}/questions/{question.pk}/delete/",
    }


def test_the_guide_editor_refuses_malformed_values(owner_client, own_guide):
    paths = _editor_paths(own_guide["mine"])
    good_question = {"prompt": "Q?", "answer": "A.", "pro_tip": ""}
    requests = [
        ("post", "/my/guides/new/", {"title": HUGE}),
        ("post", "/my/guides/new/", {"title": "nul\x00"}),
        ("post", "/my/guides/new/", {}),
        ("post", "/my/guides/new/", {"title": "Fine", "intro": HUGE}),
        ("post", paths["edit"], {"title": ""}),
        ("post", paths["edit"], {"title": "x", "level": HUGE}),
        ("post", paths["section_new"], {"title": HUGE}),
        ("post", paths["section_edit"], {"title": "\x00"}),
        ("post", paths["question_new"], good_question | {"answer": HUGE}),
        ("post", paths["question_new"], good_question | {"prompt": "\x00"}),
        ("post", paths["question_new"], good_question | {"preview": "1", "answer": HUGE}),
        ("post", paths["question_edit"], good_question | {"pro_tip": HUGE}),
        ("post", paths["question_edit"], {}),
        ("post", "/my/guides/preview/", {"answer": HUGE}),
        ("post", "/my/guides/preview/", {"pro_tip": HUGE}),
        ("get", "/my/guides/preview/", {}),
        ("get", paths["archive"], {}),
        ("get", paths["section_move"], {"direction": "up"}),
        ("post", "/my/guides/", {}),
    ]
    for value in [*WRONG_TYPES, "sideways", "UP"]:
        requests.append(("post", paths["section_move"], {"direction": value}))
        requests.append(("post", paths["question_move"], {"direction": value}))
        requests.append(("post", paths["archive"], {"archived": value}))
    send_all(owner_client, requests)


def test_the_guide_editor_refuses_other_peoples_and_unknown_ids(owner_client, own_guide):
    theirs = _editor_paths(own_guide["theirs"])
    mine = own_guide["mine"]
    requests = [("post", path, {"title": "x", "direction": "up"}) for path in theirs.values()]
    requests += [("get", path, {}) for path in theirs.values()]
    # A section or question of someone else's guide, addressed through the owner's own guide.
    theirs_question = own_guide["theirs"]
    base = f"/my/guides/{mine.section.guide_id}"
    requests += [
        ("post", f"{base}/sections/{theirs_question.section_id}/delete/", {}),
        ("post", f"{base}/questions/{theirs_question.pk}/delete/", {}),
        ("post", f"{base}/questions/{theirs_question.pk}/move/", {"direction": "up"}),
        ("post", "/my/guides/999999/delete/", {}),
        ("get", f"/my/guides/{'9' * 30}/edit/", {}),
    ]
    send_all(owner_client, requests)


def test_reminder_stop_links_and_calendar_feeds_refuse_forged_or_unknown_tokens(
    client, owner, world
):
    Preferences.objects.create(user=owner, reminders=True, calendar_token="the-real-token")
    signed = stop_reminders_token(owner)
    requests = [
        ("get", f"/accounts/reminders/stop/{signed}x/", {}),
        ("post", f"/accounts/reminders/stop/{signed}x/", {}),
        ("post", f"/accounts/reminders/stop/{HUGE}/", {}),
        ("post", "/accounts/reminders/stop/%00/", {}),
        ("put", f"/accounts/reminders/stop/{signed}/", {}),
        ("get", "/calendar/the-real-tokenx.ics", {}),
        ("get", f"/calendar/{HUGE}.ics", {}),
        ("get", "/calendar/%00.ics", {}),
        ("post", "/calendar/the-real-token.ics", {}),
    ]
    send_all(client, requests)


def test_every_post_without_a_csrf_token_is_forbidden(owner, world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    session = world["active"].pk
    paths = [
        f"/questions/{world['question'].pk}/rate/",
        f"/questions/{world['question'].pk}/note/",
        "/mock/",
        f"/mock/{session}/answer/",
        f"/mock/{session}/reveal/",
        f"/mock/{session}/rate/",
        f"/mock/{session}/next/",
        f"/mock/{session}/abandon/",
        f"/mock/{world['finished'].pk}/retry/",
        "/accounts/profile/",
        "/accounts/profile/time-zone/",
        "/accounts/profile/reminders/",
        "/accounts/profile/calendar/new/",
        "/accounts/profile/calendar/off/",
        f"/accounts/reminders/stop/{stop_reminders_token(owner)}/",
        "/accounts/delete/",
        "/accounts/logout/",
        "/accounts/password/change/",
        "/my/guides/new/",
        "/my/guides/preview/",
    ]
    mine = QuestionFactory(section__guide__owner=owner)
    paths += _editor_paths(mine).values()
    before = snapshot()
    for path in paths:
        data = {"confidence": "3", "position": "0", "password": "x", "text": "x"}
        response = client.post(path, data)
        assert response.status_code == 403, path
    assert snapshot() == before


@pytest.mark.parametrize("name", CRAFTED)
def test_crafted_uploads_are_refused_with_the_reason_and_nothing_stored(
    owner_client, world, name, django_assert_max_num_queries
):
    filename, content, reason = CRAFTED[name]
    before = snapshot()

    # A handful of queries (session, user, the person's guides): the file is refused right
    # after reading, before any row is rendered or written.
    with django_assert_max_num_queries(8):
        response = owner_client.post(
            "/my/guides/import/",
            {"format": "auto", "into": "new", "file": SimpleUploadedFile(filename, content)},
        )

    assert_refused(response)
    assert reason in html.unescape(response.content.decode())
    assert snapshot() == before
