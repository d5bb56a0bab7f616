"""Rating confidence from the guide and question pages: HTMX, plain POST, bad input, owners."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from practice.models import ConfidenceRating, QuestionProgress
from practice.rating import rate_question
from tests.factories import QuestionFactory, SectionFactory

HTMX = {"HX-Request": "true", "HX-Current-URL": "http://testserver/guides/ml/"}


@pytest.fixture
def question(db):
    section = SectionFactory(guide__slug="ml", number=1)
    return QuestionFactory(section=section, number=1, prompt="What is bias?")


def rate_url(question):
    return reverse("practice:rate", args=[question.pk])


def test_revealed_answer_offers_the_five_confidence_buttons(client, owner, question):
    client.force_login(owner)

    content = client.get(question.get_revealed_url()).content.decode()

    for label in ("1 – No idea", "2 – Shaky", "3 – Okay", "4 – Good", "5 – Nailed it"):
        assert label in content
    assert content.count('name="confidence"') == 5
    assert f'action="{rate_url(question)}"' in content


def test_anonymous_visitors_are_invited_to_sign_in_and_come_back(client, question):
    content = client.get(question.get_revealed_url()).content.decode()

    assert 'name="confidence"' not in content
    assert "/accounts/login/?next=/guides/ml/questions/1/%3Fanswer%3Dshown" in content


def test_htmx_rating_saves_and_returns_the_updated_fragment(client, owner, question):
    client.force_login(owner)

    response = client.post(rate_url(question), {"confidence": "4"}, headers=HTMX)

    content = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in content
    assert "Saved. Your confidence: <strong>4 – Good</strong>" in content
    assert "Next review in" in content
    assert 'class="confidence-button c4 is-current" aria-current="true"' in content
    assert 'hx-swap-oob="true"' in content
    progress = QuestionProgress.objects.get(user=owner, question=question)
    assert progress.confidence == 4


def test_plain_post_redirects_back_to_where_it_came_from(client, owner, question):
    client.force_login(owner)

    response = client.post(rate_url(question), {"confidence": "2", "next": "/guides/ml/#q-1"})

    assert response.status_code == 302
    assert response["Location"] == "/guides/ml/#q-1"
    assert ConfidenceRating.objects.get(user=owner).confidence == 2


def test_plain_post_never_redirects_to_another_site(client, owner, question):
    client.force_login(owner)

    response = client.post(rate_url(question), {"confidence": "2", "next": "https://evil.test/"})

    assert response["Location"] == question.get_revealed_url()


def test_seconds_spent_are_kept_when_sent(client, owner, question):
    client.force_login(owner)

    client.post(rate_url(question), {"confidence": "3", "seconds": "42"})

    assert ConfidenceRating.objects.get(user=owner).seconds_spent == 42


@pytest.mark.parametrize("seconds", ["", "soon", "-5", "99999999"])
def test_odd_timings_are_dropped_but_the_rating_kept(client, owner, question, seconds):
    client.force_login(owner)

    client.post(rate_url(question), {"confidence": "3", "seconds": seconds})

    assert ConfidenceRating.objects.get(user=owner).seconds_spent is None


@pytest.mark.parametrize("value", ["0", "6", "-1", "three", "3.5", "", "9" * 1000])
def test_bad_confidence_is_refused_with_a_readable_fragment(client, owner, question, value):
    client.force_login(owner)

    response = client.post(rate_url(question), {"confidence": value}, headers=HTMX)

    assert response.status_code == 400
    content = response.content.decode()
    assert "Your rating was not saved." in content
    assert "<html" not in content
    assert not ConfidenceRating.objects.exists()
    assert not QuestionProgress.objects.exists()


def test_missing_confidence_is_refused(client, owner, question):
    client.force_login(owner)

    response = client.post(rate_url(question), {})

    assert response.status_code == 400
    assert "Choose a confidence from 1 to 5." in response.content.decode()


def test_archived_question_cannot_be_rated(client, owner, question):
    question.archived = True
    question.save()
    client.force_login(owner)

    assert client.post(rate_url(question), {"confidence": 3}).status_code == 404


def test_anonymous_post_is_sent_to_sign_in_and_saves_nothing(client, question):
    response = client.post(rate_url(question), {"confidence": "3"})

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/guides/ml/questions/1/")
    assert not ConfidenceRating.objects.exists()


def test_guide_and_question_pages_show_the_users_current_confidence(client, owner, question):
    rate_question(user=owner, question=question, confidence=2)
    rate_question(user=owner, question=question, confidence=5)
    client.force_login(owner)

    for url in ("/guides/ml/", question.get_absolute_url()):
        content = client.get(url).content.decode()
        assert "Your confidence: </span>5 – Nailed it" in content
        assert "Your confidence: </span>2 – Shaky" not in content


def test_users_never_see_each_others_ratings(client, owner, other_user, question):
    rate_question(user=owner, question=question, confidence=5)
    client.force_login(other_user)

    for url in ("/guides/ml/", question.get_absolute_url()):
        content = client.get(url).content.decode()
        assert "Your confidence:" not in content
        assert "is-current" not in content


def test_rating_is_saved_for_the_signed_in_user_only(client, owner, other_user, question):
    client.force_login(other_user)

    client.post(rate_url(question), {"confidence": "1", "user": owner.pk})

    assert not QuestionProgress.objects.filter(user=owner).exists()
    assert QuestionProgress.objects.get(user=other_user).confidence == 1


def test_rating_from_the_review_page_moves_on_with_htmx(client, owner, question):
    client.force_login(owner)

    response = client.post(
        rate_url(question), {"confidence": "3", "next": "/review/"}, headers=HTMX
    )

    assert response.status_code == 200
    assert response["HX-Redirect"] == "/review/"


@pytest.mark.parametrize("question_count", [3, 30])
def test_guide_page_query_count_stays_flat_for_a_signed_in_user(
    client, owner, django_assert_max_num_queries, question_count
):
    section = SectionFactory(guide__slug=f"flat-{question_count}", number=1)
    for number in range(1, question_count + 1):
        rated = QuestionFactory(section=section, number=number)
        rate_question(user=owner, question=rated, confidence=number % 5 + 1)
    client.force_login(owner)

    with django_assert_max_num_queries(12):
        response = client.get(f"/guides/flat-{question_count}/")
    # Later views reuse the rendered body: session, user, guide version, ratings, and the
    # header's kept count (its version).
    with django_assert_max_num_queries(5):
        again = client.get(f"/guides/flat-{question_count}/")

    assert response.content.decode().count("Your confidence: </span>") == question_count
    assert again.content.decode().count("Your confidence: </span>") == question_count


def test_buttons_show_next_intervals_only_when_the_rating_is_a_scheduled_review(
    client, owner, question
):
    client.force_login(owner)
    before = client.get(question.get_revealed_url()).content.decode()
    assert before.count("next review in </span>") == 5

    after = client.post(rate_url(question), {"confidence": "3"}, headers=HTMX).content.decode()

    assert "next review in </span>" not in after
    assert "Next review in" in after


def test_a_caption_says_what_the_time_on_each_button_means_while_the_buttons_show_it(
    client, owner, question
):
    caption = "The time on each button is when the question comes back if you choose it."
    client.force_login(owner)
    before = client.get(question.get_revealed_url()).content.decode()

    after = client.post(rate_url(question), {"confidence": "3"}, headers=HTMX).content.decode()

    assert caption in before
    assert f'aria-describedby="rate-{question.pk}-caption"' in before
    assert caption not in after


@pytest.mark.parametrize("confidence", [1, 2, 3, 4, 5])
def test_the_status_after_rating_repeats_the_interval_its_button_promised(
    client, owner, question, confidence
):
    client.force_login(owner)
    page = client.get(question.get_revealed_url()).content.decode()
    button = page.split(f'value="{confidence}"')[1].split("</button>")[0]
    promised = button.split("next review in </span>")[1].split("</span>")[0]

    after = client.post(rate_url(question), {"confidence": confidence}, headers=HTMX)

    assert f"Next review in {promised} <span" in after.content.decode()


def test_an_overdue_question_says_it_is_due_now_not_in_a_minute(client, owner, question):
    rate_question(
        user=owner, question=question, confidence=1, at=timezone.now() - timedelta(days=3)
    )
    client.force_login(owner)

    page = client.get(question.get_revealed_url()).content.decode()

    assert "Due for review now" in page
    assert "Next review in 1 min" not in page
