"""Answering aloud in a real browser: Chromium's fake microphone plays an espeak-ng answer,
the page records it, uploads it, shows "Transcribing…" and then the transcript and figures
(the worker runs in this process with the real model); and the same by file upload without
JavaScript. SCREENSHOT_DIR=… saves the pages at 1280 and 390 px."""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from practice.models import SpokenAnswer
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, assert_no_axe_violations
from tests.practice.spoken_answers.conftest import SPEECH, run_jobs, speak

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

QUESTION = "/guides/ml/questions/1/"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(scope="module")
def speech_wav(tmp_path_factory):
    path = tmp_path_factory.mktemp("speech") / "answer.wav"
    speak(SPEECH, path)
    return path


@pytest.fixture
def microphone_browser(browser_type, speech_wav):
    """A Chromium of its own whose microphone plays the speech file (16 kHz mono WAV)."""
    browser = browser_type.launch(
        executable_path=CHROMIUM,
        args=[
            *CHROMIUM_ARGS,
            "--use-fake-ui-for-media-stream",
            "--use-fake-device-for-media-stream",
            f"--use-file-for-fake-audio-capture={speech_wav}",
        ],
    )
    yield browser
    browser.close()


def screenshot(page, name: str) -> None:
    folder = os.environ.get("SCREENSHOT_DIR")
    if not folder:
        return
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(Path(folder) / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_record_with_the_microphone_upload_and_see_the_feedback(
    microphone_browser, live_server, small_guide, sign_in
):
    context = microphone_browser.new_context()
    sign_in("speaker", browser_context=context)
    page = context.new_page()
    page.goto(live_server.url + QUESTION)
    panel = page.locator("#answer-aloud")
    panel.get_by_role("button", name="Start recording").click()
    expect(panel.locator("[data-recorder-live]")).to_contain_text("Recording")
    expect(panel.locator("[data-recorder-timer]")).to_have_text(re.compile(r"0:0[4-9]"))
    expect(panel.locator("meter")).to_be_visible()
    screenshot(page, "recording")
    panel.get_by_role("button", name="Stop").click()
    expect(panel.locator("[data-recorder-preview]")).to_be_visible()
    panel.get_by_role("button", name="Upload", exact=True).click()

    expect(page.get_by_text("Transcribing…")).to_be_visible()
    answer = SpokenAnswer.objects.get()
    assert answer.audio.name.endswith(".webm")
    screenshot(page, "transcribing")
    run_jobs()
    # The page polls and swaps in the result on its own.
    expect(page.get_by_role("heading", name="What you said")).to_be_visible(timeout=20_000)
    expect(page.locator(".spoken-transcript")).to_contain_text(re.compile("gradient", re.I))
    expect(page.locator(".spoken-figures")).to_contain_text("wpm")
    expect(page.get_by_role("heading", name="Model answer")).to_be_visible()
    assert_no_axe_violations(page)
    screenshot(page, "feedback")
    context.close()


def test_upload_a_recording_without_javascript(
    browser, live_server, small_guide, sign_in, speech_wav
):
    context = browser.new_context(java_script_enabled=False)
    sign_in("typist", browser_context=context)
    page = context.new_page()
    page.goto(live_server.url + QUESTION)
    expect(page.get_by_role("button", name="Start recording")).to_be_hidden()
    page.get_by_label("Upload a recording", exact=True).set_input_files(str(speech_wav))
    page.get_by_role("button", name="Upload recording").click()
    expect(page.get_by_text("Transcribing…")).to_be_visible()
    run_jobs()
    page.get_by_role("link", name="Refresh").click()
    expect(page.locator(".spoken-transcript")).to_contain_text(re.compile("learning rate", re.I))
    expect(page.locator(".spoken-figures")).to_contain_text("Longest pause")
    context.close()
