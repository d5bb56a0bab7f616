"""SQL queries per page for a signed-in user with ratings on every question and an interview
in three weeks, at 15 and at 1,500 questions: the two columns must be equal. Uses a
throwaway SQLite database."""

import os
import sys
from datetime import timedelta

os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
os.environ["DATABASE_URL"] = "sqlite:///" + sys.argv[1]

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

from guide.models import Guide, Question, Section  # noqa: E402
from practice.mock_interviews import services as interviews  # noqa: E402
from practice.models import InterviewDate, MockSession  # noqa: E402
from practice.rating import rate_question  # noqa: E402
from tests.factories import UserFactory  # noqa: E402

PAGES = [
    ("home", "/"),
    ("guide", "/guides/{slug}/"),
    ("question", "/guides/{slug}/questions/1/?answer=shown"),
    ("search", "/search/?q=question"),
    ("review", "/review/"),
    ("progress", "/progress/{slug}/"),
    ("plan", "/plan/{slug}/"),
    ("mock setup", "/mock/"),
    ("mock question", "/mock/{session}/"),
    ("mock history", "/mock/history/"),
]


def build(question_count: int):
    from django.utils import timezone

    guide = Guide.objects.create(title=f"Guide {question_count}", slug=f"g{question_count}")
    sections = [Section.objects.create(guide=guide, number=n, title=f"S{n}") for n in range(1, 5)]
    questions = [
        Question(
            section=sections[n % 4],
            number=n,
            prompt=f"Question {n}?",
            answer="**Key** point.",
            answer_html="<p><strong>Key</strong> point.</p>",
        )
        for n in range(1, question_count + 1)
    ]
    Question.objects.bulk_create(questions)
    Guide.content_changed(guide.pk)
    user = UserFactory(username=f"reader{question_count}")
    for question in Question.objects.filter(section__guide=guide):
        rate_question(user=user, question=question, confidence=question.number % 5 + 1)
    # An interview ahead: the header, home, review and plan pages then follow its plan.
    InterviewDate.objects.create(
        user=user, guide=guide, interview_on=timezone.localdate() + timedelta(days=21)
    )
    session = interviews.start_mock_session(
        user=user,
        guide=guide,
        questions=list(Question.objects.filter(section__guide=guide)[:5]),
        strategy=MockSession.Strategy.RANDOM,
        minutes_per_question=3,
        timed=True,
        now=timezone.now(),
    )
    return guide, user, session


def count(user, url):
    client = Client()
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(queries)


def main():
    setup_test_environment()
    call_command("migrate", verbosity=0)
    results = {}
    for size in (15, 1500):
        guide, user, session = build(size)
        for name, pattern in PAGES:
            url = pattern.format(slug=guide.slug, session=session.pk)
            results.setdefault(name, {})[size] = count(user, url)
    for name, counts in results.items():
        print(f"{name}\t{counts[15]}\t{counts[1500]}")


if __name__ == "__main__":
    main()
