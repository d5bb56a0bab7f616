"""Today's plans are kept in the cache (practice/plans/cache.py): every write a person can
notice shows up on the very next page, and no one is shown another person's day."""

from datetime import timedelta

from django.urls import reverse

from guide.models import Guide
from practice.models import Confidence
from practice.rating import change_rating, rate_question
from tests.factories import QuestionFactory
from tests.practice.plans.test_plan_page import (
    NOW,
    header_count,
    make_guide,
    plan_url,
    questions_of,
    review_text,
    set_interview,
    text_of,
)


def due_in_plan(user, guide, count):
    """`count` questions rated No idea three days ago (due now), and an interview in 10
    days with room for all of them today."""
    for question in questions_of(guide)[:count]:
        rate_question(user=user, question=question, confidence=1, at=NOW - timedelta(days=3))
    set_interview(user, guide, days=10, budget=20)


def test_a_rating_lowers_the_header_count_and_the_review_page_at_once(client, owner, clock):
    guide = make_guide(6)
    due_in_plan(owner, guide, 3)
    client.force_login(owner)
    assert header_count(client.get("/")) == 3 + 1  # and one new question today
    assert "3 reviews for today" in review_text(client)

    first = questions_of(guide)[0]
    response = client.post(
        reverse("practice:rate", args=[first.pk]), {"confidence": Confidence.NAILED_IT}
    )

    assert response.status_code == 302
    assert header_count(client.get("/")) == 2 + 1
    assert "2 reviews for today" in review_text(client)
    assert header_count(client.get(reverse("practice:search"))) == 2 + 1


def test_a_corrected_rating_changes_the_count_at_once(client, owner, clock):
    guide = make_guide(6)
    due_in_plan(owner, guide, 2)
    client.force_login(owner)
    _progress, rating = rate_question(user=owner, question=questions_of(guide)[2], confidence=1)
    clock.advance(minutes=20)  # its short learning step is over: due again today
    assert header_count(client.get("/")) == 3

    # A mock interview's double submit, corrected: the history row keeps its id and time.
    change_rating(rating, confidence=Confidence.NAILED_IT)

    assert header_count(client.get("/")) == 2


def test_changing_the_interview_date_changes_the_plan_at_once(client, owner, clock):
    guide = make_guide(10)
    set_interview(owner, guide, days=7)
    client.force_login(owner)
    assert "Interview in 7 days" in text_of(client.get(plan_url(guide)))
    assert "2 new questions today" in text_of(client.get("/"))

    client.post(plan_url(guide), {"date": str(NOW.date() + timedelta(days=3)), "target": "90"})

    page = text_of(client.get(plan_url(guide)))
    assert "Interview in 3 days" in page
    # Ten new questions over the one day before the last two.
    assert "10 new questions today" in text_of(client.get("/"))


def test_changing_the_time_zone_changes_the_plan_at_once(client, owner, clock):
    guide = make_guide(4)
    set_interview(owner, guide, days=7)
    client.force_login(owner)
    assert "Interview in 7 days" in text_of(client.get(plan_url(guide)))

    # 08:00 UTC on Thursday is 22:00 on Wednesday in Honolulu: a day more to go.
    response = client.post(reverse("accounts:time_zone"), {"time_zone": "Pacific/Honolulu"})

    assert response.status_code == 302
    assert "Interview in 8 days" in text_of(client.get(plan_url(guide)))
    assert "Interview in 8 days" in text_of(client.get("/"))


def test_a_question_coming_back_later_today_counts_when_its_time_comes(client, owner, clock):
    guide = make_guide(10)
    set_interview(owner, guide, days=7)
    client.force_login(owner)
    first = questions_of(guide)[0]
    # Rated Good at 08:00: FSRS wants it again ten minutes later.
    rate_question(user=owner, question=first, confidence=Confidence.GOOD)
    clock.advance(minutes=5)
    assert "Your plan : 1 new question today" in text_of(client.get("/"))
    assert header_count(client.get("/")) == 1

    clock.advance(minutes=6)

    assert "Your plan : 1 review and 1 new question today" in text_of(client.get("/"))
    assert header_count(client.get("/")) == 2
    assert "1 review for today" in review_text(client)


def test_a_new_hour_plans_again_and_keeps_the_count(client, owner, clock):
    guide = make_guide(6)
    due_in_plan(owner, guide, 3)
    client.force_login(owner)
    before = header_count(client.get("/"))

    clock.advance(minutes=59)
    at_the_end_of_the_hour = header_count(client.get("/"))
    clock.advance(minutes=2)

    assert before == at_the_end_of_the_hour == header_count(client.get("/"))


def test_a_question_added_to_the_guide_joins_the_plan_at_once(client, owner, clock):
    guide = make_guide(4, sections=1)
    set_interview(owner, guide, days=3)
    client.force_login(owner)
    assert "4 new questions today" in text_of(client.get("/"))

    QuestionFactory(section=guide.sections.get(), number=5, prompt="A fifth one?")
    Guide.content_changed(guide.pk)

    assert "5 new questions today" in text_of(client.get("/"))
    assert "A fifth one?" in text_of(client.get(plan_url(guide)))


def test_two_people_never_see_each_others_counts(client, owner, other_user, clock):
    guide = make_guide(6)
    due_in_plan(owner, guide, 3)
    due_in_plan(other_user, guide, 1)

    for _round in range(2):
        client.force_login(owner)
        assert header_count(client.get("/")) == 3 + 1
        assert "3 reviews for today" in review_text(client)
        client.force_login(other_user)
        assert header_count(client.get("/")) == 1 + 1
        assert "1 review for today" in review_text(client)


def test_two_people_with_the_same_ratings_each_see_their_own_questions(
    client, owner, other_user, clock
):
    mine, theirs = make_guide(3, slug="mine"), make_guide(3, slug="theirs")
    due_in_plan(owner, mine, 3)
    due_in_plan(other_user, theirs, 3)

    client.force_login(owner)
    assert "Guide mine" in text_of(client.get(reverse("practice:review")))
    client.force_login(other_user)
    page = text_of(client.get(reverse("practice:review")))

    assert "Guide theirs" in page
    assert "Guide mine" not in page


def forecast_label(client, guide) -> str:
    content = client.get(plan_url(guide)).content.decode()
    start = content.index('aria-label="Predicted recall on')
    return content[start : content.index('"', start + len('aria-label="'))]


def test_the_plan_pages_forecast_follows_a_rating_at_once(client, owner, clock):
    guide = make_guide(4)
    set_interview(owner, guide, days=7)
    client.force_login(owner)
    assert "0% if you stop today" in forecast_label(client, guide)

    rate_question(user=owner, question=questions_of(guide)[0], confidence=Confidence.NAILED_IT)

    assert "0% if you stop today" not in forecast_label(client, guide)
