"""A partner interview in two browsers: the person signed in, the partner anonymous."""

import os
import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_no_axe_violations

SCREENSHOTS = os.environ.get("SCREENSHOT_DIR")
# The person's screen polls every 1.5 s; an update must show within 2 s.
FOLLOW_MS = 2_000

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def watch_csp(page):
    blocked = []
    page.on(
        "console",
        lambda message: (
            blocked.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return blocked


def start_partner_interview(page, live_url, count):
    page.goto(live_url + "/mock/")
    page.get_by_label("Number of questions").fill(str(count))
    page.get_by_label(re.compile("^Random")).check()
    page.get_by_label("Minutes per question").fill("2")
    page.get_by_role("button", name="With a partner").click()
    expect(page.get_by_role("heading", name="Invite your partner")).to_be_visible()
    return page.locator("[data-partner-link]").input_value()


@pytest.fixture
def partner_page(browser):
    context = browser.new_context()
    page = context.new_page()
    blocked = watch_csp(page)
    yield page
    context.close()
    assert not blocked, blocked


def shoot(page, name, width):
    if SCREENSHOTS:
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=os.path.join(SCREENSHOTS, f"{name}-{width}.png"), full_page=True)


def test_a_three_question_partner_interview_in_two_browsers(
    page, partner_page, live_url, small_guide, sign_in
):
    sign_in("candidate")
    link = start_partner_interview(page, live_url, count=3)
    assert "/mock/partner/" in link
    assert_no_axe_violations(page)
    shoot(page, "partner-invite", 390)

    partner_page.goto(link)
    partner_page.get_by_label("Your name").fill("Sam")
    partner_page.get_by_role("button", name="Join as the interviewer").click()
    expect(partner_page.locator(".mock-counter")).to_have_text("Question 1 of 3")
    expect(page.get_by_role("heading", name="Sam is your partner")).to_be_visible(
        timeout=FOLLOW_MS
    )

    # The partner has the model answer and its key points; the person's DOM has neither.
    expect(partner_page.locator(".partner-model > .prose")).not_to_be_empty()
    prompt = partner_page.locator(".mock-prompt").inner_text()
    expect(page.locator(".mock-prompt")).to_have_text(prompt)
    person_html = page.content()
    for words in partner_page.locator(".partner-model > .prose strong").all_inner_texts():
        assert words not in person_html
    assert page.locator(".mock-model, .partner-model, .prose").count() == 0
    assert_no_axe_violations(partner_page)
    assert_no_axe_violations(page)
    for width in (1280, 390):
        shoot(page, "partner-person", width)
        shoot(partner_page, "partner-interviewer", width)

    points = partner_page.locator(".partner-points input[type=checkbox]")
    total_points = points.count()
    assert total_points >= 1
    first_point = partner_page.locator(".partner-points label").first.inner_text()
    assert first_point not in page.content()

    for number in range(3):
        counter = f"Question {number + 1} of 3"
        expect(partner_page.locator(".mock-counter")).to_have_text(counter)
        expect(page.locator(".mock-counter")).to_have_text(counter, timeout=FOLLOW_MS)
        expect(page.locator("[data-partner-status]")).to_have_text(
            f"Your partner is on question {number + 1} of 3.", timeout=FOLLOW_MS
        )
        partner_page.locator(".partner-points input[type=checkbox]").first.check()
        expect(page.locator("[data-ticked-count]")).to_contain_text("1 of", timeout=FOLLOW_MS)
        partner_page.get_by_label("Your notes on this answer").fill(
            f"Note {number + 1}: <b>ok</b>"
        )
        expect(page.locator("[data-notes-flag]")).to_be_visible(timeout=FOLLOW_MS)
        partner_page.get_by_text("4 – Good").click()
        expect(page.locator("[data-partner-rating]")).to_have_text("4 – Good", timeout=FOLLOW_MS)
        assert "<b>ok</b>" not in page.content()
        if number < 2:
            partner_page.get_by_role("button", name="Next question").click()
            # The question just asked, with the partner's notes, shows as escaped text.
            expect(page.locator("[data-partner-notes]").nth(number)).to_have_text(
                f"Note {number + 1}: <b>ok</b>", timeout=FOLLOW_MS
            )
        else:
            partner_page.get_by_role("button", name="Finish the interview").click()

    expect(partner_page.get_by_role("heading", name="Thank you, Sam")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/partner/summary/$"), timeout=FOLLOW_MS)
    expect(page.locator("[data-partner-notes]")).to_have_count(3)
    expect(page.locator("[data-partner-notes]").first).to_have_text("Note 1: <b>ok</b>")
    expect(page.get_by_role("button", name=re.compile(r"Adopt partner's rating"))).to_have_count(3)
    page.get_by_role("button", name=re.compile(r"Adopt partner's rating")).first.click()
    expect(page.locator(".partner-self-rating legend").first).to_contain_text("4 – Good")
    shoot(page, "partner-summary", 1280)

    # The interview is over: the link opens a closed page for anyone else.
    partner_page.context.clear_cookies()
    partner_page.goto(link)
    expect(partner_page.get_by_role("heading", name="This interview is closed")).to_be_visible()


def test_revoking_the_link_closes_the_partners_screen(
    page, partner_page, live_url, small_guide, sign_in
):
    sign_in("candidate")
    link = start_partner_interview(page, live_url, count=2)
    partner_page.goto(link)
    partner_page.get_by_label("Your name").fill("Sam")
    partner_page.get_by_role("button", name="Join as the interviewer").click()
    expect(partner_page.locator(".partner-model")).to_be_visible()

    page.get_by_role("button", name="Revoke the link").click()
    expect(page.get_by_role("heading", name="You revoked the partner link")).to_be_visible()
    # The partner's screen notices by itself, without a reload.
    expect(partner_page.get_by_role("heading", name="This interview is closed")).to_be_visible(
        timeout=3_000
    )
    expect(partner_page.locator(".partner-model")).to_have_count(0)
