"""A reader in a real browser: inline reveal, the no-JavaScript path, and accessibility."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_no_axe_violations, assert_no_axe_violations_on
from tests.factories import QuestionFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

GUIDE = "/guides/ai-ml-interview/"
SMALL = "/guides/ml/"


def test_show_answer_reveals_inline_without_leaving_the_page(page, live_url, small_guide):
    page.goto(live_url + SMALL)
    page.evaluate("window.stillTheSamePage = true")
    question = page.locator("#q-1")
    expect(question.get_by_text("underfitting")).to_have_count(0)

    question.get_by_role("link", name=re.compile("Show answer")).click()

    expect(question.locator(".answer")).to_contain_text("High bias")
    expect(question.locator(".pro-tip")).to_contain_text("Mention an example.")
    assert page.url == live_url + SMALL
    assert page.evaluate("window.stillTheSamePage") is True
    assert page.evaluate("document.activeElement.id") == "toggle-1"
    expect(page.locator("#toggle-1")).to_have_attribute("aria-expanded", "true")


def test_a_second_click_hides_the_answer_again(page, live_url, small_guide):
    page.goto(live_url + SMALL)
    toggle = page.locator("#toggle-3")
    toggle.click()
    expect(page.locator("#q-3 .answer")).to_contain_text("K-Fold CV")

    page.locator("#toggle-3").click()

    expect(page.locator("#q-3 .answer")).to_have_count(0)
    expect(page.locator("#toggle-3")).to_have_text(re.compile("Show answer"))
    assert page.url == live_url + SMALL


def test_math_in_an_answer_is_rendered_as_mathml(page, live_url, small_guide):
    section = small_guide.sections.get()
    QuestionFactory(section=section, number=4, answer="Weights are scaled by $(1-p)$.")
    page.goto(live_url + SMALL)
    page.locator("#toggle-4").click()

    expect(page.locator("#q-4 .answer math")).to_have_count(1)
    box = page.locator("#q-4 .answer math").bounding_box()
    assert box
    assert box["width"] > 10


def test_without_javascript_show_answer_opens_the_question_page(browser, live_url, small_guide):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_url + SMALL)
    prompt = small_guide.sections.get().questions.get(number=2).prompt

    page.locator("#q-2").get_by_role("link", name=re.compile("Show answer")).click()

    expect(page).to_have_url(live_url + SMALL + "questions/2/?answer=shown")
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(re.escape(prompt)))
    expect(page.locator(".answer")).to_contain_text("uses labels")
    page.get_by_role("link", name=re.compile("Next")).click()
    expect(page).to_have_url(live_url + SMALL + "questions/3/")
    context.close()


def test_every_script_and_stylesheet_is_served_by_the_app(page, live_url, small_guide):
    page.goto(live_url + SMALL)

    sources = page.eval_on_selector_all(
        "script[src], link[rel=stylesheet]", "els => els.map(e => e.src || e.href)"
    )
    assert sources
    assert all(source.startswith(live_url + "/static/") for source in sources)


AXE_PAGES = [
    "/",
    GUIDE,
    GUIDE + "questions/1/",
    GUIDE + "questions/15/",
    GUIDE + "tips/",
    "/search/?q=gradient",
    "/search/?q=nothing-matches-this",
    "/search/?q=" + "x" * 300,
    "/no-such-page/",
]


@pytest.mark.parametrize(
    "viewport", [{"width": 1280, "height": 900}, {"width": 360, "height": 740}]
)
def test_pages_of_the_shipped_guide_have_no_accessibility_violations(browser, site_url, viewport):
    page = browser.new_page(viewport=viewport)

    assert_no_axe_violations_on(page, site_url, AXE_PAGES)
    page.close()


def test_guide_page_with_revealed_answers_has_no_accessibility_violations(page, site_url):
    page.goto(site_url + GUIDE)
    for number in (1, 7, 14):
        page.locator(f"#toggle-{number}").click()
        expect(page.locator(f"#q-{number} .answer")).to_be_visible()

    assert_no_axe_violations(page)


def test_phone_width_has_no_horizontal_scroll(browser, site_url):
    page = browser.new_page(viewport={"width": 360, "height": 740})
    for path in ("/", GUIDE, GUIDE + "questions/4/"):
        page.goto(site_url + path)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px"
    page.close()


def test_the_profile_has_no_horizontal_scroll_at_phone_width(browser, live_url, sign_in):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    sign_in(UserFactory(username="newbie1", email="newbie1.with.a.long.name@example.com"), context)
    page = context.new_page()
    page.goto(live_url + "/accounts/profile/")

    expect(page.get_by_text("newbie1.with.a.long.name@example.com")).to_be_visible()
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the profile scrolls sideways by {overflow}px"
    context.close()


@pytest.mark.parametrize(
    ("width", "tallest", "field_shown"), [(1280, 70, True), (360, 150, False)]
)
def test_the_signed_in_header_is_one_row_wide_and_three_short_rows_on_a_phone(
    browser, live_url, small_guide, sign_in, width, tallest, field_shown
):
    context = browser.new_context(viewport={"width": width, "height": 740})
    sign_in("newcomer", context)
    page = context.new_page()
    page.goto(live_url + "/review/")

    header = page.locator(".site-header").bounding_box()
    assert header
    assert header["height"] <= tallest
    brand = page.locator(".brand").bounding_box()
    heading = page.get_by_role("heading", level=1).bounding_box()
    assert brand
    assert heading
    assert abs(brand["x"] - heading["x"]) <= 2  # the header's column is the content's
    search = page.get_by_role("searchbox", name="Search questions")
    link = page.locator(".site-header").get_by_role("link", name="Search", exact=True)
    assert search.is_visible() is field_shown
    assert link.is_visible() is not field_shown
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    context.close()
