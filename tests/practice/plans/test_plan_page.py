"""The interview plan pages: setting the date, today's work, the forecast, the review queue
that follows the plan, the header's due count and the signed-in home."""

import re
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from icalendar import Calendar

from accounts.models import Preferences
from guide.models import Question
from practice import scheduling
from practice.models import InterviewDate, QuestionProgress
from practice.plans.today import PACE_RATINGS, duration_text, today_summary
from practice.rating import rate_question
from tests.factories import GuideFactory, QuestionFactory, SectionFactory

# A Thursday morning, UTC (the time zone of the tests).
NOW = datetime(2026, 6, 4, 8, 0, tzinfo=UTC)


def make_guide(question_count, *, slug="ml", sections=2):
    guide = GuideFactory(slug=slug, title=f"Guide {slug}")
    parts = [
        SectionFactory(guide=guide, number=n, title=f"Part {n}") for n in range(1, sections + 1)
    ]
    for number in range(1, question_count + 1):
        QuestionFactory(
            section=parts[(number - 1) * sections // question_count],
            number=number,
            prompt=f"Question number {number}?",
        )
    return guide


def questions_of(guide):
    return list(Question.objects.in_guide(guide).in_order().select_related("section__guide"))


def plan_url(guide):
    return reverse("practice:plan", args=[guide.slug])


def set_interview(user, guide, *, days, target=90, budget=None, at=None):
    """An interview `days` after NOW's day, no time given (the plan counts from 09:00)."""
    return InterviewDate.objects.create(
        user=user,
        guide=guide,
        interview_on=NOW.date() + timedelta(days=days),
        interview_time=at,
        target_percent=target,
        daily_budget=budget,
    )


def text_of(response) -> str:
    """The page's visible text with tags dropped and spaces collapsed."""
    html = re.sub(r"<(script|style)\b.*?</\1>", "", response.content.decode(), flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


# Setting, changing and removing the date


def test_it_sends_visitors_to_sign_in(client, db):
    guide = make_guide(2)

    shown = client.get(plan_url(guide))
    posted = client.post(plan_url(guide), {"date": "2026-06-20", "target": "90"})

    assert shown.status_code == posted.status_code == 302
    assert shown["Location"] == f"/accounts/login/?next={plan_url(guide)}"
    assert not InterviewDate.objects.exists()


def test_it_saves_a_date_without_a_time_at_nine_in_the_morning(client, owner, clock):
    guide = make_guide(4)
    client.force_login(owner)

    response = client.post(plan_url(guide), {"date": "2026-06-16", "target": "90"})

    assert response.status_code == 302
    assert response["Location"] == plan_url(guide)
    interview = InterviewDate.objects.get(user=owner, guide=guide)
    assert (interview.interview_on, interview.interview_time) == (date(2026, 6, 16), None)
    assert interview.moment(UTC) == datetime(2026, 6, 16, 9, 0, tzinfo=UTC)
    assert (interview.time_given, interview.target_percent, interview.daily_budget) == (
        False,
        90,
        None,
    )
    page = text_of(client.get(plan_url(guide)))
    assert "Your interview date is saved: Tuesday 16 June 2026." in page
    assert "Interview in 12 days : Tuesday 16 June 2026 (no time given" in page


def test_it_saves_a_time_a_target_and_a_budget_and_changes_them_in_place(client, owner, clock):
    guide = make_guide(4)
    client.force_login(owner)
    client.post(plan_url(guide), {"date": "2026-06-16", "target": "90"})

    client.post(
        plan_url(guide),
        {"date": "2026-06-18", "time": "14:30", "target": "95", "daily_budget": "6"},
    )

    interview = InterviewDate.objects.get(user=owner, guide=guide)
    assert (interview.interview_on, interview.interview_time) == (date(2026, 6, 18), time(14, 30))
    assert (interview.time_given, interview.target_percent, interview.daily_budget) == (
        True,
        95,
        6,
    )
    page = text_of(client.get(plan_url(guide)))
    assert "Thursday 18 June 2026 at 14:30" in page
    assert "6 questions a day, as you chose." in page


def test_the_date_is_interpreted_in_the_persons_time_zone(client, owner, clock):
    Preferences.objects.create(user=owner, time_zone="Europe/Paris")
    guide = make_guide(2)
    client.force_login(owner)

    client.post(plan_url(guide), {"date": "2026-06-16", "time": "09:00", "target": "90"})

    interview = InterviewDate.objects.get()
    assert interview.moment(ZoneInfo("Europe/Paris")) == datetime(2026, 6, 16, 7, 0, tzinfo=UTC)


def test_it_removes_the_date(client, owner, clock):
    guide = make_guide(2)
    set_interview(owner, guide, days=10)
    client.force_login(owner)

    response = client.post(reverse("practice:plan_remove", args=[guide.slug]), follow=True)

    assert not InterviewDate.objects.exists()
    page = text_of(response)
    assert f"Your interview date for {guide.title} is removed." in page
    assert "When is your interview?" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"date": "2026-06-04", "target": "90"}, "must be in the future: tomorrow or later"),
        ({"date": "2026-05-01", "target": "90"}, "must be in the future: tomorrow or later"),
        ({"date": "2027-08-01", "target": "90"}, "must be within a year from today"),
        ({"date": "next friday", "target": "90"}, "Enter the date as year-month-day"),
        ({"date": "", "target": "90"}, "Enter the date of your interview."),
        ({"date": "2026-06-20", "time": "25:99", "target": "90"}, "Enter the time as hours"),
        ({"date": "2026-06-20", "target": "79"}, "Enter a target of at least 80."),
        ({"date": "2026-06-20", "target": "98"}, "Enter a target of at most 97."),
        ({"date": "2026-06-20", "target": "ninety"}, "Enter the target as a whole number"),
        ({"date": "2026-06-20", "target": "90", "daily_budget": "0"}, "at least 1 question"),
        ({"date": "2026-06-20", "target": "90", "daily_budget": "9" * 40}, "at most 500"),
        ({"date": "99999-01-01", "target": "90"}, "Enter the date as year-month-day"),
        ({"date": "2026-06-20", "target": "90", "time": "9" * 300}, "Enter the time as hours"),
    ],
)
def test_bad_input_shows_an_error_and_changes_nothing(client, owner, clock, data, message):
    guide = make_guide(2)
    before = set_interview(owner, guide, days=10, budget=5)
    client.force_login(owner)

    response = client.post(plan_url(guide), data)

    assert response.status_code == 400
    content = response.content.decode()
    assert "There is a problem" in content
    assert message in content
    after = InterviewDate.objects.get()
    assert (after.interview_on, after.target_percent, after.daily_budget) == (
        before.interview_on,
        90,
        5,
    )


def test_each_person_sees_and_removes_only_their_own_plan(client, owner, other_user, clock):
    guide = make_guide(3)
    set_interview(owner, guide, days=10)
    client.force_login(other_user)

    page = text_of(client.get(plan_url(guide)))
    client.post(reverse("practice:plan_remove", args=[guide.slug]))

    assert "When is your interview?" in page
    assert "Interview in" not in page
    assert InterviewDate.objects.filter(user=owner).count() == 1


def test_an_unknown_guide_is_404(client, owner):
    client.force_login(owner)

    assert client.get("/plan/no-such-guide/").status_code == 404


def test_an_interview_that_has_passed_asks_for_a_new_date(client, owner, clock):
    guide = make_guide(2)
    set_interview(owner, guide, days=-2)
    client.force_login(owner)

    page = text_of(client.get(plan_url(guide)))

    assert "Your interview on Tuesday 2 June 2026 has passed." in page


# The day the person gave stays that day, whatever their time zone

FEED_TOKEN = "a-feed-token-for-the-plan-tests"


def switch_time_zone(client, zone):
    response = client.post(reverse("accounts:time_zone"), {"time_zone": zone})
    assert response.status_code == 302


def interview_in_feed(client):
    calendar = Calendar.from_ical(
        client.get(reverse("practice:calendar_feed", args=[FEED_TOKEN])).content
    )
    (event,) = [e for e in calendar.walk("VEVENT") if e["UID"].startswith("interview")]
    return event


def test_a_date_without_a_time_stays_that_date_when_the_time_zone_changes(client, owner, clock):
    Preferences.objects.create(user=owner, time_zone="Asia/Tokyo", calendar_token=FEED_TOKEN)
    guide = make_guide(4)
    client.force_login(owner)
    client.post(plan_url(guide), {"date": "2026-12-07", "target": "90"})
    assert "Monday 7 December 2026 (no time given" in text_of(client.get(plan_url(guide)))

    switch_time_zone(client, "America/Los_Angeles")

    # 01:00 on Thursday 4 June in Los Angeles: 186 days to Monday 7 December.
    assert (
        "Interview in 186 days : Monday 7 December 2026 (no time given: the plan counts from "
        "09:00)" in text_of(client.get(plan_url(guide)))
    )
    progress = text_of(client.get(reverse("practice:progress", args=[guide.slug])))
    assert "Interview in 186 days (Mon 7 Dec)" in progress
    assert "Interview in 186 days · Guide ml" in text_of(client.get("/"))
    event = interview_in_feed(client)
    assert (event.decoded("DTSTART"), event.decoded("DTEND")) == (
        date(2026, 12, 7),
        date(2026, 12, 8),
    )


def test_a_time_given_stays_that_wall_clock_time_in_the_new_time_zone(client, owner, clock):
    Preferences.objects.create(user=owner, time_zone="Asia/Tokyo", calendar_token=FEED_TOKEN)
    guide = make_guide(4)
    client.force_login(owner)
    client.post(plan_url(guide), {"date": "2026-12-07", "time": "14:30", "target": "90"})

    switch_time_zone(client, "America/Los_Angeles")

    assert "Monday 7 December 2026 at 14:30" in text_of(client.get(plan_url(guide)))
    los_angeles = ZoneInfo("America/Los_Angeles")
    assert interview_in_feed(client).decoded("DTSTART") == datetime(
        2026, 12, 7, 14, 30, tzinfo=los_angeles
    )


# What the plan page shows


def test_the_plan_page_lists_todays_reviews_and_new_questions_with_the_time_they_take(
    client, owner, clock
):
    guide = make_guide(10)
    questions = questions_of(guide)
    rate_question(user=owner, question=questions[0], confidence=2, at=NOW - timedelta(days=3))
    set_interview(owner, guide, days=7)
    client.force_login(owner)

    page = text_of(client.get(plan_url(guide)))

    # 9 new questions over the 5 days before the last two: 2 today.
    assert (
        "1 review and 2 new questions: about 5 minutes (assuming 90 seconds a question until "
        "your own pace is known)." in page
    )
    reviews = page[page.index("Reviews") : page.index("New questions")]
    assert "Q1. Question number 1?" in reviews
    new = page[page.index("New questions") : page.index("Start today’s review")]
    assert "Q2. Question number 2?" in new
    assert "Q3. Question number 3?" in new


def test_the_forecast_says_the_time_as_soon_as_one_is_given(client, owner, clock):
    """No time and 09:00 plan alike; the forecast's cached sentence still tells them apart."""
    guide = make_guide(3)
    interview = set_interview(owner, guide, days=7)
    client.force_login(owner)
    sentence = re.compile(r"Predicted recall on the interview day, (.+?): how likely")
    assert (
        sentence.search(text_of(client.get(plan_url(guide))))
        .group(1)
        .endswith(str((NOW + timedelta(days=7)).year))
    )

    interview.interview_time = time(9, 0)
    interview.save()

    assert sentence.search(text_of(client.get(plan_url(guide)))).group(1).endswith("at 09:00")


def test_the_time_estimate_follows_the_persons_own_pace(client, owner, clock):
    guide = make_guide(10)
    first, second, *_rest = questions_of(guide)
    for question, seconds in ((first, 20), (second, 30)):
        rate_question(
            user=owner,
            question=question,
            confidence=2,
            seconds_spent=seconds,
            at=NOW - timedelta(days=3),
        )
    set_interview(owner, guide, days=7)
    client.force_login(owner)

    page = text_of(client.get(plan_url(guide)))

    # A rating times only reveal → rating (25 s on average): a minute before the reveal is added.
    assert (
        "about 85 seconds a question: 1 minute to answer before the reveal, plus your usual "
        "25 seconds from the reveal to your rating)." in page
    )


def test_the_time_estimate_follows_the_persons_latest_pace(client, owner, clock):
    guide = make_guide(3)
    question = questions_of(guide)[0]
    rate_question(
        user=owner, question=question, confidence=2, seconds_spent=600, at=NOW - timedelta(days=30)
    )
    for minutes in range(PACE_RATINGS):
        at = NOW - timedelta(days=3, minutes=minutes)
        rate_question(user=owner, question=question, confidence=2, seconds_spent=25, at=at)
    set_interview(owner, guide, days=7)
    client.force_login(owner)

    page = text_of(client.get(plan_url(guide)))

    # The slow rating a month ago is older than the latest PACE_RATINGS: it no longer counts.
    assert "plus your usual 25 seconds from the reveal to your rating" in page


def test_the_home_estimate_adds_a_minute_before_each_reveal_to_the_persons_own_pace(
    client, owner, clock
):
    guide = make_guide(3, sections=1)
    for question in questions_of(guide):
        rate_question(
            user=owner, question=question, confidence=1, seconds_spent=1, at=NOW - timedelta(1)
        )
    client.force_login(owner)

    page = text_of(client.get(reverse("practice:home")))

    # Three due at 61 s each, rounded up: not the 1 second a question of the ratings alone.
    assert (
        "3 reviews, about 4 minutes (about 61 seconds a question: 1 minute to answer before the "
        "reveal, plus your usual 1 second from the reveal to your rating)" in page
    )


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (1, "1 second"),
        (45, "45 seconds"),
        (60, "1 minute"),
        (61, "61 seconds"),
        (150, "3 minutes"),
    ],
)
def test_durations_are_written_in_words_with_their_plural(seconds, text):
    assert duration_text(seconds) == text


def test_the_forecast_names_its_day_and_its_assumptions_per_section(client, owner, clock):
    guide = make_guide(6)
    set_interview(owner, guide, days=10)
    client.force_login(owner)

    response = client.get(plan_url(guide))
    page = text_of(response)

    assert "Forecast for Sun 14 Jun" in page
    assert "“If you follow the plan” assumes you do each day’s questions" in page
    assert "“if you stop today” assumes no more practice from now" in page
    for label in ("Overall", "Section 1 — Part 1", "Section 2 — Part 2"):
        row = re.search(
            rf"{label} If you follow the plan: (\d+)% · if you stop today: (\d+)%", page
        )
        assert row, label
        followed, stopped = map(int, row.groups())
        assert followed >= 90
        assert stopped == 0
    content = response.content.decode()
    assert 'class="target-line" x1="90%"' in content
    assert "<caption>Predicted recall on Sun 14 Jun (target 90%)</caption>" in content


def test_the_load_chart_has_a_column_and_a_table_row_per_day(client, owner, clock):
    guide = make_guide(6)
    set_interview(owner, guide, days=5)
    client.force_login(owner)

    response = client.get(plan_url(guide))
    content = response.content.decode()

    assert content.count('<rect class="load-review"') == 5
    assert re.search(
        r'<svg class="chart load-chart" role="img" aria-label="Questions per day', content
    )
    table = content[content.index("<caption>Questions per day until the interview") :]
    assert re.search(r'<th scope="row">Thu 4 Jun</th><td>0</td><td>2</td><td>2</td>', table)
    assert "Mon 8 Jun" in table
    assert "Tue 9 Jun" not in table


def test_a_budget_too_small_says_what_it_leaves_out_and_the_budget_needed(client, owner, clock):
    guide = make_guide(12)
    set_interview(owner, guide, days=4, budget=2)
    client.force_login(owner)

    page = text_of(client.get(plan_url(guide)))

    match = re.search(
        r"Even if you follow the plan, (\d+) questions stay under your 90% target on "
        r"Mon 8 Jun with 2 questions a day\. (\d+) questions a day would reach it\.",
        page,
    )
    assert match, page
    left_out, needed = map(int, match.groups())
    assert left_out > 0
    assert needed > 2
    listed = page[page.index("Predicted recall on Mon 8 Jun if you follow the plan") :]
    assert len(re.findall(r"Q\d+\. Question number \d+\? \d+%", listed)) == left_out


def test_when_no_budget_can_reach_the_target_it_says_so(client, owner, clock):
    guide = make_guide(3)
    # Tomorrow afternoon: one day to learn three questions, too little for 97 %.
    InterviewDate.objects.create(
        user=owner,
        guide=guide,
        interview_on=NOW.date() + timedelta(days=1),
        interview_time=time(14, 0),
        target_percent=97,
    )
    client.force_login(owner)

    page = text_of(client.get(plan_url(guide)))

    assert "there is not enough time left for any daily budget to reach it" in page


def rated_half(user, guide):
    """Half the guide's questions rated over the last nine days, with every confidence."""
    questions = questions_of(guide)
    for index, question in enumerate(questions[: len(questions) // 2]):
        rate_question(
            user=user,
            question=question,
            confidence=index % 5 + 1,
            seconds_spent=60,
            at=NOW - timedelta(days=index % 9),
        )
    return guide


@pytest.mark.parametrize("question_count", [4, 40])
def test_the_plan_page_reads_a_fixed_number_of_rows(
    client, owner, clock, django_assert_max_num_queries, question_count
):
    guide = rated_half(owner, make_guide(question_count, sections=4))
    set_interview(owner, guide, days=20)
    client.force_login(owner)

    # Session, user, guide, interview, the guide's outline (kept after the first time),
    # progress, other guides' due counts, questions, pace.
    with django_assert_max_num_queries(9):
        response = client.get(plan_url(guide))

    assert "Forecast for" in response.content.decode()


# The progress page


def test_progress_says_readiness_is_for_seven_days_from_now_without_a_date(client, owner, clock):
    guide = make_guide(3)
    rate_question(user=owner, question=questions_of(guide)[0], confidence=4, at=NOW)
    client.force_login(owner)

    page = text_of(client.get(reverse("practice:progress", args=[guide.slug])))

    assert "readiness 7 days from now (Thu 11 Jun)" in page
    assert "No interview date set: readiness on this page is your predicted recall 7 days" in page
    assert "Set your interview date" in page


def test_progress_says_readiness_is_for_the_interview_day_with_a_date(client, owner, clock):
    guide = make_guide(3)
    rate_question(user=owner, question=questions_of(guide)[0], confidence=4, at=NOW)
    set_interview(owner, guide, days=12)
    client.force_login(owner)

    page = text_of(client.get(reverse("practice:progress", args=[guide.slug])))

    assert "readiness on your interview day (Tue 16 Jun)" in page
    assert "Interview in 12 days (Tue 16 Jun)" in page
    assert "See your interview plan" in page


# The review queue follows the plan


def review_text(client, query=""):
    return text_of(client.get(reverse("practice:review") + query))


def current_question(client, query="") -> str:
    content = client.get(reverse("practice:review") + query).content.decode()
    match = re.search(r'id="current-title"><span class="question-number">(Q\d+)\.', content)
    return match.group(1) if match else ""


def test_with_a_plan_the_most_at_risk_review_comes_first_not_the_most_overdue(
    client, owner, clock
):
    guide = make_guide(4)
    first, second, *_rest = questions_of(guide)
    # Q1: Easy long ago, due for weeks but well remembered. Q2: failed yesterday.
    rate_question(user=owner, question=first, confidence=5, at=NOW - timedelta(days=40))
    rate_question(user=owner, question=second, confidence=1, at=NOW - timedelta(days=1))
    interview = set_interview(owner, guide, days=3, budget=10)
    cards = {row.question_id: row.card() for row in QuestionProgress.objects.all()}
    assert cards[first.pk].due < cards[second.pk].due <= NOW
    recall = {
        qid: scheduling.retrievability(c, at=interview.moment(UTC)) for qid, c in cards.items()
    }
    assert recall[second.pk] < recall[first.pk]
    client.force_login(owner)

    assert current_question(client) == "Q2"
    page = review_text(client)
    listed = page[page.index("Today’s reviews, most at risk on your interview day first") :]
    assert listed.index("Question number 2?") < listed.index("Question number 1?")


def test_without_a_plan_the_most_overdue_review_comes_first(client, owner, clock):
    guide = make_guide(4)
    first, second, *_rest = questions_of(guide)
    rate_question(user=owner, question=first, confidence=5, at=NOW - timedelta(days=40))
    rate_question(user=owner, question=second, confidence=1, at=NOW - timedelta(days=1))
    client.force_login(owner)

    assert current_question(client) == "Q1"


def test_with_a_plan_only_todays_new_questions_are_offered_then_done_for_today(
    client, owner, clock
):
    guide = make_guide(10)
    questions = questions_of(guide)
    set_interview(owner, guide, days=7)
    client.force_login(owner)

    assert "2 new questions for today" in review_text(client)
    assert current_question(client) == "Q1"
    rate_question(user=owner, question=questions[0], confidence=5, at=NOW)
    assert current_question(client) == "Q2"
    rate_question(user=owner, question=questions[1], confidence=5, at=NOW)

    page = review_text(client)
    assert current_question(client) == ""
    assert "Done for today. Tomorrow: 0 reviews and 2 new questions." in page
    assert (
        "Keep going: review ahead Optional: it brings the questions most at risk of being "
        "forgotten on your interview day first, and each one’s schedule starts again from your "
        "rating, as usual." in page
    )
    assert "FSRS" not in page


def test_without_a_plan_every_unrated_question_is_offered_as_before(client, owner, clock):
    guide = make_guide(10)
    for question in questions_of(guide)[:2]:
        rate_question(user=owner, question=question, confidence=5, at=NOW)
    client.force_login(owner)

    assert "8 new questions not yet rated" in review_text(client)
    assert current_question(client) == "Q3"


def test_reviewing_ahead_offers_a_question_not_due_and_says_what_rating_it_does(
    client, owner, clock
):
    guide = make_guide(2)
    for question in questions_of(guide):
        rate_question(user=owner, question=question, confidence=5, at=NOW)
    client.force_login(owner)

    assert "Done for today." in review_text(client)
    page = review_text(client, "?ahead=1")

    assert current_question(client, "?ahead=1") == "Q1"
    assert (
        "Reviewing ahead. This question is not due yet. Rating it early works as usual: its "
        "schedule starts again from your rating now; nothing else changes." in page
    )
    assert "FSRS" not in page
    assert "Not due yet (due in" in page
    content = client.get(reverse("practice:review") + "?ahead=1").content.decode()
    assert 'href="/review/?ahead=1&amp;answer=shown"' in content
    shown = client.get(reverse("practice:review") + "?ahead=1&answer=shown").content.decode()
    assert '<input type="hidden" name="next" value="/review/?ahead=1">' in shown


def test_when_todays_plan_is_done_the_plan_and_the_home_offer_to_keep_going(client, owner, clock):
    guide = make_guide(10)
    set_interview(owner, guide, days=7)
    for question in questions_of(guide)[:2]:
        rate_question(user=owner, question=question, confidence=5, at=NOW)
    client.force_login(owner)

    for response in (client.get(plan_url(guide)), client.get(reverse("practice:home"))):
        content = response.content.decode()
        assert 'href="/review/?ahead=1">Keep going: review ahead</a>' in content
        assert "Optional: it brings the questions most at risk of being forgotten" in content
    assert "Go to Review" not in client.get(reverse("practice:home")).content.decode()


def test_while_todays_plan_has_work_nothing_offers_to_review_ahead(client, owner, clock):
    guide = make_guide(10)
    set_interview(owner, guide, days=7)
    client.force_login(owner)

    for response in (client.get(plan_url(guide)), client.get(reverse("practice:home"))):
        assert "Keep going: review ahead" not in response.content.decode()


def test_a_due_review_the_budget_moves_to_another_day_is_explained(client, owner, clock):
    guide = make_guide(6)
    for question in questions_of(guide):
        rate_question(user=owner, question=question, confidence=1, at=NOW - timedelta(days=2))
    set_interview(owner, guide, days=10, budget=2)
    client.force_login(owner)

    page = review_text(client)

    assert "2 reviews for today" in page
    assert "4 more questions are due; your plan spreads them over the next days" in page


def test_following_the_plan_pages_today_list_for_three_days(client, owner, clock):
    """Each morning: open the plan, rate what it lists, come back for the questions FSRS
    wants again a few minutes later, and see the day done."""
    guide = make_guide(12)
    by_number = {question.number: question for question in questions_of(guide)}
    set_interview(owner, guide, days=8)
    client.force_login(owner)
    started = set()

    for day in range(3):
        clock.now = NOW + timedelta(days=day)
        for _visit in range(6):
            content = client.get(plan_url(guide)).content.decode()
            today = content[content.index('id="plan-today-heading"') : content.index("Tomorrow:")]
            numbers = [int(n) for n in re.findall(r'class="question-number">Q(\d+)\.', today)]
            if not numbers and "for another look" not in today:
                break
            for number in numbers:
                rate_question(user=owner, question=by_number[number], confidence=4)
                clock.advance(minutes=2)
            started |= set(numbers)
            if not numbers:
                clock.advance(minutes=10)

        assert "Nothing more today." in text_of(client.get(plan_url(guide)))
        assert "Done for today." in review_text(client)

    assert len(started) >= 6


# The header's count and the signed-in home


def test_the_header_shows_how_many_questions_are_due_now(client, owner, clock):
    guide = make_guide(4)
    for question in questions_of(guide)[:3]:
        rate_question(user=owner, question=question, confidence=1, at=NOW - timedelta(days=1))
    client.force_login(owner)

    content = client.get(reverse("practice:search")).content.decode()

    assert (
        '<a href="/review/" aria-label="Review, 3 to do today">'
        'Review <span class="nav-count">3</span></a>'
    ) in content


def test_the_header_count_falls_as_reviews_are_done(client, owner, clock):
    guide = make_guide(4)
    questions = questions_of(guide)
    for question in questions[:2]:
        rate_question(user=owner, question=question, confidence=1, at=NOW - timedelta(days=1))
    client.force_login(owner)

    rate_question(user=owner, question=questions[0], confidence=5)

    assert '<span class="nav-count">1</span>' in client.get("/").content.decode()
    rate_question(user=owner, question=questions[1], confidence=5)
    content = client.get("/").content.decode()
    assert "nav-count" not in content
    assert '<a href="/review/">Review</a>' in content


def test_the_signed_in_home_shows_today_above_the_guides(client, owner, clock):
    guide = make_guide(10)
    rate_question(user=owner, question=questions_of(guide)[0], confidence=1, at=NOW - timedelta(1))
    set_interview(owner, guide, days=12)
    client.force_login(owner)

    response = client.get("/")
    page = text_of(response)

    assert "Today Interview in 12 days · Guide ml · Your plan" in page
    assert "Your plan : 1 review and 1 new question today" in page
    assert "Reviews today 1 New today 1 Streak 1 day" in page
    assert page.index("Start today’s review") < page.index("10 questions in 2 sections")
    assert 'href="/plan/ml/"' in response.content.decode()


def test_the_signed_in_home_invites_to_set_a_date_without_one(client, owner, clock):
    make_guide(3)
    client.force_login(owner)

    page = text_of(client.get("/"))

    assert "Due now 0 Not yet rated 3 Streak 0 days" in page
    assert "Have an interview coming? Set its date" in page


def test_the_visitors_home_is_the_guides_list_as_before(client, db):
    make_guide(3)

    home = client.get("/").content.decode()
    guides = client.get(reverse("guide:list")).content.decode()

    # The same page; only "Sign in" on the guides list brings the visitor back there.
    assert home == guides.replace("?next=%2Fguides%2F", "")
    assert "Today" not in home


@pytest.mark.parametrize("question_count", [4, 40])
def test_the_signed_in_home_reads_a_fixed_number_of_rows(
    client, owner, clock, django_assert_max_num_queries, question_count
):
    guide = rated_half(owner, make_guide(question_count, sections=4))
    set_interview(owner, guide, days=20)
    make_guide(5, slug="other")
    client.force_login(owner)

    # Session, user, guides, interviews, questions, progress, due count, unrated, pace,
    # streak, and the header's count.
    with django_assert_max_num_queries(11):
        response = client.get("/")

    assert "Interview in 20 days" in response.content.decode()


def test_the_visitors_home_reads_the_guides_in_one_query(
    client, db, django_assert_max_num_queries
):
    make_guide(30)

    with django_assert_max_num_queries(1):
        client.get("/")


# One day, one count: the header, the home, the review page and the plan page agree


def header_count(response) -> int:
    match = re.search(r'aria-label="Review, (\d+) to do today"', response.content.decode())
    return int(match.group(1)) if match else 0


def test_right_after_todays_review_it_says_when_questions_come_back_instead_of_done(
    client, owner, clock
):
    guide = make_guide(10)
    set_interview(owner, guide, days=7)
    client.force_login(owner)
    # Today's two new questions, rated Good at 08:00: FSRS wants them again 10 minutes later.
    for question in questions_of(guide)[:2]:
        rate_question(user=owner, question=question, confidence=4)
    clock.advance(minutes=1)

    review = client.get(reverse("practice:review"))
    home = client.get("/")

    assert (
        "Nothing is due right now. 2 questions come back later today for another look; the "
        "first is due in 9 min (Thu 4 Jun, 08:10 UTC)." in text_of(review)
    )
    assert "2 questions come back later today for another look, the first at 08:10." in text_of(
        home
    )
    assert "Your plan : nothing right now, more later today" in text_of(home)
    for page in (review, home, client.get(plan_url(guide))):
        assert "Done for today" not in text_of(page)
        assert "Nothing more today" not in text_of(page)
        assert header_count(page) == 0

    clock.advance(minutes=10)
    assert header_count(client.get("/")) == 2
    assert "2 reviews for today" in review_text(client)
    assert current_question(client) == "Q1"
    for question in questions_of(guide)[:2]:
        rate_question(user=owner, question=question, confidence=4)

    assert "Done for today." in review_text(client)
    assert "Nothing more today." in text_of(client.get(plan_url(guide)))
    assert header_count(client.get("/")) == 0


def test_the_today_block_the_daily_load_and_the_calendar_feed_count_today_alike(
    client, owner, clock
):
    """Questions rated earlier today that FSRS wants again now are today's reviews in every
    place that counts today: the Today block, the chart's table and the calendar feed."""
    guide = make_guide(10)
    set_interview(owner, guide, days=7)
    Preferences.objects.create(user=owner, calendar_token="the-feed-token")
    client.force_login(owner)
    for question in questions_of(guide)[:2]:
        rate_question(user=owner, question=question, confidence=1)
    clock.advance(minutes=11)

    response = client.get(plan_url(guide))
    feed = Calendar.from_ical(
        client.get(reverse("practice:calendar_feed", args=["the-feed-token"])).content
    )

    assert "2 reviews: about" in text_of(response)
    table = response.content.decode()
    table = table[table.index("<caption>Questions per day until the interview") :]
    assert re.search(r'<th scope="row">Thu 4 Jun</th><td>2</td><td>0</td><td>2</td>', table)
    today = [str(event["summary"]) for event in feed.walk("VEVENT") if "20260604" in event["uid"]]
    assert today == ["Interview prep: 2 reviews (~3 min)"]


def finish_todays_plan(client, owner, guide):
    """Rate Nailed it every question the plan page lists for today."""
    content = client.get(plan_url(guide)).content.decode()
    today = content[content.index('id="plan-today-heading"') : content.index("Tomorrow:")]
    numbers = [int(n) for n in re.findall(r'class="question-number">Q(\d+)\.', today)]
    assert numbers
    by_number = {question.number: question for question in questions_of(guide)}
    for number in numbers:
        rate_question(user=owner, question=by_number[number], confidence=5)
    return len(numbers)


def test_a_finished_plan_names_what_is_still_due_in_a_guide_without_an_interview(
    client, owner, clock
):
    planned, other = make_guide(4, slug="ml"), make_guide(3, slug="sd")
    set_interview(owner, planned, days=10)
    rate_question(user=owner, question=questions_of(other)[0], confidence=1, at=NOW - timedelta(3))
    client.force_login(owner)
    done = finish_todays_plan(client, owner, planned)

    response = client.get(plan_url(planned))
    page = text_of(response)

    assert f"You did {done} question today. Nothing more in this plan today." in page
    assert "Also today: 1 due in Guide sd." in page
    assert "Nothing more today." not in page
    assert "Start today’s review" in page
    assert header_count(response) == 1


def test_the_home_and_review_show_another_guides_due_question_under_its_own_guide(
    client, owner, clock
):
    planned, other = make_guide(4, slug="ml"), make_guide(3, slug="sd")
    set_interview(owner, planned, days=10)
    rate_question(user=owner, question=questions_of(other)[0], confidence=1, at=NOW - timedelta(3))
    client.force_login(owner)
    finish_todays_plan(client, owner, planned)

    home = text_of(client.get("/"))
    review = text_of(client.get(reverse("practice:review")))

    for page in (home, review):
        assert (
            "Interview in 10 days · Guide ml · Your plan : done for today 1 due in Guide sd"
            in page
        )
    assert "Reviews today 1 New today 0" in home
    assert "1 review for today · 0 new questions for today" in review
    assert "· Guide sd · Section 1" in review


def test_the_header_the_home_and_the_review_page_count_the_same_questions(client, owner, clock):
    planned, other = make_guide(6, slug="ml"), make_guide(3, slug="sd")
    for question in questions_of(planned):
        rate_question(user=owner, question=question, confidence=1, at=NOW - timedelta(days=2))
    rate_question(user=owner, question=questions_of(other)[0], confidence=1, at=NOW - timedelta(3))
    # Six due in the planned guide, but only two a day: four wait for later days.
    set_interview(owner, planned, days=10, budget=2)
    client.force_login(owner)

    home = client.get("/")
    review = client.get(reverse("practice:review"))

    assert header_count(home) == header_count(review) == 3
    assert "Reviews today 3 New today 0" in text_of(home)
    assert "3 reviews for today · 0 new questions for today" in text_of(review)
    assert today_summary(owner, now=NOW, tz=UTC).to_do == 3


# today_summary


def test_today_summary_counts_the_nearest_interview_across_guides(owner):
    near, far = make_guide(4, slug="near"), make_guide(4, slug="far")
    set_interview(owner, far, days=30)
    set_interview(owner, near, days=9)

    today = today_summary(owner, now=NOW, tz=UTC)

    assert today.interview.guide == near
    assert (today.days_to_interview, today.countdown) == (9, "Interview in 9 days")
    assert today.continue_slug == "near"
    assert today.date == NOW.date()
    assert [guide_plan.guide.slug for guide_plan in today.plans] == ["near", "far"]


def test_today_summary_counts_local_days(owner):
    guide = make_guide(4)
    # 23:30 in Auckland on 4 June, the interview at 09:00 there on 6 June: in 2 days.
    auckland = ZoneInfo("Pacific/Auckland")
    now = datetime(2026, 6, 4, 23, 30, tzinfo=auckland)
    InterviewDate.objects.create(
        user=owner,
        guide=guide,
        interview_on=now.date() + timedelta(2),
    )

    today = today_summary(owner, now=now, tz=auckland)

    assert today.days_to_interview == 2
    assert today.date == now.date()
