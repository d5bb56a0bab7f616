"""Real-browser tests: Debian's Chromium driven by Playwright against pytest-django's
live server. Chromium must be installed (`make browser`, or `apt-get install chromium`)."""

import os
import shutil
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from django.test import Client

from tests.conftest import SEED_GUIDE
from tests.factories import QuestionFactory, SectionFactory, UserFactory

# Playwright's sync API runs an event loop in this thread; the ORM must still be usable.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

BROWSER_TESTS = Path(__file__).resolve().parent
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    """Every test in this folder drives Chromium: mark it `browser` (before `-m` selects), so
    `pytest -m "not browser"` leaves out all of them, even one whose module forgot the mark."""
    for item in items:
        if item.path.is_relative_to(BROWSER_TESTS):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not os.path.exists(CHROMIUM):
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: run `make browser` (apt-get install chromium)."
        )
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture
def site_url(live_server, transactional_db):
    """The live server's base URL, with the shipped guide imported."""
    call_command("import_guide", str(SEED_GUIDE), verbosity=0)
    return live_server.url


@pytest.fixture
def live_url(live_server, transactional_db):
    """The live server's base URL, with an empty database."""
    return live_server.url


@pytest.fixture
def small_guide(transactional_db):
    """A guide of one section and three questions whose answers carry bold key points, at
    /guides/ml/: enough for every flow that is not about the shipped guide's content."""
    section = SectionFactory(guide__title="ML", guide__slug="ml", number=1, title="Core")
    answers = [
        "- **High bias** → underfitting.\n- **High variance** → overfitting.",
        "**Supervised learning** uses labels; **reinforcement learning** uses rewards.",
        "**K-Fold CV** splits the data into k folds.",
    ]
    for number, answer in enumerate(answers, start=1):
        QuestionFactory(section=section, number=number, answer=answer)
    return section.guide


@pytest.fixture
def sign_in(live_server, context):
    """Signs a new user in by handing the browser a session cookie (no sign-in page): the
    sign-up test is the one that goes through the form."""

    def sign_in_as(user, browser_context=context):
        """`user` is a User, or a username for a new one."""
        if isinstance(user, str):
            user = UserFactory(username=user)
        client = Client()
        client.force_login(user)
        cookie = {"name": "sessionid", "value": client.cookies["sessionid"].value}
        browser_context.add_cookies([cookie | {"url": live_server.url}])
        return user

    return sign_in_as


@pytest.fixture
def page(page):
    """Playwright's page, failing the test if the browser reports a blocked script or style
    (the Content-Security-Policy allows no inline ones)."""
    blocked = []
    page.on(
        "console",
        lambda message: (
            blocked.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    yield page
    assert not blocked, blocked


def assert_no_axe_violations(page):
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def assert_no_axe_violations_on(page, base_url, paths):
    """Runs axe on each page in turn and reports every page with a violation at once."""
    reports = []
    for path in paths:
        page.goto(base_url + path)
        results = Axe().run(page)
        if results.violations_count:
            reports.append(f"{path}:\n{results.generate_report()}")
    assert not reports, "\n".join(reports)
