""" "My answer" notes in a real browser: add one beside a revealed answer, see it rendered, edit
it, with and without JavaScript."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from guide.models import Guide
from practice.mock_interviews import services as interviews
from practice.models import AnswerNote, MockSession
from practice.services import save_answer_note
from tests.browser.conftest import assert_no_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

GUIDE = "/guides/ai-ml-interview/"
NOTE = "I would say: **bias** is error from wrong assumptions, $x^2$ grows."


def test_add_a_note_beside_the_revealed_answer_see_it_rendered_and_edit_it(
    page, site_url, sign_in
):
    sign_in("newcomer")
    page.goto(site_url + GUIDE)
    page.locator("#toggle-1").click()
    question = page.locator("#q-1")
    expect(question.locator(".answer")).to_be_visible()

    question.get_by_text("Add my answer").click()
    question.get_by_label("My answer, in my own words").fill(NOTE)
    assert_no_axe_violations(page)
    question.get_by_role("button", name="Save my answer").click()

    note = question.locator(".my-answer-text")
    expect(note.locator("strong")).to_have_text("bias")
    expect(note.locator("math")).to_have_count(1)
    expect(question.locator(".my-answer-status")).to_have_text("Saved.")
    # Focus stays in the block: on the control that opens it again.
    edit = question.locator(".my-answer-edit summary")
    expect(edit).to_be_focused()
    expect(edit).to_contain_text("Edit my answer")
    assert page.url == site_url + GUIDE
    assert AnswerNote.objects.get().text == NOTE
    assert_no_axe_violations(page)

    page.keyboard.press("Enter")
    question.get_by_label("My answer, in my own words").fill("Now *shorter*.")
    question.get_by_role("button", name="Save my answer").click()

    expect(note.locator("em")).to_have_text("shorter")
    expect(note.locator("strong")).to_have_count(0)
    assert AnswerNote.objects.get().text == "Now *shorter*."


def test_a_note_over_the_limit_shows_its_error_in_place(page, site_url, sign_in):
    sign_in("newcomer")
    page.goto(site_url + GUIDE)
    page.locator("#toggle-1").click()
    question = page.locator("#q-1")
    question.get_by_text("Add my answer").click()
    box = question.get_by_label("My answer, in my own words")
    # The box stops at its maxlength; a longer text only comes from elsewhere (a script).
    box.evaluate("(box) => { box.removeAttribute('maxlength'); box.value = 'x'.repeat(10001); }")
    question.get_by_role("button", name="Save my answer").click()

    expect(question.locator(".error-message")).to_contain_text(
        "Your note is 10,001 characters long; a note holds up to 10,000."
    )
    expect(question.get_by_label("My answer, in my own words")).to_be_focused()
    expect(question.locator(".my-answer-status")).to_have_text("Not saved.")
    assert not AnswerNote.objects.exists()
    assert_no_axe_violations(page)


def test_without_javascript_a_note_is_added_and_edited_on_the_question_page(
    browser, site_url, sign_in
):
    context = browser.new_context(java_script_enabled=False)
    sign_in("newcomer", context)
    page = context.new_page()
    page.goto(site_url + GUIDE)
    page.locator("#q-2").get_by_role("link", name=re.compile("Show answer")).click()

    page.get_by_text("Add my answer").click()
    page.get_by_label("My answer, in my own words").fill(NOTE)
    page.get_by_role("button", name="Save my answer").click()

    note_id = f"my-answer-{AnswerNote.objects.get().question_id}"
    expect(page).to_have_url(site_url + GUIDE + f"questions/2/?answer=shown#{note_id}")
    expect(page.locator(".messages")).to_contain_text("My answer to question 2: Saved.")
    expect(page.locator(".my-answer-text strong")).to_have_text("bias")
    expect(page.locator(".my-answer-text math")).to_have_count(1)

    page.get_by_text("Edit my answer").click()
    page.get_by_label("My answer, in my own words").fill("")
    page.get_by_role("button", name="Save my answer").click()

    expect(page.locator(".messages")).to_contain_text("My answer to question 2: Deleted.")
    expect(page.get_by_text("Add my answer")).to_be_visible()
    assert not AnswerNote.objects.exists()
    context.close()


def test_the_mock_summary_shows_the_note_and_links_to_edit_it(page, site_url, sign_in):
    user = sign_in("candidate")
    guide = Guide.objects.get(slug="ai-ml-interview")
    question = guide.sections.get(number=1).questions.get(number=1)
    save_answer_note(user=user, question=question, text=NOTE)
    now = timezone.now()
    session = interviews.start_mock_session(
        user=user,
        guide=guide,
        questions=[question],
        strategy=MockSession.Strategy.RANDOM,
        minutes_per_question=2,
        timed=True,
        now=now,
    )
    interviews.reveal(session=session, position=0, text="Underfitting", now=now)
    interviews.rate_item(session=session, position=0, confidence=3, now=now)
    interviews.advance(session=session, from_position=0, now=now)

    page.goto(f"{site_url}/mock/{session.pk}/summary/")

    notes = page.locator(".mock-yours .my-answer-text")
    expect(notes.locator("strong")).to_have_text("bias")
    expect(page.locator(".mock-yours form")).to_have_count(0)
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Edit my answer to question 1").click()
    expect(page).to_have_url(f"{site_url}{GUIDE}questions/1/?answer=shown#my-answer-{question.pk}")
    expect(page.locator(".my-answer-edit summary")).to_contain_text("Edit my answer")
