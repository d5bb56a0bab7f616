"""The header's count of today's work is kept between pages (practice/plans/header.py): a
page that does not compute the day itself reads the kept count, and every write of the
person's that can change it shows on their very next page; the clock moving on (a question
coming due) shows without any write; someone else's write shows within a minute.

The search page draws the header and computes no day of its own, so it reads the kept count
(the home, the review and the plan pages compute the day anyway: see test_cache.py)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from guide import services as guide_services
from guide.models import Guide, Question
from practice.models import Confidence, InterviewDate, TodayVersion
from practice.plans.header import KEPT_SECONDS
from practice.rating import change_rating, rate_question
from tests.factories import GuideFactory, QuestionFactory, SectionFactory
from tests.practice.plans.test_plan_page import (
    NOW,
    header_count,
    make_guide,
    plan_url,
    questions_of,
    set_interview,
    text_of,
)

SEARCH = reverse("practice:search")
PASSWORD = "correct horse battery staple"  # tests.factories.UserFactory's


def header(client) -> int:
    return header_count(client.get(SEARCH))


def rated_days_ago(user, questions, *, days=3):
    """Each question rated No idea `days` ago: due now."""
    for question in questions:
        rate_question(user=user, question=question, confidence=1, at=NOW - timedelta(days=days))


def queries_of(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        client.get(SEARCH)
    return len(queries)


def test_the_count_is_counted_once_then_kept(client, owner, clock):
    guide = make_guide(6)
    rated_days_ago(owner, questions_of(guide)[:3])
    set_interview(owner, guide, days=10, budget=20)
    client.force_login(owner)

    first, second = queries_of(client), queries_of(client)

    # Upcoming interviews, the guide's outline (kept per content version, so read once), the
    # planned guide's rows, the other guides' due rows and those coming due in the minute.
    assert first - second == 5
    assert header(client) == 3 + 1


def test_a_rating_shows_on_the_next_page(client, owner, clock):
    guide = make_guide(4)
    rated_days_ago(owner, questions_of(guide)[:3])
    client.force_login(owner)
    assert header(client) == 3

    response = client.post(
        reverse("practice:rate", args=[questions_of(guide)[0].pk]),
        {"confidence": Confidence.NAILED_IT},
    )

    assert response.status_code == 302
    assert header(client) == 2


def test_a_corrected_rating_shows_on_the_next_page(client, owner, clock):
    guide = make_guide(4)
    rated_days_ago(owner, questions_of(guide)[:2])
    _progress, rating = rate_question(user=owner, question=questions_of(guide)[2], confidence=1)
    clock.advance(minutes=2)  # No idea: back after a minute
    client.force_login(owner)
    assert header(client) == 3

    # A mock interview's double submit: it was Nailed it, which is not due for days.
    change_rating(rating, confidence=Confidence.NAILED_IT)

    assert header(client) == 2


def test_an_interview_date_saved_or_removed_shows_on_the_next_page(client, owner, clock):
    guide = make_guide(6)
    client.force_login(owner)
    assert header(client) == 0

    client.post(plan_url(guide), {"date": str(NOW.date() + timedelta(days=2)), "target": "90"})
    # The home counts the day afresh: the kept count says the same.
    assert header(client) == header_count(client.get("/")) == 6
    client.post(reverse("practice:plan_remove", args=[guide.slug]))

    assert header(client) == 0


def test_a_question_coming_due_counts_without_any_write(client, owner, clock):
    guide = make_guide(4)
    # Rated Good at 08:00: FSRS wants it again ten minutes later.
    rate_question(user=owner, question=questions_of(guide)[0], confidence=Confidence.GOOD)
    client.force_login(owner)
    assert header(client) == 0

    clock.advance(minutes=11)

    assert header(client) == 1


@pytest.mark.parametrize("interview", [False, True])
def test_questions_coming_due_within_the_minute_count_as_they_come_without_counting_again(
    client, owner, clock, interview
):
    guide, other = make_guide(4), make_guide(2, slug="other")
    if interview:
        set_interview(owner, guide, days=7)
    # Rated Good: FSRS wants each again ten minutes later, 20 seconds apart.
    rate_question(user=owner, question=questions_of(other)[0], confidence=Confidence.GOOD)
    clock.advance(seconds=20)
    rate_question(user=owner, question=questions_of(guide)[0], confidence=Confidence.GOOD)
    client.force_login(owner)
    clock.advance(minutes=9, seconds=30)
    before = header(client)

    counts = []
    for _step in range(2):
        clock.advance(seconds=20)
        with CaptureQueriesContext(connection) as queries:
            counts.append(header(client))
        assert not [q for q in queries if "questionprogress" in q["sql"]]

    assert counts == [before + 1, before + 2]


def test_with_an_interview_a_question_coming_back_counts_when_its_time_comes(client, owner, clock):
    guide = make_guide(10)
    set_interview(owner, guide, days=7)
    rate_question(user=owner, question=questions_of(guide)[0], confidence=Confidence.GOOD)
    client.force_login(owner)
    before = header(client)

    clock.advance(minutes=11)

    assert header(client) == before + 1


def library_guide(author):
    """`author`'s published guide of three questions."""
    guide = GuideFactory(owner=author, slug="shared", title="Shared", published_at=NOW)
    section = SectionFactory(guide=guide)
    questions = [QuestionFactory(section=section, number=n) for n in (1, 2, 3)]
    return guide, questions


@pytest.fixture
def practised(client, owner, other_user, clock):
    """Someone else's published guide the owner practises, signed in, its three questions
    rated three days ago (due now)."""
    guide, questions = library_guide(other_user)
    client.force_login(owner)
    client.post(reverse("practice:library_practise", args=[guide.slug]))
    rated_days_ago(owner, questions)
    return guide


def test_stopping_and_taking_up_a_library_guide_shows_on_the_next_page(client, practised):
    guide = practised
    assert header(client) == 3

    client.post(reverse("practice:library_stop", args=[guide.slug]))
    stopped = header(client)
    client.post(reverse("practice:library_practise", args=[guide.slug]))

    assert stopped == 0
    assert header(client) == 3


def test_changes_to_my_own_guide_show_on_the_next_page(client, owner, clock):
    guide = GuideFactory(owner=owner, slug="mine")
    section = SectionFactory(guide=guide)
    questions = [QuestionFactory(section=section, number=n) for n in (1, 2, 3)]
    rated_days_ago(owner, questions)
    client.force_login(owner)
    assert header(client) == 3

    Question.objects.filter(pk=questions[0].pk).update(archived=True)
    Guide.content_changed(guide.pk)
    archived = header(client)
    guide_services.delete(guide)

    assert archived == 2
    assert header(client) == 0


def test_an_authors_change_shows_on_their_readers_next_page(client, practised):
    guide = practised
    assert header(client) == 3

    Question.objects.filter(section__guide=guide, number=1).update(archived=True)
    Guide.content_changed(guide.pk)

    assert header(client) == 2


def test_someone_elses_write_shows_within_a_minute(client, owner, clock):
    guide = make_guide(4)
    rated_days_ago(owner, questions_of(guide)[:3])
    client.force_login(owner)
    assert header(client) == 3

    # Staff archive a question the person has due: the pages follow at once, the kept count
    # within KEPT_SECONDS.
    Question.objects.filter(pk=questions_of(guide)[0].pk).update(archived=True)
    Guide.content_changed(guide.pk)
    clock.advance(seconds=KEPT_SECONDS + 1)

    assert header(client) == 2


def test_every_person_has_a_today_version_from_sign_up(client, db):
    client.post(
        reverse("accounts:signup"),
        {"username": "newcomer", "password1": PASSWORD, "password2": PASSWORD},
    )

    assert TodayVersion.objects.filter(user__username="newcomer", version=0).exists()


def test_two_people_never_see_each_others_kept_counts(client, owner, other_user, clock):
    guide = make_guide(4)
    rated_days_ago(owner, questions_of(guide)[:3])
    rated_days_ago(other_user, questions_of(guide)[:1])

    for _round in range(2):
        client.force_login(owner)
        assert header(client) == 3
        client.force_login(other_user)
        assert header(client) == 1


def test_a_person_with_interviews_and_library_guides_can_delete_their_account(
    client, owner, practised
):
    set_interview(owner, make_guide(3), days=5)
    assert header(client) > 0

    response = client.post(reverse("accounts:delete"), {"password": PASSWORD}, follow=True)

    assert "Your account and all your practice data have been deleted." in text_of(response)
    assert not InterviewDate.objects.exists()
    assert not TodayVersion.objects.filter(user_id=owner.pk).exists()
