"""Mock interviews in a real browser: a timed run with the keyboard, and one without JS."""

import os
import re
import time

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from practice.mock_interviews import services as interviews
from practice.models import MockItem, MockSession
from tests.browser.conftest import CHROMIUM_ARGS, assert_no_axe_violations
from tests.factories import QuestionFactory, SectionFactory, start_mock

SCREENSHOTS = os.environ.get("SCREENSHOT_DIR")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ANSWERS = [
    "Bias-variance: high bias underfits while High Variance overfits.",
    "Supervised learning uses labels; reinforcement learning uses rewards.",
    "K-Fold CV, and stratified k-fold for imbalance.",
]


def set_up(page, live_url, *, count, strategy="Random"):
    page.goto(live_url + "/mock/")
    page.get_by_label("Number of questions").fill(str(count))
    page.get_by_label(re.compile("^" + strategy)).check()
    page.get_by_label("Minutes per question").fill("2")
    page.get_by_label(re.compile("^Timed")).check()


def test_a_timed_three_question_session_with_typed_answers_and_the_keyboard(
    page, live_url, small_guide, sign_in
):
    sign_in("candidate")
    set_up(page, live_url, count=3, strategy="Weakest first")
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Start the interview").click()

    for number in range(3):
        expect(page.locator(".mock-counter")).to_have_text(f"Question {number + 1} of 3")
        expect(page.locator("[data-timer-value]")).to_contain_text("left")
        if number == 0:
            assert_no_axe_violations(page)
        box = page.get_by_label("Your answer")
        box.fill(ANSWERS[number])
        expect(page.locator("#autosave-status")).to_contain_text("Saved at")
        box.press(" ")  # typing a space in the answer must not reveal
        expect(page.locator(".mock-model")).to_have_count(0)
        page.locator("h1").click()
        page.keyboard.press(" ")
        expect(page.locator(".mock-model")).to_be_visible()
        expect(page.locator(".your-answer")).to_contain_text(ANSWERS[number].split()[0])
        if number == 0:
            assert_no_axe_violations(page)
        page.keyboard.press(str(number + 3))
        expect(page.locator(".rating-status")).to_contain_text(f"You rated yourself {number + 3}")
        page.keyboard.press("n")

    expect(page).to_have_url(re.compile(r"/mock/\d+/summary/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("How your mock interview went")
    expect(page.locator(".score-card").first).to_contain_text("4.0")
    items = MockItem.objects.filter(session__user__username="candidate").order_by("position")
    assert [item.answer_text for item in items] == [text + " " for text in ANSWERS]
    assert [item.confidence for item in items] == [3, 4, 5]
    expect(page.locator("mark").first).to_be_visible()
    assert_no_axe_violations(page)

    page.get_by_role("button", name="Retry the weakest").click()
    expect(page.locator(".mock-counter")).to_have_text(re.compile(r"Question 1 of \d"))
    assert MockSession.objects.count() == 2


def test_a_reload_does_not_reset_the_clock(page, live_url, small_guide, sign_in):
    sign_in("candidate")
    set_up(page, live_url, count=1)
    page.get_by_role("button", name="Start the interview").click()
    expect(page.locator("[data-timer-value]")).to_contain_text("left")
    session = MockSession.objects.get()
    started = session.items.get().started_at

    page.reload()

    assert session.items.get().started_at == started
    expect(page.locator("[data-timer-value]")).to_contain_text("left")


@pytest.mark.parametrize(
    ("minutes", "seconds_on", "announced"), [(1, 30, ""), (2, 61, "One minute left.")]
)
def test_one_minute_left_is_announced_only_when_the_clock_crosses_into_it(
    page, live_url, small_guide, sign_in, minutes, seconds_on, announced
):
    user = sign_in("candidate")
    questions = small_guide.sections.get().questions.all()[:1]
    session = start_mock(user=user, questions=questions, minutes_per_question=minutes)
    page.clock.install()
    page.goto(live_url + session.get_absolute_url())
    expect(page.locator("[data-timer-value]")).to_contain_text("left")

    page.clock.run_for(seconds_on * 1000)

    expect(page.locator("[data-timer-announcer]")).to_have_text(announced)


def test_setup_shows_only_the_chosen_guides_sections(page, live_url, small_guide, sign_in):
    sign_in("candidate")
    other = SectionFactory(guide__title="Stats", guide__slug="stats", number=1, title="Tests")
    QuestionFactory(section=other, number=1)
    page.goto(live_url + "/mock/")
    expect(page.get_by_label("Section 1 — Core")).to_be_visible()
    expect(page.get_by_label("Section 1 — Tests")).to_be_hidden()

    page.get_by_label("Guide").select_option("Stats")
    page.get_by_label("Section 1 — Tests").check()
    page.get_by_label("Number of questions").fill("1")
    page.get_by_role("button", name="Start the interview").click()

    expect(page.locator(".mock-counter")).to_have_text("Question 1 of 1")
    assert MockSession.objects.get().guide == other.guide


def test_an_answer_typed_just_before_a_reload_is_kept_and_reaches_the_summary(
    page, live_url, small_guide, sign_in
):
    sign_in("candidate")
    set_up(page, live_url, count=1)
    page.get_by_role("button", name="Start the interview").click()
    box = page.get_by_label("Your answer")
    expect(page.locator("#mock-answer-hint")).to_contain_text("it is saved as you type")

    box.press_sequentially("Typed a moment before the reload")
    page.reload()

    expect(box).to_have_value("Typed a moment before the reload")
    expect(page.locator("#autosave-status")).to_contain_text("Saved at")
    page.get_by_role("button", name="End this interview now").click()
    expect(page.locator(".your-answer")).to_have_text("Typed a moment before the reload")


def test_an_answer_typed_just_before_the_tab_closes_is_saved(
    context, live_url, small_guide, sign_in
):
    page = context.new_page()
    sign_in("candidate")
    set_up(page, live_url, count=1)
    page.get_by_role("button", name="Start the interview").click()
    page.get_by_label("Your answer").press_sequentially("Typed as the tab closed")

    page.close()

    summary = context.new_page()
    summary.goto(live_url + "/mock/")
    summary.get_by_role("button", name="Abandon it").click()
    summary.get_by_role("link", name="Your past mock interviews").click()
    summary.locator("tbody a").first.click()
    expect(summary.locator(".your-answer")).to_have_text("Typed as the tab closed")


def test_a_two_question_session_without_javascript(browser, live_url, small_guide, sign_in):
    context = browser.new_context(java_script_enabled=False)
    sign_in("candidate", context)
    page = context.new_page()
    set_up(page, live_url, count=2)
    page.get_by_role("button", name="Start the interview").click()

    for number in range(2):
        expect(page.locator(".mock-counter")).to_have_text(f"Question {number + 1} of 2")
        expect(page.locator(".timer")).to_contain_text("Time limit 2:00")
        expect(page.locator("#mock-answer-hint")).to_contain_text("saved when you press")
        expect(page.locator("#mock-answer-hint")).not_to_contain_text("as you type")
        page.get_by_label("Your answer").fill(f"My answer {number}")
        page.get_by_role("button", name="Save answer").click()
        expect(page.get_by_label("Your answer")).to_have_value(f"My answer {number}")
        page.get_by_role("button", name="Show model answer").click()
        expect(page.locator(".mock-model")).to_be_visible()
        page.get_by_role("button", name=re.compile("^2 – Shaky")).click()
        expect(page.locator(".rating-status")).to_contain_text("You rated yourself 2 – Shaky")
        page.locator("[data-next]").click()

    expect(page).to_have_url(re.compile(r"/mock/\d+/summary/$"))
    expect(page.locator("main")).to_contain_text("My answer 1")
    page.goto(live_url + "/mock/history/")
    expect(page.locator("tbody tr")).to_have_count(1)
    expect(page.locator("tbody")).to_contain_text("Finished")
    context.close()


def test_the_history_fits_a_phone_with_every_column_labelled(
    browser, live_url, small_guide, sign_in
):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    user = sign_in("candidate", context)
    page = context.new_page()
    questions = list(small_guide.sections.get().questions.all())
    start_mock(user=user, questions=questions[:2])
    interviews.abandon(session=start_mock(user=user, questions=questions), now=timezone.now())

    page.goto(live_url + "/mock/history/")
    if SCREENSHOTS:
        page.screenshot(path=os.path.join(SCREENSHOTS, "mock-history-360.png"), full_page=True)

    overflow = page.evaluate(
        "Math.max(...[...document.querySelectorAll('main *')].map("
        "e => e.getBoundingClientRect().right)) - window.innerWidth"
    )
    assert overflow <= 0, f"the history reaches {overflow}px past the screen"
    for label in ("Guide", "Questions", "Score", "Total time", "Status"):
        expect(page.locator(f'td[data-label="{label}"]').first).to_be_visible()
    expect(page.locator("tbody tr").first).to_contain_text("Ended early")
    assert_no_axe_violations(page)
    context.close()


def test_keyboard_hints_are_hidden_on_touch_only_screens(browser, live_url):
    context = browser.new_context(has_touch=True, is_mobile=True)
    page = context.new_page()

    page.goto(live_url + "/")

    expect(page.locator("#shortcuts-help")).to_be_hidden()
    context.close()


def test_keyboard_hints_stay_on_a_touch_screen_that_also_has_a_mouse(
    browser_type, browser_type_launch_args, live_url
):
    # Blink's test settings: a coarse primary pointer (touch) on a device that can hover.
    touch_laptop = browser_type.launch(
        **browser_type_launch_args
        | {"args": [*CHROMIUM_ARGS, "--blink-settings=primaryPointerType=2,primaryHoverType=2"]}
    )
    page = touch_laptop.new_page()

    page.goto(live_url + "/")

    expect(page.locator("#shortcuts-help")).to_be_visible()
    touch_laptop.close()


def saved_answer(expected, attempts=50):
    """The saved answer once it is `expected`, or what it is after a few seconds."""
    for _ in range(attempts):
        text = MockItem.objects.get().answer_text
        if text == expected:
            break
        time.sleep(0.1)
    return text


def test_fast_typing_saves_every_word_and_logs_no_error(
    page, live_url, small_guide, sign_in, monkeypatch
):
    """Autosaves that overlap (a slow server, a pause in typing) wait for each other, so the
    last words are saved; the reveal waits for a save in flight instead of aborting it."""
    save = interviews.save_answer

    def slow_save(**kwargs):
        time.sleep(0.7)
        return save(**kwargs)

    monkeypatch.setattr(interviews, "save_answer", slow_save)
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    sign_in("candidate")
    set_up(page, live_url, count=1)
    page.get_by_role("button", name="Start the interview").click()
    page.get_by_label("Your answer").click()

    for word in ["one ", "two ", "three ", "four "]:
        page.keyboard.type(word, delay=20)
        page.wait_for_timeout(450)  # past the autosave delay, while a save is in flight
    assert saved_answer("one two three four ") == "one two three four "
    page.keyboard.type("five", delay=20)
    page.get_by_role("button", name="Show model answer").click()

    expect(page.locator(".your-answer")).to_contain_text("one two three four five")
    assert saved_answer("one two three four five") == "one two three four five"
    assert errors == []
