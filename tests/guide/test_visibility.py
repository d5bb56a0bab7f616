"""One rule for what a person may see (guide/visibility.py): the QuerySet form and the SQL
form that the rating POST runs pick the same questions, on whichever database runs the
tests, and the progress rows a person sees follow the same rule."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.utils import timezone

from guide.models import Guide, GuideReader, Question, Section
from guide.visibility import guide_open_to_sql, open_to, open_to_sql, shown_to
from practice.models import QuestionProgress
from practice.rating import rate_question, rateable_question
from tests.factories import GuideFactory, QuestionFactory, SectionFactory

NOW = timezone.now()


@pytest.fixture
def questions(owner, other_user):
    """One question in each place a question can be: shipped or someone's own, and archived
    at each level."""

    def question(
        *,
        guide_owner=None,
        guide_archived=False,
        section_archived=False,
        guide_published_at=None,
        guide_hidden_at=None,
        reader=None,
        **kw,
    ):
        guide = GuideFactory(
            owner=guide_owner,
            archived=guide_archived,
            published_at=guide_published_at,
            hidden_at=guide_hidden_at,
        )
        if reader is not None:
            GuideReader.objects.create(guide=guide, user=reader)
        section = SectionFactory(guide=guide, archived=section_archived)
        return QuestionFactory(section=section, **kw)

    return {
        "shipped": question(),
        "shipped, archived": question(archived=True),
        "shipped, section archived": question(section_archived=True),
        "shipped, guide archived": question(guide_archived=True),
        "owner's": question(guide_owner=owner),
        "owner's, guide archived": question(guide_owner=owner, guide_archived=True),
        "other's": question(guide_owner=other_user),
        "published": question(guide_owner=other_user, guide_published_at=NOW),
        "published, hidden": question(
            guide_owner=other_user, guide_published_at=NOW, guide_hidden_at=NOW
        ),
        "practised": question(guide_owner=other_user, guide_published_at=NOW, reader=owner),
        "practised, unpublished": question(guide_owner=other_user, reader=owner),
        "practised, hidden": question(guide_owner=other_user, guide_hidden_at=NOW, reader=owner),
    }


def _open_by_sql(user_id) -> set[int]:
    q, s, g = (connection.ops.quote_name(m._meta.db_table) for m in (Question, Section, Guide))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT q.id FROM {q} q JOIN {s} s ON s.id = q.section_id "
            f"JOIN {g} g ON g.id = s.guide_id "
            f"WHERE {open_to_sql(question='q', section='s', guide='g')}",
            [user_id, user_id],
        )
        return {row[0] for row in cursor.fetchall()}


def _names(questions, ids) -> set[str]:
    return {name for name, question in questions.items() if question.pk in ids}


@pytest.mark.parametrize("who", ["owner", "other_user", "visitor"])
def test_the_sql_form_of_the_rule_shows_what_the_queryset_form_shows(questions, request, who):
    user = AnonymousUser() if who == "visitor" else request.getfixturevalue(who)

    by_queryset = set(Question.objects.filter(open_to(user)).values_list("pk", flat=True))

    assert _names(questions, _open_by_sql(user.pk)) == _names(questions, by_queryset)


@pytest.mark.parametrize("who", ["owner", "other_user", "visitor"])
def test_the_sql_form_of_the_rule_opens_the_guides_the_queryset_form_opens(
    questions, request, who
):
    user = AnonymousUser() if who == "visitor" else request.getfixturevalue(who)
    table = connection.ops.quote_name(Guide._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT g.id FROM {table} g WHERE {guide_open_to_sql('g')}", [user.pk, user.pk]
        )
        by_sql = {row[0] for row in cursor.fetchall()}

    by_queryset = set(Guide.objects.live().readable_by(user).values_list("pk", flat=True))

    assert by_sql == by_queryset
    assert by_sql  # the shipped guide at least


def test_the_owner_is_shown_shipped_questions_their_own_and_library_guides_they_practise(
    questions, owner
):
    shown = set(Question.objects.filter(shown_to(owner)).values_list("pk", flat=True))

    assert _names(questions, shown) == {
        "shipped",
        "owner's",
        "practised",
        "practised, unpublished",
    }


def test_a_visitor_may_open_shipped_and_published_questions(questions):
    opened = set(Question.objects.filter(open_to(AnonymousUser())).values_list("pk", flat=True))

    assert _names(questions, opened) == {"shipped", "published", "practised"}


def test_a_person_may_rate_exactly_the_questions_they_may_open(questions, owner):
    rateable = {q.pk for q in questions.values() if rateable_question(owner, q.pk) is not None}

    assert _names(questions, rateable) == {
        "shipped",
        "owner's",
        "published",
        "practised",
        "practised, unpublished",
    }


def test_a_persons_live_progress_rows_follow_the_same_rule(questions, owner):
    for question in questions.values():
        rate_question(user=owner, question=question, confidence=4)

    live = set(QuestionProgress.objects.for_user(owner).live().values_list("question", flat=True))

    assert _names(questions, live) == {
        "shipped",
        "owner's",
        "practised",
        "practised, unpublished",
    }
