from datetime import timedelta

import pytest
from django.utils import timezone


@pytest.fixture
def clock(monkeypatch, request):
    """The app's clock, fixed at the test module's NOW and moved on with
    `clock.advance(...)`."""

    class Clock:
        now = request.module.NOW

        def advance(self, **delta):
            self.now += timedelta(**delta)

    fixed = Clock()
    monkeypatch.setattr(timezone, "now", lambda: fixed.now)
    return fixed
