"""“Check my answer” in a real browser: the hints appear in place, and the page stays clean
for a screen reader (axe)."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_no_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SMALL = "/guides/ml/"


def test_checking_an_answer_shows_hints_in_place(page, live_url, small_guide):
    page.goto(live_url + SMALL)
    page.evaluate("window.stillTheSamePage = true")
    question = page.locator("#q-1")
    question.get_by_role("link", name=re.compile("Show answer")).click()

    question.get_by_text("Check my answer").first.click()
    question.get_by_label("Your answer").fill("A model that is too simple has high bias.")
    question.get_by_role("button", name="Check my answer").click()

    hints = question.locator(".check-result")
    expect(hints).to_contain_text("Covered:")
    expect(hints).to_contain_text("Your words: “A model that is too simple has high bias.”")
    assert page.evaluate("window.stillTheSamePage") is True
    assert_no_axe_violations(page)
