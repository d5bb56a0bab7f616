"""Shared fixtures: the three users every view test speaks of, and the shipped guide."""

from pathlib import Path

import pytest
from django.core.management import call_command

from tests.factories import UserFactory

SEED_GUIDE = (
    Path(__file__).resolve().parent.parent / "guide" / "content" / "ai-ml-interview-guide.txt"
)


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with no cached renderings from another test."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def owner(db):
    return UserFactory(username="owner")


@pytest.fixture
def other_user(db):
    return UserFactory(username="other")


@pytest.fixture
def staff_user(db):
    return UserFactory(username="editor", is_staff=True, is_superuser=True)


@pytest.fixture
def seed_guide(db):
    """The AI / ML guide as shipped, imported through the real command."""
    from guide.models import Guide

    call_command("import_guide", str(SEED_GUIDE), verbosity=0)
    return Guide.objects.get(slug="ai-ml-interview")
