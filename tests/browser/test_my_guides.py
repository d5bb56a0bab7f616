"""My guides in a real browser: write a guide with a section and a question with math, watch
the live preview, practise it on its guide page (reveal, rate); and the same without
JavaScript. Screenshots of the editor at 1280 and 360 pixels when SCREENSHOT_DIR is set."""

import os
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from guide.models import Question
from practice.models import ConfidenceRating
from tests.factories import UserFactory

SCREENSHOTS = os.environ.get("SCREENSHOT_DIR")
PASSWORD = "correct horse battery staple"
ANSWER = "The **Euclidean** length: $\\sqrt{x^2 + y^2}$."

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, site_url):
    UserFactory(username="writer")
    page.goto(site_url + "/accounts/login/")
    page.get_by_label("Username").fill("writer")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("link", name=re.compile("writer"))).to_be_visible()


def assert_no_axe_violations(page):
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def assert_no_horizontal_scroll(page):
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page is {overflow}px wider than the screen"


def screenshot(page, name):
    if SCREENSHOTS:
        page.screenshot(path=os.path.join(SCREENSHOTS, name), full_page=True)


def write_a_guide(page, site_url):
    """From the header to a guide with one section, ready for its first question."""
    page.goto(site_url + "/")
    page.get_by_role("link", name="My guides").click()
    page.get_by_role("link", name="New guide").click()
    page.get_by_label("Title", exact=True).fill("Geometry for ML")
    page.get_by_role("button", name="Create the guide").click()
    expect(page.locator(".messages")).to_contain_text("Your guide is ready")
    page.get_by_role("link", name="Add a section").click()
    page.get_by_label("Title", exact=True).fill("Norms")
    page.get_by_role("button", name="Add the section").click()
    page.get_by_role("link", name=re.compile("^Add a question")).click()
    page.get_by_label("Question", exact=True).fill("What is the L2 norm?")


def practise(page, site_url):
    """Open the guide from the editor, reveal the answer and rate it 4."""
    page.get_by_role("link", name="Practise it").click()
    expect(page.locator(".own-guide-note")).to_contain_text("Your guide")
    page.get_by_role("link", name=re.compile("^Show answer")).click()
    expect(page.locator("main math").first).to_be_visible()
    page.get_by_role("button", name=re.compile("^4 – Good")).click()
    expect(page.locator(".rating-status")).to_contain_text("Your confidence: 4 – Good")
    assert ConfidenceRating.objects.get(user__username="writer").confidence == 4


def test_write_preview_and_practise_a_guide_of_your_own(page, site_url):
    sign_in(page, site_url)
    write_a_guide(page, site_url)

    page.get_by_label("Answer").fill(ANSWER)
    preview = page.locator("#preview-body")
    expect(preview.locator("strong")).to_have_text("Euclidean")
    expect(preview.locator("math")).to_be_visible()
    page.get_by_label("Pro tip").fill("Name the *unit ball*.")
    expect(preview.locator(".pro-tip em")).to_have_text("unit ball")
    assert not Question.objects.filter(prompt="What is the L2 norm?").exists()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Add the question").click()

    expect(page.locator(".editor-question")).to_contain_text("Q1. What is the L2 norm?")
    assert_no_axe_violations(page)
    practise(page, site_url)
    assert_no_axe_violations(page)


def test_the_preview_button_and_the_whole_flow_work_without_javascript(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    sign_in(page, site_url)
    write_a_guide(page, site_url)

    page.get_by_label("Answer").fill(ANSWER)
    page.get_by_role("button", name="Preview").click()
    expect(page.locator("#preview-body strong")).to_have_text("Euclidean")
    expect(page.get_by_label("Answer")).to_have_value(ANSWER)
    assert not Question.objects.filter(prompt="What is the L2 norm?").exists()
    page.get_by_role("button", name="Add the question").click()

    practise(page, site_url)
    expect(page).to_have_url(re.compile(r"/questions/1/\?answer=shown$"))
    context.close()


@pytest.mark.parametrize("width", [1280, 360])
def test_the_editor_fits_the_screen_and_is_accessible(browser, site_url, width):
    page = browser.new_page(viewport={"width": width, "height": 900})
    sign_in(page, site_url)
    write_a_guide(page, site_url)
    page.get_by_label("Answer").fill(ANSWER)
    page.get_by_label("Pro tip").fill("Name the *unit ball*.")
    expect(page.locator("#preview-body math")).to_be_visible()
    screenshot(page, f"my-question-{width}.png")
    assert_no_horizontal_scroll(page)
    page.get_by_role("button", name="Add the question").click()
    page.get_by_role("link", name=re.compile("^Add a question")).click()
    page.get_by_label("Question", exact=True).fill("Why normalise features before k-NN?")
    page.get_by_label("Answer").fill("Distances would be dominated by the largest scale.")
    page.get_by_role("button", name="Add the question").click()

    page.get_by_role("button", name="Move up question 2").click()
    expect(page.locator(".editor-question").first).to_contain_text("Q1. Why normalise")
    screenshot(page, f"my-guide-editor-{width}.png")
    assert_no_horizontal_scroll(page)
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Delete this guide").click()
    expect(page.locator("main")).to_contain_text("Questions")
    screenshot(page, f"my-guide-delete-{width}.png")
    assert_no_axe_violations(page)
    page.close()
