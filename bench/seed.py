"""Fill the benchmark database: users who rated every question, signed in. Prints JSON with
their cookies and the question ids. Run with DJANGO_SETTINGS_MODULE=bench.settings."""

import json
import sys
from datetime import timedelta

import django

django.setup()

from django.contrib.auth import (  # noqa: E402
    BACKEND_SESSION_KEY,
    HASH_SESSION_KEY,
    SESSION_KEY,
    get_user_model,
)
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.utils import timezone  # noqa: E402

from guide.models import Question  # noqa: E402
from practice.services import rate_question  # noqa: E402

CSRF_SECRET = "b" * 32


def main(user_count: int):
    questions = list(Question.objects.live())
    start = timezone.now() - timedelta(days=30)
    cookies = []
    for index in range(user_count):
        user, _ = get_user_model().objects.get_or_create(username=f"bench{index}")
        for offset, question in enumerate(questions):
            if not question.progress.filter(user=user).exists():
                at = start + timedelta(hours=offset)
                rate_question(user=user, question=question, confidence=offset % 5 + 1, at=at)
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        cookies.append(f"sessionid={session.session_key}; csrftoken={CSRF_SECRET}")
    print(
        json.dumps(
            {"cookies": cookies, "questions": [q.pk for q in questions], "csrf": CSRF_SECRET}
        )
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10)
