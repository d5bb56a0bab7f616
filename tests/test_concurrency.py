"""Integrity under concurrent requests against a live server (real threads, real
connections).

They run on SQLite and on PostgreSQL; the PostgreSQL pass of CI is the one that matters for
production (row locks instead of SQLite's single writer)."""

import threading
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core.servers.basehttp import ThreadedWSGIServer
from django.test import Client
from django.test.testcases import LiveServerThread
from django.utils import timezone

from guide.models import Question
from practice.mock_interviews import services as interviews
from practice.models import ConfidenceRating, MockSession, QuestionProgress
from practice.rating import replay_history
from tests.factories import QuestionFactory, UserFactory, start_mock

pytestmark = [pytest.mark.concurrency, pytest.mark.django_db(transaction=True)]

CSRF_SECRET = "a" * 32


class RoomyServer(ThreadedWSGIServer):
    # Django's test server queues only a few connections; fifty at once would be reset.
    request_queue_size = 128


class RoomyServerThread(LiveServerThread):
    server_class = RoomyServer


@pytest.fixture
def server_url(transactional_db):
    thread = RoomyServerThread("localhost", StaticFilesHandler, port=0)
    thread.daemon = True
    thread.start()
    thread.is_ready.wait()
    if thread.error:
        raise thread.error
    yield f"http://localhost:{thread.port}"
    thread.terminate()


def signed_in_cookie(user) -> str:
    client = Client()
    client.force_login(user)
    return f"sessionid={client.cookies['sessionid'].value}; csrftoken={CSRF_SECRET}"


def post(url, data: str, cookie: str, *, htmx=False) -> int:
    headers = {
        "Cookie": cookie,
        "X-CSRFToken": CSRF_SECRET,
        "Content-Type": "application/x-www-form-urlencoded",
    }
    if htmx:
        headers["HX-Request"] = "true"
    request = urllib.request.Request(url, data=data.encode(), headers=headers, method="POST")
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=60) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def fire_together(count, send):
    """Start `count` requests at once (a barrier releases them together)."""
    barrier = threading.Barrier(count)

    def go(index):
        barrier.wait()
        return send(index)

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(go, range(count)))


def test_fifty_concurrent_ratings_keep_history_and_schedule_consistent(server_url):
    user = UserFactory()
    question = QuestionFactory(section__guide__slug="ml")
    cookie = signed_in_cookie(user)
    url = f"{server_url}/questions/{question.pk}/rate/"

    statuses = fire_together(
        50, lambda i: post(url, f"confidence={i % 5 + 1}&seconds={i}", cookie, htmx=True)
    )

    assert statuses == [200] * 50
    assert ConfidenceRating.objects.filter(user=user, question=question).count() == 50
    assert QuestionProgress.objects.filter(user=user, question=question).count() == 1
    progress = QuestionProgress.objects.get(user=user, question=question)
    stored = (progress.confidence, progress.rating_count, progress.due, progress.stability)
    stored += (progress.difficulty, progress.state, progress.step, progress.last_review)
    replayed = replay_history(QuestionProgress.objects.get(user=user, question=question))
    assert stored == (
        replayed.confidence,
        replayed.rating_count,
        replayed.due,
        replayed.stability,
        replayed.difficulty,
        replayed.state,
        replayed.step,
        replayed.last_review,
    )
    assert progress.rating_count == 50


def test_concurrent_next_question_submissions_never_skip_or_duplicate(server_url):
    user = UserFactory()
    section = QuestionFactory(section__guide__slug="ml", number=1).section
    for number in range(2, 5):
        QuestionFactory(section=section, number=number)
    questions = list(Question.objects.filter(section=section).order_by("number"))
    session = start_mock(user=user, questions=questions)
    cookie = signed_in_cookie(user)
    url = f"{server_url}/mock/{session.pk}/next/"

    for position in range(3):
        statuses = fire_together(10, lambda i, p=position: post(url, f"position={p}", cookie))
        assert set(statuses) == {302}
        session.refresh_from_db()
        assert session.position == position + 1

    started = list(session.items.order_by("position").values_list("started_at", flat=True))
    assert all(started)
    assert started == sorted(started)


def test_simultaneous_retries_of_one_session_make_one_new_session(server_url):
    user = UserFactory()
    question = QuestionFactory(section__guide__slug="ml")
    session = start_mock(user=user, questions=[question])
    interviews.abandon(session=session, now=timezone.now())
    cookie = signed_in_cookie(user)
    url = f"{server_url}/mock/{session.pk}/retry/"

    statuses = fire_together(8, lambda i: post(url, "", cookie))

    assert statuses == [302] * 8
    assert MockSession.objects.filter(user=user).count() == 2
    assert MockSession.objects.filter(user=user, retried_from=session).count() == 1
