"""The progress dashboard: numbers from `guide_progress()` and the page that prints them."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from guide.models import Question
from practice.models import QuestionProgress
from practice.progress.report import guide_progress, with_rated_counts
from practice.rating import rate_question
from tests.factories import GuideFactory, QuestionFactory, SectionFactory

# A Tuesday, so the day labels below read "Tue 24 Nov".
NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
# Session, user, guide, interview date, questions (the guide's outline, read once per content
# version), progress rows, ratings per day, streak days, and the header's count (its kept
# count's version, and the first time upcoming interviews, what is due and what comes due
# in the next minute).
MAX_QUERIES = 12


def questions_by_number(guide):
    return {question.number: question for question in Question.objects.in_guide(guide)}


@pytest.fixture
def guide(db):
    """Four sections of 4, 4, 4 and 3 questions, numbered 1 to 15 through the guide."""
    guide = GuideFactory(title="ML Interview", slug="ml")
    titles = ["Core", "Deep & Neural", "MLOps", "Statistics"]
    number = 0
    for section_number, (title, size) in enumerate(zip(titles, [4, 4, 4, 3], strict=True), 1):
        section = SectionFactory(guide=guide, number=section_number, title=title)
        for _ in range(size):
            number += 1
            QuestionFactory(section=section, number=number)
    return guide


@pytest.fixture
def numbered(guide):
    return questions_by_number(guide)


def rate(user, question, confidence, at):
    rate_question(user=user, question=question, confidence=confidence, at=at)


def progress_url(guide):
    return reverse("practice:progress", args=[guide.slug])


def table_row(content, heading):
    """The numbers of one row of a table, by the text of its row heading."""
    match = re.search(rf'<th scope="row">{re.escape(heading)}</th>(.*?)</tr>', content)
    assert match, f"no table row for {heading!r}"
    return [int(number) for number in re.findall(r"<td>(\d+)</td>", match.group(1))]


# guide_progress(): the numbers


def test_rated_count_is_out_of_the_live_questions(owner, guide, numbered):
    numbered[15].archived = True
    numbered[15].save()
    rate(owner, numbered[1], 3, NOW)
    rate(owner, numbered[2], 4, NOW)
    rate(owner, numbered[15], 5, NOW)

    report = guide_progress(owner, guide, now=NOW)

    assert (report.rated, report.total) == (2, 14)
    assert report.rated_text == "2 of 14 rated"


def test_distribution_counts_current_confidence_per_section(owner, guide, numbered):
    rate(owner, numbered[1], 1, NOW - timedelta(days=2))
    rate(owner, numbered[1], 4, NOW)  # the current confidence replaces the earlier one
    rate(owner, numbered[2], 4, NOW)
    rate(owner, numbered[3], 2, NOW)
    rate(owner, numbered[5], 5, NOW)

    report = guide_progress(owner, guide, now=NOW)

    first, second, third, fourth = report.sections
    assert [count.count for count in first.counts] == [0, 1, 0, 2, 0, 1]
    assert [count.count for count in second.counts] == [0, 0, 0, 0, 1, 3]
    assert [count.count for count in third.counts] == [0, 0, 0, 0, 0, 4]
    assert [count.count for count in fourth.counts] == [0, 0, 0, 0, 0, 3]
    assert [count.label for count in first.counts] == [
        "1 No idea",
        "2 Shaky",
        "3 Okay",
        "4 Good",
        "5 Nailed it",
        "Not rated",
    ]


def test_stacked_bar_segments_follow_the_scale_and_fill_the_bar(owner, guide, numbered):
    rate(owner, numbered[1], 2, NOW)
    rate(owner, numbered[2], 4, NOW)

    first = guide_progress(owner, guide, now=NOW).sections[0]

    assert [(s.css_class, s.x, s.width, s.digit) for s in first.bar] == [
        ("c2", "0", "25", "2"),
        ("c4", "25", "25", "4"),
        ("unrated", "50", "50", ""),
    ]


def test_readiness_is_zero_without_ratings(owner, guide):
    report = guide_progress(owner, guide, now=NOW)

    assert report.readiness == 0
    assert all(section.readiness == 0 for section in report.sections)


def test_readiness_counts_unrated_questions_as_zero(owner, guide, numbered):
    rate(owner, numbered[1], 4, NOW)

    first = guide_progress(owner, guide, now=NOW).sections[0]

    # Q1's predicted recall in a week, and Q2–Q4 count as 0.
    recall = QuestionProgress.objects.get(question=numbered[1]).retrievability(NOW + timedelta(7))
    assert 0 < recall < 1
    assert first.readiness == pytest.approx(recall / 4)


def test_without_an_interview_readiness_is_the_predicted_recall_seven_days_from_now(
    owner, guide, numbered
):
    rate(owner, numbered[1], 4, NOW - timedelta(days=2))

    report = guide_progress(owner, guide, now=NOW)

    row = QuestionProgress.objects.get(question=numbered[1])
    assert report.sections[0].readiness == pytest.approx(
        row.retrievability(NOW + timedelta(days=7)) / 4
    )
    assert report.readiness_when == "7 days from now (Tue 1 Dec)"


def test_with_an_interview_readiness_is_the_predicted_recall_on_the_day(owner, guide, numbered):
    rate(owner, numbered[1], 4, NOW - timedelta(days=2))
    interview_at = NOW + timedelta(days=10)

    report = guide_progress(owner, guide, now=NOW, interview_at=interview_at)

    row = QuestionProgress.objects.get(question=numbered[1])
    assert report.sections[0].readiness == pytest.approx(row.retrievability(interview_at) / 4)
    assert report.readiness_when == "on your interview day (Fri 4 Dec)"


def test_readiness_fades_when_practice_stops(owner, guide, numbered):
    for number in (1, 2, 3, 4):
        rate(owner, numbered[number], 3, NOW)

    today = guide_progress(owner, guide, now=NOW).sections[0].readiness
    later = guide_progress(owner, guide, now=NOW + timedelta(days=30)).sections[0].readiness

    assert today > 0
    assert 0 < later < today


def test_weakest_lists_lower_confidence_first_then_longest_unseen(owner, guide, numbered):
    rate(owner, numbered[1], 3, NOW - timedelta(days=1))
    rate(owner, numbered[2], 2, NOW - timedelta(days=1))
    rate(owner, numbered[3], 2, NOW - timedelta(days=5))
    rate(owner, numbered[4], 5, NOW - timedelta(days=9))
    rate(owner, numbered[5], 1, NOW)

    report = guide_progress(owner, guide, now=NOW)

    assert [item.question.number for item in report.weakest] == [5, 3, 2, 1, 4]


def test_weakest_stops_at_five(owner, guide, numbered):
    for number in range(1, 9):
        rate(owner, numbered[number], 1, NOW)

    assert len(guide_progress(owner, guide, now=NOW).weakest) == 5


def test_weakest_says_confidence_and_when_last_rated(owner, guide, numbered):
    rate(owner, numbered[7], 2, NOW - timedelta(days=3))

    (item,) = guide_progress(owner, guide, now=NOW).weakest

    assert item.confidence == 2
    assert item.last_rated == "last rated 3 days ago"


def test_heatmap_counts_ratings_per_utc_day(owner, guide, numbered):
    monday_late = datetime(2026, 11, 23, 23, 59, tzinfo=UTC)
    rate(owner, numbered[1], 3, monday_late)
    rate(owner, numbered[2], 3, monday_late + timedelta(minutes=2))
    rate(owner, numbered[3], 3, NOW - timedelta(hours=1))
    rate(owner, numbered[4], 3, NOW)

    report = guide_progress(owner, guide, now=NOW)

    counts = {cell.day.isoformat(): cell.count for cell in report.heatmap.cells if cell.count}
    assert counts == {"2026-11-23": 1, "2026-11-24": 3}
    assert report.heatmap.cells[-1].title == "3 ratings on Tue 24 Nov"
    assert report.heatmap.cells[-2].title == "1 rating on Mon 23 Nov"
    assert report.activity_text == "4 ratings on 2 days in the last 12 weeks"


def test_heatmap_is_twelve_weeks_ending_today(owner, guide):
    cells = guide_progress(owner, guide, now=NOW).heatmap.cells

    assert len(cells) == 84
    assert cells[-1].day == NOW.date()
    assert cells[0].day == NOW.date() - timedelta(days=83)
    # Seven rows of weekdays: the cell below the first is the next day, the next column a week on.
    assert cells[0].x == cells[6].x != cells[7].x
    assert cells[0].title == "No ratings on Wed 2 Sep"


def test_activity_leaves_out_ratings_older_than_twelve_weeks(owner, guide, numbered):
    rate(owner, numbered[1], 3, NOW - timedelta(days=84))
    rate(owner, numbered[2], 3, NOW - timedelta(days=83))

    report = guide_progress(owner, guide, now=NOW)

    assert [day.day for day in report.days] == [NOW.date() - timedelta(days=83)]


def test_heatmap_bands_colour_by_count(owner, guide, numbered):
    for minute in range(10):
        rate(owner, numbered[1], 3, NOW - timedelta(minutes=minute))
    for minute in range(3):
        rate(owner, numbered[2], 3, NOW - timedelta(days=1, minutes=minute))

    cells = guide_progress(owner, guide, now=NOW).heatmap.cells

    assert [cells[-1].level, cells[-2].level, cells[-3].level] == [4, 2, 0]


def test_activity_counts_only_this_guides_questions(owner, guide, numbered):
    elsewhere = QuestionFactory(section=SectionFactory(guide__slug="elsewhere"))
    rate(owner, elsewhere, 3, NOW)
    rate(owner, numbered[1], 3, NOW)

    report = guide_progress(owner, guide, now=NOW)

    assert report.rating_count == 1


def test_streak_ending_today_includes_today(owner, guide, numbered):
    for days_ago in (0, 1, 2):
        rate(owner, numbered[1], 3, NOW - timedelta(days=days_ago))

    streak = guide_progress(owner, guide, now=NOW).streak

    assert (streak.days, streak.includes_today) == (3, True)
    assert streak.text == "3-day streak, including today."


def test_streak_ending_yesterday_asks_for_a_rating_today(owner, guide, numbered):
    for days_ago in (1, 2, 3):
        rate(owner, numbered[1], 3, NOW - timedelta(days=days_ago))

    streak = guide_progress(owner, guide, now=NOW).streak

    assert (streak.days, streak.includes_today) == (3, False)
    assert streak.text == "3-day streak; rate something today to keep it."


def test_streak_is_broken_by_a_day_without_ratings(owner, guide, numbered):
    for days_ago in (0, 2, 3, 4):
        rate(owner, numbered[1], 3, NOW - timedelta(days=days_ago))

    assert guide_progress(owner, guide, now=NOW).streak.days == 1


def test_streak_is_zero_when_the_last_rating_was_two_days_ago(owner, guide, numbered):
    rate(owner, numbered[1], 3, NOW - timedelta(days=2))

    streak = guide_progress(owner, guide, now=NOW).streak

    assert streak.days == 0
    assert streak.text == "No streak yet: rate a question today to start one."


def test_a_streak_longer_than_the_first_window_read_is_counted_whole(owner, guide, numbered):
    for days_ago in range(150):
        rate(owner, numbered[1], 3, NOW - timedelta(days=days_ago))
    rate(owner, numbered[1], 3, NOW - timedelta(days=151))

    assert guide_progress(owner, guide, now=NOW).streak.days == 150


def test_streak_counts_practice_in_every_guide(owner, guide, numbered):
    elsewhere = QuestionFactory(section=SectionFactory(guide__slug="elsewhere"))
    rate(owner, elsewhere, 3, NOW - timedelta(days=1))
    rate(owner, numbered[1], 3, NOW)

    assert guide_progress(owner, guide, now=NOW).streak.days == 2


def test_confidence_over_time_is_the_mean_of_each_days_ratings(owner, guide, numbered):
    rate(owner, numbered[1], 1, NOW - timedelta(days=2))
    rate(owner, numbered[2], 4, NOW - timedelta(days=2, hours=1))
    rate(owner, numbered[3], 5, NOW)
    rate(owner, numbered[1], 2, NOW)
    rate(owner, numbered[2], 2, NOW)

    report = guide_progress(owner, guide, now=NOW)

    assert [(day.day.day, day.count, day.mean_text) for day in report.days] == [
        (22, 2, "2.5"),
        (24, 3, "3.0"),
    ]
    first, last = report.trend.points
    assert float(first.y) > float(last.y)  # a higher mean sits higher up (smaller y)
    assert report.trend.polyline == f"{first.x},{first.y} {last.x},{last.y}"


def test_trend_puts_confidence_five_at_the_top_and_one_at_the_bottom(owner, guide, numbered):
    rate(owner, numbered[1], 5, NOW - timedelta(days=1))
    rate(owner, numbered[2], 1, NOW)

    report = guide_progress(owner, guide, now=NOW)

    top = next(line for line in report.trend.gridlines if line.label == "5")
    bottom = next(line for line in report.trend.gridlines if line.label == "1")
    assert [point.y for point in report.trend.points] == [top.y, bottom.y]


def test_other_users_ratings_are_not_counted(owner, other_user, guide, numbered):
    for number in range(1, 9):
        rate(other_user, numbered[number], 1, NOW - timedelta(days=number))
    rate(owner, numbered[1], 4, NOW - timedelta(days=20))

    report = guide_progress(owner, guide, now=NOW)

    assert report.rated == 1
    assert [item.question.number for item in report.weakest] == [1]
    assert report.rating_count == 1
    assert report.streak.days == 0
    assert [count.count for count in report.sections[1].counts] == [0, 0, 0, 0, 0, 4]


def test_guides_are_annotated_with_the_users_rated_count(owner, other_user, guide, numbered):
    GuideFactory(title="Zeta")
    rate(owner, numbered[1], 4, NOW)
    rate(owner, numbered[2], 4, NOW)
    rate(other_user, numbered[3], 4, NOW)

    counts = {
        guide.title: guide.rated_count
        for guide in with_rated_counts(type(guide).objects.with_counts(), owner)
    }

    assert counts == {guide.title: 2, "Zeta": 0}


# The page


@pytest.fixture
def recent(owner, numbered):
    """Ratings in the last few days of real time, since the view uses the clock: three days
    ago, yesterday and now (an hour ago is yesterday in the first hour of a day)."""
    now = timezone.now()
    rate(owner, numbered[1], 2, now - timedelta(days=3))
    rate(owner, numbered[2], 4, now - timedelta(days=1))
    rate(owner, numbered[5], 1, now)
    return now


def test_page_says_how_many_questions_are_rated(client, owner, guide, recent):
    client.force_login(owner)

    content = client.get(progress_url(guide)).content.decode()

    assert "3 of 15 rated" in content
    assert "<h1>Your progress: ML Interview" in content


def test_page_table_shows_the_distribution_per_section(client, owner, guide, recent):
    client.force_login(owner)

    content = client.get(progress_url(guide)).content.decode()

    assert table_row(content, "Section 1 — Core") == [0, 1, 0, 1, 0, 2, 4]
    assert table_row(content, "Section 2 — Deep &amp; Neural") == [
        1,
        0,
        0,
        0,
        0,
        3,
        4,
    ]


def test_page_draws_svg_charts_with_text_alternatives(client, owner, guide, recent):
    client.force_login(owner)

    content = client.get(progress_url(guide)).content.decode()

    assert content.count('class="chart stacked-bar" role="img" aria-label="Section ') == 4
    assert 'class="chart heatmap" role="img" aria-label="Ratings per day' in content
    assert 'class="chart trend" role="img" aria-label="Mean confidence per day' in content
    assert "<summary>Show as a table</summary>" in content
    assert content.count("<table") == 4
    assert "1 No idea" in content
    assert "5 Nailed it" in content
    assert "style=" not in content.split('<main id="main"')[1]


def test_page_lists_weakest_questions_with_links(client, owner, guide, numbered, recent):
    client.force_login(owner)

    content = client.get(progress_url(guide)).content.decode()

    weakest = content.split('id="weakest-heading"')[1].split("</section>")[0]
    links = re.findall(r'<a href="(/guides/[^"]+)">', weakest)
    assert links[:3] == [numbered[n].get_absolute_url() for n in (5, 1, 2)]
    assert "2 – Shaky" in weakest
    assert "last rated 3 days ago" in weakest
    assert "12 questions not yet rated" in weakest
    assert f'href="{guide.get_absolute_url()}"' in weakest


def test_page_shows_activity_summary_and_streak(client, owner, guide, recent):
    client.force_login(owner)

    content = client.get(progress_url(guide)).content.decode()

    assert "3 ratings on 3 days in the last 12 weeks" in content
    assert "<title>1 rating on " in content


def test_page_never_shows_another_users_ratings(client, owner, other_user, guide, numbered):
    now = timezone.now()
    rate(other_user, numbered[9], 1, now - timedelta(days=1))
    rate(owner, numbered[1], 3, now - timedelta(days=2))
    client.force_login(owner)

    content = client.get(progress_url(guide)).content.decode()

    assert "1 of 15 rated" in content
    assert numbered[9].get_absolute_url() not in content
    assert "1 rating on 1 day in the last 12 weeks" in content


def test_page_without_ratings_invites_to_start(client, owner, guide):
    client.force_login(owner)

    content = client.get(progress_url(guide)).content.decode()

    assert "0 of 15 rated" in content
    assert "You haven’t rated any questions in this guide yet." in content
    assert f'href="{guide.get_absolute_url()}"' in content
    assert 'role="img"' not in content


def test_anonymous_visitors_are_sent_to_sign_in(client, guide):
    response = client.get(progress_url(guide))

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={progress_url(guide)}"


def test_overview_goes_straight_to_the_only_guide(client, owner, guide):
    client.force_login(owner)

    response = client.get(reverse("practice:progress_overview"))

    assert response.status_code == 302
    assert response["Location"] == progress_url(guide)


def test_overview_lists_guides_when_there_are_several(client, owner, guide):
    other = GuideFactory(title="Systems Design", slug="systems-design")
    client.force_login(owner)

    response = client.get(reverse("practice:progress_overview"))

    content = response.content.decode()
    assert response.status_code == 200
    assert f'href="{progress_url(guide)}"' in content
    assert f'href="{progress_url(other)}"' in content
    assert "0 of 15 rated" in content
    assert "0 of 0 rated" in content


def test_overview_counts_the_users_rated_questions(client, owner, other_user, guide):
    GuideFactory(title="Systems Design", slug="systems-design")
    questions = list(Question.objects.live().in_guide(guide)[:3])
    for question in questions:
        rate_question(user=owner, question=question, confidence=4)
    rate_question(user=other_user, question=questions[0], confidence=4)
    client.force_login(owner)

    content = client.get(reverse("practice:progress_overview")).content.decode()

    assert "3 of 15 rated" in content


def make_guide(question_count):
    guide = GuideFactory(slug=f"big-{question_count}")
    sections = [SectionFactory(guide=guide, number=number) for number in range(1, 5)]
    Question.objects.bulk_create(
        Question(
            section=sections[index % 4],
            number=index + 1,
            prompt=f"Question {index + 1}?",
            answer="An answer.",
            answer_html="<p>An answer.</p>",
        )
        for index in range(question_count)
    )
    return guide


@pytest.mark.parametrize("question_count", [3, 30])
def test_page_queries_do_not_grow_with_questions_or_ratings(
    client, owner, django_assert_max_num_queries, question_count
):
    guide = make_guide(question_count)
    now = timezone.now()
    for index, question in enumerate(Question.objects.in_guide(guide)):
        rate(owner, question, index % 5 + 1, now - timedelta(days=7 + index % 80))
        rate(owner, question, (index + 2) % 5 + 1, now - timedelta(days=index % 7))
    client.force_login(owner)

    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(progress_url(guide))

    assert f"{question_count} of {question_count} rated" in response.content.decode()
