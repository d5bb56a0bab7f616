"""The rating POST's write: computed from the progress row as it was read, and written only
if the row is still that (compare-and-set); otherwise applied on top of what got there
first, so no rating is lost and the schedule stays the replay of the history."""

from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from practice.models import ConfidenceRating, QuestionProgress
from practice.rating import change_rating, rate_question, rateable_question, replay_history
from tests.factories import QuestionFactory, SectionFactory

HTMX = {"HX-Request": "true"}


@pytest.fixture
def question(db):
    return QuestionFactory(section=SectionFactory(guide__slug="ml", number=1), number=1)


def schedule(progress):
    return (
        progress.confidence,
        progress.rating_count,
        progress.state,
        progress.step,
        progress.stability,
        progress.difficulty,
        progress.due,
        progress.last_review,
    )


def stored_and_replayed(user, question):
    stored = QuestionProgress.objects.get(user=user, question=question)
    before = schedule(stored)
    return before, schedule(replay_history(stored))


def test_the_read_row_is_the_one_the_orm_reads(owner, question):
    rate_question(user=owner, question=question, confidence=4)

    _found, read = rateable_question(owner, question.pk)

    assert schedule(read) == schedule(QuestionProgress.objects.get(user=owner))


def test_a_rating_is_applied_on_top_of_one_that_got_there_since_the_read(owner, question):
    start = timezone.now() - timedelta(days=3)
    rate_question(user=owner, question=question, confidence=2, at=start)
    found, read = rateable_question(owner, question.pk)
    # Another tab rates the same question between this request's read and its write.
    rate_question(user=owner, question=question, confidence=5)

    progress, _rating = rate_question(user=owner, question=found, confidence=3, current=read)

    assert progress.rating_count == 3
    assert progress.confidence == 3
    assert ConfidenceRating.objects.filter(user=owner).count() == 3
    stored, replayed = stored_and_replayed(owner, question)
    assert stored == replayed


def test_two_first_ratings_at_once_both_count(owner, question):
    found, read = rateable_question(owner, question.pk)
    assert read is None
    rate_question(user=owner, question=question, confidence=1)

    progress, _rating = rate_question(user=owner, question=found, confidence=4, current=read)

    assert progress.rating_count == 2
    assert QuestionProgress.objects.filter(user=owner).count() == 1
    stored, replayed = stored_and_replayed(owner, question)
    assert stored == replayed


def test_a_corrected_rating_since_the_read_is_not_overwritten(owner, question):
    start = timezone.now() - timedelta(days=10)
    _progress, first = rate_question(user=owner, question=question, confidence=1, at=start)
    rate_question(user=owner, question=question, confidence=4, at=start + timedelta(days=2))
    found, read = rateable_question(owner, question.pk)
    # Same number of ratings, another schedule: a mock interview's rating corrected.
    change_rating(first, confidence=5)

    rate_question(user=owner, question=found, confidence=3, current=read)

    stored, replayed = stored_and_replayed(owner, question)
    assert stored == replayed
    assert stored[1] == 3


@pytest.mark.django_db(transaction=True)
def test_the_rating_post_reads_four_times_and_writes_once(
    client, owner, question, django_assert_num_queries
):
    rate_question(user=owner, question=question, confidence=2)
    client.force_login(owner)

    # Session, user, the question with the progress row, the person's time zone (the day the
    # rating counts in, practice/daily_practice.py); then the write: on PostgreSQL one
    # statement (the day's upsert and the person's TodayVersion inside it), on SQLite BEGIN,
    # the row's update, the history insert, the day's upsert, the TodayVersion (the header's
    # kept count), COMMIT. (Before: a question lookup, a locking read of the row, and the same
    # writes in a transaction.)
    writes = 1 if connection.vendor == "postgresql" else 6
    with django_assert_num_queries(4 + writes):
        response = client.post(
            reverse("practice:rate", args=[question.pk]), {"confidence": "4"}, headers=HTMX
        )

    assert "Saved. Your confidence: <strong>4 – Good</strong>" in response.content.decode()


@pytest.mark.parametrize("archive", ["question", "section", "guide"])
def test_a_question_archived_after_its_page_was_shown_cannot_be_rated(
    client, owner, question, archive
):
    client.force_login(owner)
    assert client.get(question.get_revealed_url()).status_code == 200
    row = {"question": question, "section": question.section, "guide": question.section.guide}
    row[archive].archived = True
    row[archive].save()

    response = client.post(reverse("practice:rate", args=[question.pk]), {"confidence": "4"})

    assert response.status_code == 404
    assert not ConfidenceRating.objects.exists()


def test_a_renumbered_question_sends_the_rater_to_its_new_address(client, owner, question):
    client.force_login(owner)
    assert client.get(question.get_revealed_url()).status_code == 200
    question.number = 7
    question.save()

    response = client.post(reverse("practice:rate", args=[question.pk]), {"confidence": "4"})

    assert response["Location"] == "/guides/ml/questions/7/?answer=shown"
