"""The migrations as a whole: they apply backward to an empty schema and forward again."""

import pytest
from django.core.management import call_command
from django.db import connection


@pytest.mark.django_db(transaction=True)
def test_migrations_apply_backward_and_forward_on_an_empty_database():
    call_command("migrate", "practice", "zero", verbosity=0)
    call_command("migrate", "guide", "zero", verbosity=0)
    tables = connection.introspection.table_names()
    assert "guide_question" not in tables
    assert "practice_mockitem" not in tables

    call_command("migrate", verbosity=0)

    tables = connection.introspection.table_names()
    assert {"guide_question", "practice_questionprogress", "practice_mockitem"} <= set(tables)
