"""A new user in a real browser: sign up, reveal, rate with the keyboard, review, progress."""

import re

import pytest
from playwright.sync_api import expect

from guide.models import Question
from practice.models import ConfidenceRating, QuestionProgress
from practice.rating import rate_question
from tests.browser.conftest import assert_no_axe_violations, assert_no_axe_violations_on

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

GUIDE = "/guides/ml/"
PASSWORD = "correct horse battery staple"


def test_sign_up_reveal_and_rate_with_the_keyboard(page, live_url, small_guide):
    page.goto(live_url + GUIDE)
    page.get_by_role("link", name="Sign up").click()
    page.get_by_label("Username").fill("newcomer")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password confirmation").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page).to_have_url(live_url + GUIDE)
    expect(page.get_by_role("link", name=re.compile("newcomer"))).to_be_visible()

    page.locator("#toggle-3").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#q-3 .answer")).to_contain_text("K-Fold CV")
    expect(page.locator("#answer-3")).to_have_attribute("data-revealed-at", re.compile(r"^\d+$"))
    page.keyboard.press("4")

    status = page.locator("#q-3 .rating-status")
    expect(status).to_contain_text("Your confidence: 4 – Good")
    expect(page.locator("#q-3 .confidence-badge")).to_have_text(re.compile("4 – Good"))
    expect(page.locator("#q-3 .confidence-button.is-current")).to_have_text(re.compile("4 – Good"))
    assert page.url == live_url + GUIDE
    rating = ConfidenceRating.objects.get(user__username="newcomer")
    assert rating.confidence == 4
    assert rating.seconds_spent is not None

    page.keyboard.press("2")
    expect(status).to_contain_text("Your confidence: 2 – Shaky")
    assert ConfidenceRating.objects.filter(user__username="newcomer").count() == 2
    assert QuestionProgress.objects.get(user__username="newcomer").confidence == 2


def test_space_reveals_and_j_k_move_between_questions(page, live_url, small_guide, sign_in):
    sign_in("newcomer")
    page.goto(live_url + GUIDE)

    page.keyboard.press("j")
    page.keyboard.press("j")
    assert page.evaluate("document.activeElement.id") == "toggle-2"
    page.keyboard.press("k")
    assert page.evaluate("document.activeElement.id") == "toggle-1"
    page.keyboard.press(" ")
    expect(page.locator("#q-1 .answer")).to_contain_text("High bias")


def test_shortcuts_do_not_fire_while_typing(page, live_url, small_guide, sign_in):
    sign_in("newcomer")
    page.goto(live_url + GUIDE)
    page.locator("#toggle-1").click()
    expect(page.locator("#q-1 .rating")).to_be_visible()

    page.get_by_role("searchbox", name="Search questions").first.fill("")
    page.keyboard.type("bias 5 j")

    assert not ConfidenceRating.objects.exists()
    expect(page.get_by_role("searchbox", name="Search questions").first).to_have_value("bias 5 j")


def test_question_mark_opens_the_shortcut_help(page, live_url, small_guide):
    page.goto(live_url + GUIDE)

    page.keyboard.press("?")

    help_panel = page.locator("#shortcuts-help")
    expect(help_panel).to_have_attribute("open", "")
    expect(help_panel).to_contain_text("Rate your confidence")


def test_review_walks_through_questions_one_at_a_time(page, live_url, small_guide, sign_in):
    sign_in("newcomer")
    page.goto(live_url + "/review/")
    expect(page.locator(".review-card .eyebrow")).to_contain_text("New question")
    first = page.locator("#current-title").inner_text()

    page.keyboard.press(" ")
    expect(page.locator(".review-card .answer")).to_be_visible()
    page.keyboard.press("5")

    expect(page.locator("#current-title")).not_to_have_text(first)
    expect(page).to_have_url(live_url + "/review/")
    assert ConfidenceRating.objects.get().confidence == 5


def test_rating_shows_up_on_the_progress_page(page, live_url, small_guide, sign_in):
    sign_in("newcomer")
    page.goto(live_url + GUIDE)
    page.locator("#toggle-1").click()
    page.locator("#q-1").get_by_role("button", name=re.compile("^3 – Okay")).click()
    expect(page.locator("#q-1 .rating-status")).to_contain_text("3 – Okay")

    page.get_by_role("link", name="Progress").click()

    expect(page).to_have_url(live_url + "/progress/ml/")
    expect(page.locator("main")).to_contain_text("1 of 3 rated")


def test_without_javascript_rating_posts_and_comes_back(browser, live_url, small_guide, sign_in):
    context = browser.new_context(java_script_enabled=False)
    sign_in("newcomer", context)
    page = context.new_page()
    page.goto(live_url + GUIDE)

    page.locator("#q-2").get_by_role("link", name=re.compile("Show answer")).click()
    page.get_by_role("button", name=re.compile("^1 – No idea")).click()

    expect(page).to_have_url(live_url + GUIDE + "questions/2/?answer=shown")
    expect(page.locator(".rating-status")).to_contain_text("Your confidence: 1 – No idea")
    context.close()


def test_sign_up_and_sign_in_pages_have_no_accessibility_violations(page, live_url):
    assert_no_axe_violations_on(page, live_url, ["/accounts/signup/", "/accounts/login/"])


def test_account_and_practice_pages_have_no_accessibility_violations(
    page, live_url, small_guide, sign_in
):
    user = sign_in("newcomer")
    rate_question(user=user, question=Question.objects.get(number=1), confidence=2)

    assert_no_axe_violations_on(
        page,
        live_url,
        [
            "/accounts/profile/",
            "/review/",
            "/progress/ml/",
            "/accounts/delete/",
            "/accounts/password/change/",
        ],
    )


def test_revealed_answer_with_rating_has_no_accessibility_violations(
    page, live_url, small_guide, sign_in
):
    sign_in("newcomer")
    page.goto(live_url + GUIDE)
    page.locator("#toggle-1").click()
    page.locator("#q-1").get_by_role("button", name=re.compile("^4 – Good")).click()
    expect(page.locator("#q-1 .rating-status")).to_contain_text("4 – Good")

    assert_no_axe_violations(page)


def test_signup_errors_have_no_accessibility_violations(page, live_url):
    page.goto(live_url + "/accounts/signup/")
    page.get_by_role("button", name="Create account").click()

    expect(page.get_by_text("There is a problem")).to_be_visible()
    assert_no_axe_violations(page)
