"""The SQL each signed-in page runs, pinned: a person who rated every question of a guide and
has an interview coming (so the header's count follows a plan), asking a page the second time
(the first fills the caches of content and plans). The same number whether the guide has 3 or
12 questions, and whether each was rated once or three times: a page's queries do not grow
with the guide or the person's history.

Test settings keep sessions in the database (one query), where production reads them from
Redis; the user is one more. A page that does not compute the day itself reads the header's
count kept from the first request (practice/plans/header.py): one query for its version
instead of three to count (review and plan compute the day for their own body)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from practice.models import InterviewDate
from practice.rating import rate_question
from tests.factories import GuideFactory, QuestionFactory, SectionFactory, start_mock

PAGES = {
    "guide": ("/guides/{slug}/", 5),
    "question, answer shown": ("/guides/{slug}/questions/2/?answer=shown", 7),
    "review": ("/review/", 9),
    "progress": ("/progress/{slug}/", 8),
    "plan": ("/plan/{slug}/", 8),
    "mock setup": ("/mock/", 5),
    "mock history": ("/mock/history/", 5),
    "library": ("/library/", 7),
}


def _reader_with_history(owner, *, questions: int, ratings_each: int):
    guide = GuideFactory(slug="ml")
    sections = [SectionFactory(guide=guide, number=n) for n in (1, 2)]
    rows = [QuestionFactory(section=sections[n % 2], number=n) for n in range(1, questions + 1)]
    start = timezone.now() - timedelta(days=20)
    for round_ in range(ratings_each):
        for offset, question in enumerate(rows):
            at = start + timedelta(days=round_ * 5, hours=offset)
            rate_question(user=owner, question=question, confidence=offset % 5 + 1, at=at)
    InterviewDate.objects.create(
        user=owner, guide=guide, interview_on=timezone.localdate() + timedelta(days=21)
    )
    start_mock(user=owner, questions=rows[:2])
    return guide


@pytest.mark.parametrize(("questions", "ratings_each"), [(3, 1), (12, 3)])
@pytest.mark.parametrize("page", PAGES)
def test_a_signed_in_page_runs_the_same_few_queries_whatever_the_history(
    client, owner, django_assert_num_queries, page, questions, ratings_each
):
    guide = _reader_with_history(owner, questions=questions, ratings_each=ratings_each)
    client.force_login(owner)
    pattern, expected = PAGES[page]
    url = pattern.format(slug=guide.slug)
    assert client.get(url).status_code == 200

    with django_assert_num_queries(expected):
        response = client.get(url)

    assert response.status_code == 200
