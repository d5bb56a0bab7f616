"""Bad-input corpus: every URL that takes input gets malformed values (wrong types, out of
range, 100 KB strings, NUL bytes, unknown and other users' ids, missing CSRF, wrong method).
The app must answer 4xx, never 500, and leave the data unchanged.

Sign-in throttling records (django-axes) and sessions are left out of the comparison: a
refused sign-in is meant to be counted.
"""

import pytest
from django.apps import apps
from django.test import Client
from django.utils import timezone

from guide.models import Question
from practice.mock_interviews import services as interviews
from practice.models import MockSession
from practice.services import rate_question

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
def world(seed_guide, owner, other_user):
    now = timezone.now()
    questions = list(Question.objects.live().in_guide(seed_guide).in_order())
    rate_question(user=owner, question=questions[0], confidence=3)

    def session_of(user, status=MockSession.Status.ACTIVE):
        session = interviews.start_mock_session(
            user=user,
            guide=seed_guide,
            questions=questions[:2],
            strategy=MockSession.Strategy.RANDOM,
            minutes_per_question=3,
            timed=True,
            now=now,
        )
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
        [("get", "/search/", {"q": HUGE}), ("get", "/search/", {"q": "bias\x00"})]
        + [("post", "/search/", {"q": "bias"})],
    )


def test_reading_pages_refuse_unknown_ids_and_wrong_methods(client, world):
    send_all(
        client,
        [
            ("get", "/guides/no-such-guide/", {}),
            ("get", "/guides/ai-ml-interview/questions/0/", {}),
            ("get", "/guides/ai-ml-interview/questions/99999/", {}),
            ("get", "/guides/ai-ml-interview/questions/" + "9" * 40 + "/", {}),
            ("get", "/guides/" + "a" * 5000 + "/", {}),
            ("get", "/guides/no-such-guide/tips/", {}),
            ("post", "/guides/ai-ml-interview/", {}),
            ("post", "/guides/ai-ml-interview/questions/1/", {}),
            ("post", "/", {}),
            ("post", "/healthz", {}),
        ],
    )


def test_rating_refuses_malformed_confidence_unknown_questions_and_get(owner_client, world):
    url = f"/questions/{world['question'].pk}/rate/"
    requests = [("post", url, {"confidence": value}) for value in WRONG_TYPES + ["0", "6"]]
    requests += [
        ("post", url, {}),
        ("post", "/questions/999999/rate/", {"confidence": "3"}),
        ("get", url, {"confidence": "3"}),
        ("post", url, {"confidence": ["3", "4"], "seconds": HUGE})[:2] + ({"confidence": "7"},),
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


@pytest.mark.parametrize("action", ["answer/", "reveal/", "rate/", "abandon/"])
def test_finished_sessions_refuse_changes(owner_client, world, action):
    path = f"/mock/{world['finished'].pk}/{action}"
    send_all(owner_client, [("post", path, {"position": "0", "confidence": "3", "answer": "x"})])


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
        "/accounts/delete/",
        "/accounts/logout/",
        "/accounts/password/change/",
    ]
    before = snapshot()
    for path in paths:
        data = {"confidence": "3", "position": "0", "password": "x", "text": "x"}
        response = client.post(path, data)
        assert response.status_code == 403, path
    assert snapshot() == before
