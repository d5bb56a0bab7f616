"""Seed partner interviews for bench/partner_load.py and print what the load needs as JSON:
per interview its session id, partner link token, and the person's and the partner's cookies.
Run with DJANGO_SETTINGS_MODULE=bench.settings (after migrate and import_guide).
    python bench/partner_seed.py [INTERVIEWS]
"""

import json
import sys

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.utils import timezone  # noqa: E402
from django.utils.module_loading import import_string  # noqa: E402

from bench.scenarios import CSRF_SECRET, GUIDE, session_cookie  # noqa: E402
from guide.models import Guide, Question  # noqa: E402
from practice.mock_interviews.services import start_mock_session  # noqa: E402
from practice.models import MockSession  # noqa: E402
from practice.partner import services  # noqa: E402

QUESTIONS = 5


def partner_cookie(link, seat_key) -> str:
    store = import_string(f"{settings.SESSION_ENGINE}.SessionStore")()
    store[f"partner-seat:{link.pk}"] = seat_key
    store.save()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}; csrftoken={CSRF_SECRET}"


def seed(count: int) -> list[dict]:
    guide = Guide.objects.get(slug=GUIDE)
    questions = list(Question.objects.live().in_guide(guide).in_order()[:QUESTIONS])
    users = get_user_model()
    interviews = []
    now = timezone.now()
    for number in range(count):
        user, _ = users.objects.get_or_create(username=f"partner-bench-{number}")
        session = start_mock_session(
            user=user,
            guide=guide,
            questions=questions,
            strategy=MockSession.Strategy.RANDOM,
            minutes_per_question=3,
            timed=True,
            now=now,
        )
        link, token = services.invite(session=session, now=now)
        seat_key = services.join(link=link, display_name=f"Friend {number}", now=now)
        interviews.append(
            {
                "session": session.pk,
                "token": token,
                "person_cookie": session_cookie(user),
                "partner_cookie": partner_cookie(link, seat_key),
            }
        )
    return interviews


if __name__ == "__main__":
    print(json.dumps(seed(int(sys.argv[1]) if len(sys.argv) > 1 else 200)))
