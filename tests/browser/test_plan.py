"""The interview plan in a real browser: set the date, read the plan and its forecast, do
today's review and watch the header's count fall; with and without JavaScript."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from guide.models import Question
from practice.models import InterviewDate
from practice.rating import rate_question
from tests.browser.conftest import assert_no_axe_violations
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PLAN = "/plan/ai-ml-interview/"


@pytest.fixture
def learner(site_url):
    """Someone who rated three questions badly three days ago: all three are due now."""
    user = UserFactory(username="ada")
    now = timezone.now()
    for question in Question.objects.in_order()[:3]:
        rate_question(user=user, question=question, confidence=1, at=now - timedelta(days=3))
    return user


def interview_day(days=10) -> str:
    return (timezone.localdate() + timedelta(days=days)).isoformat()


def review_link(page):
    return page.get_by_role("navigation", name="Main").get_by_role(
        "link", name=re.compile("^Review")
    )


def test_set_the_date_read_the_plan_and_do_todays_review(page, site_url, learner, sign_in):
    sign_in(learner)
    page.goto(site_url + "/progress/ai-ml-interview/")
    expect(page.locator("main")).to_contain_text("predicted recall 7 days from now")

    page.get_by_role("link", name="Set your interview date").click()
    expect(page).to_have_url(site_url + PLAN)
    page.get_by_label("Interview date").fill(interview_day())
    page.get_by_role("button", name="Save the date").click()

    expect(page.locator(".messages")).to_contain_text("Your interview date is saved")
    expect(page.locator(".plan-date")).to_contain_text("Interview in 10 days")
    expect(page.get_by_role("heading", name=re.compile("^Forecast for"))).to_be_visible()
    expect(page.locator(".forecast-row").first).to_contain_text("If you follow the plan:")
    expect(page.locator(".load-chart")).to_have_attribute(
        "aria-label", re.compile("^Questions per day")
    )
    # The header counts today's plan, as the plan page lists it (the budget leaves a review
    # for tomorrow).
    expect(page.locator(".plan-today-summary")).to_contain_text("2 reviews and 2 new questions")
    expect(review_link(page)).to_have_accessible_name("Review, 4 to do today")
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Start today’s review").click()
    expect(page).to_have_url(site_url + "/review/")
    page.keyboard.press(" ")
    expect(page.locator(".review-card .answer")).to_be_visible()
    page.keyboard.press("5")

    expect(review_link(page)).to_have_accessible_name("Review, 3 to do today")
    assert_no_axe_violations(page)
    page.goto(site_url + "/")
    expect(page.get_by_role("heading", name="Today")).to_be_visible()
    expect(page.locator(".today-countdown")).to_contain_text("Interview in 10 days")
    assert_no_axe_violations(page)


def test_the_same_flow_without_javascript(browser, site_url, learner, sign_in):
    context = browser.new_context(java_script_enabled=False)
    sign_in(learner, context)
    page = context.new_page()
    page.goto(site_url + PLAN)

    page.get_by_label("Interview date").fill(timezone.localdate().isoformat())
    page.get_by_role("button", name="Save the date").click()
    expect(page.locator(".error-summary")).to_contain_text(
        "The interview date must be in the future: tomorrow or later."
    )
    assert not InterviewDate.objects.exists()

    page.get_by_label("Interview date").fill(interview_day(12))
    page.get_by_label("Time (optional)").fill("14:30")
    page.get_by_role("button", name="Save the date").click()
    expect(page.locator(".plan-date")).to_contain_text("Interview in 12 days")
    expect(page.locator(".plan-date")).to_contain_text("at 14:30")
    page.get_by_text("Show as a table").first.click()
    expect(page.get_by_role("table", name=re.compile("^Predicted recall on"))).to_be_visible()

    page.get_by_role("link", name="Start today’s review").click()
    page.get_by_role("link", name=re.compile("Show answer")).click()
    page.get_by_role("button", name=re.compile("^5 – Nailed it")).click()

    expect(page).to_have_url(site_url + "/review/")
    expect(review_link(page)).to_have_accessible_name("Review, 3 to do today")
    context.close()
