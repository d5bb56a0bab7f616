"""Shared fixtures: the three users every view test speaks of, and the shipped guide; and the
helpers that more than one test module needs."""

from io import StringIO
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


def run_import(*paths, **options) -> tuple[str, str]:
    """The import_guide command's (stdout, stderr) for these files."""
    stdout, stderr = StringIO(), StringIO()
    call_command("import_guide", *map(str, paths), stdout=stdout, stderr=stderr, **options)
    return stdout.getvalue(), stderr.getvalue()


def database_snapshot() -> dict[str, list[dict]]:
    """Every field of every content row, in primary-key order (but the import's record of
    what it wrote, which is bookkeeping, not content)."""
    from guide.models import Guide, Question, Section, Tip

    return {
        model.__name__: [
            {name: value for name, value in row.items() if name != "imported"}
            for row in model.objects.order_by("pk").values()
        ]
        for model in (Guide, Section, Question, Tip)
    }
