"""The header on a phone and on a wide screen: every destination is on screen and can be
tapped, signed in or not, with no sideways scrolling (the links wrap)."""

import os
from pathlib import Path

import pytest

from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = os.environ.get("SCREENSHOT_DIR")
SIGNED_IN = [
    "Review",
    "Progress",
    "Mock interview",
    "My guides",
    "Library",
    "Your profile",
    "Sign out",
]
SIGNED_OUT = ["Library", "Sign in", "Sign up"]


def off_screen(page, names, width) -> list[str]:
    """The header's destinations that are hidden, or stick out of the window."""
    header = page.locator(".site-header")
    problems = []
    for name in [*names, "Search"]:
        target = header.get_by_role("link", name=name).or_(header.get_by_role("button", name=name))
        target = target.filter(visible=True).first
        box = target.bounding_box() if target.count() else None
        if box is None:
            problems.append(f"{name}: not shown")
        elif box["x"] < 0 or box["x"] + box["width"] > width or box["height"] < 44:
            problems.append(f"{name}: {box}")
    return problems


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("signed_in", [True, False], ids=["signed-in", "signed-out"])
def test_every_destination_in_the_header_is_on_screen(
    browser, live_url, small_guide, sign_in, width, signed_in
):
    context = browser.new_context(viewport={"width": width, "height": 800})
    if signed_in:
        sign_in(UserFactory(username="priya.sharma"), context)
    page = context.new_page()
    page.goto(live_url + "/guides/ml/")

    assert off_screen(page, SIGNED_IN if signed_in else SIGNED_OUT, width) == []
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    if SCREENSHOTS:
        state = "signed-in" if signed_in else "signed-out"
        page.screenshot(path=str(Path(SCREENSHOTS) / f"header-{width}-{state}.png"))
    context.close()


def test_sign_out_works_from_a_phone(browser, live_url, small_guide, sign_in):
    context = browser.new_context(viewport={"width": 390, "height": 800})
    sign_in("priya", context)
    page = context.new_page()
    page.goto(live_url + "/")

    page.locator(".site-header").get_by_role("button", name="Sign out").click()

    assert page.locator(".site-header").get_by_role("link", name="Sign in").is_visible()
    context.close()
