"""Real-browser tests: Debian's Chromium driven by Playwright against pytest-django's
live server. Chromium must be installed (`make browser`, or `apt-get install chromium`)."""

import os
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.conftest import SEED_GUIDE

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


def sign_in(context, site_url, user):
    """Sign `user` in by handing the browser a session cookie: no sign-in form (and no
    throttling) in the way of the flow under test."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session.session_key, "url": site_url}]
    )
