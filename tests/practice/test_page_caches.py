"""The guide and question pages are built on renderings cached per guide content version: a
content edit or a rating shows on the very next view, and the number of queries does not grow
with the guide."""

import pytest
from django.test import Client
from django.urls import reverse

from practice.rating import rate_question
from tests.factories import QuestionFactory, SectionFactory

HTMX = {"HX-Request": "true"}


@pytest.fixture
def questions(db):
    section = SectionFactory(guide__slug="ml", guide__title="ML", number=1, title="Basics")
    return [
        QuestionFactory(section=section, number=1, prompt="What is bias?", answer="Old *bias*."),
        QuestionFactory(section=section, number=2, prompt="What is variance?", pro_tip=""),
    ]


def page_url(question, query="?answer=shown"):
    return reverse("practice:question", args=["ml", question.number]) + query


def edit_in_admin(staff_user, question, **changes):
    editor = Client()
    editor.force_login(staff_user)
    fields = {
        "section": question.section_id,
        "number": question.number,
        "prompt": question.prompt,
        "answer": question.answer,
        "pro_tip": question.pro_tip,
    }
    response = editor.post(
        reverse("admin:guide_question_change", args=[question.pk]), fields | changes
    )
    assert response.status_code == 302


@pytest.mark.parametrize("query", ["", "?answer=shown"])
def test_an_edit_shows_at_once_on_a_visitors_cached_question_page(
    client, staff_user, questions, query
):
    url = page_url(questions[0], query)
    assert "What is bias?" in client.get(url).content.decode()
    assert "What is bias?" in client.get(url).content.decode()

    edit_in_admin(staff_user, questions[0], prompt="What is inductive bias?")

    content = client.get(url).content.decode()
    assert "What is inductive bias?" in content
    assert "What is bias?" not in content


def test_an_edit_of_the_answer_shows_at_once_to_a_signed_in_reader(
    client, owner, staff_user, questions
):
    client.force_login(owner)
    assert "<em>bias</em>" in client.get(page_url(questions[0])).content.decode()

    edit_in_admin(staff_user, questions[0], answer="New **bias**.")

    content = client.get(page_url(questions[0])).content.decode()
    assert "<strong>bias</strong>" in content
    assert "<em>bias</em>" not in content
    fragment = client.get(page_url(questions[0]), headers=HTMX).content.decode()
    assert "<strong>bias</strong>" in fragment


def test_an_edit_of_the_next_question_shows_in_the_pager(client, staff_user, questions):
    assert "Q2. What is variance?" in client.get(page_url(questions[0], "")).content.decode()

    edit_in_admin(staff_user, questions[1], prompt="What is the variance of a model?")

    content = client.get(page_url(questions[0], "")).content.decode()
    assert "Q2. What is the variance of a model?" in content


def test_an_archived_question_is_gone_from_its_cached_page(client, staff_user, questions):
    assert client.get(page_url(questions[1])).status_code == 200

    edit_in_admin(staff_user, questions[1], archived="on")

    assert client.get(page_url(questions[1])).status_code == 404
    assert 'rel="next"' not in client.get(page_url(questions[0])).content.decode()


def test_a_rating_shows_on_the_next_view_of_the_question_page(client, owner, questions):
    client.force_login(owner)
    assert "Your confidence:" not in client.get(page_url(questions[0])).content.decode()

    rate_question(user=owner, question=questions[0], confidence=4)

    content = client.get(page_url(questions[0])).content.decode()
    assert "Your confidence: </span>4 – Good" in content
    assert "Your confidence: <strong>4 – Good</strong>" in content


def test_a_rating_shows_on_the_next_view_of_the_guide_page(client, owner, questions):
    client.force_login(owner)
    url = reverse("practice:guide", args=["ml"])
    assert "Your confidence:" not in client.get(url).content.decode()

    rate_question(user=owner, question=questions[1], confidence=2)
    rate_question(user=owner, question=questions[0], confidence=5)

    content = client.get(url).content.decode()
    assert content.index("Your confidence: </span>5 – Nailed it") < content.index(
        "Your confidence: </span>2 – Shaky"
    )


def test_someone_elses_ratings_never_show_on_my_pages(client, owner, other_user, questions):
    rate_question(user=owner, question=questions[0], confidence=5)
    mine = Client()
    mine.force_login(owner)
    mine.get(page_url(questions[0]))
    mine.get(reverse("practice:guide", args=["ml"]))
    client.force_login(other_user)

    pages = [page_url(questions[0]), reverse("practice:guide", args=["ml"])]

    for url in pages:
        assert "Your confidence:" not in client.get(url).content.decode()


def test_a_visitors_second_view_of_a_question_page_is_one_query(
    client, questions, django_assert_num_queries
):
    first = client.get(page_url(questions[0])).content

    with django_assert_num_queries(1):
        again = client.get(page_url(questions[0])).content

    assert again == first


def _guide_of(count):
    section = SectionFactory(guide__slug=f"flat-{count}", number=1)
    return [QuestionFactory(section=section, number=n) for n in range(1, count + 1)]


@pytest.mark.parametrize("question_count", [3, 30])
def test_a_signed_in_question_page_reads_a_fixed_handful_of_rows(
    client, owner, django_assert_max_num_queries, question_count
):
    questions = _guide_of(question_count)
    for question in questions:
        rate_question(user=owner, question=question, confidence=question.number % 5 + 1)
    client.force_login(owner)
    url = reverse("practice:question", args=[f"flat-{question_count}", 2]) + "?answer=shown"
    client.get(url)

    # Session, user, guide version, the reader's rating, their note, their recent recordings
    # ("Answer aloud"), the header's count (upcoming interviews, then what is due).
    with django_assert_max_num_queries(8):
        response = client.get(url)

    assert "Your confidence: <strong>" in response.content.decode()


def test_a_rating_shows_on_the_next_view_of_the_progress_page(client, owner, questions):
    client.force_login(owner)
    url = reverse("practice:progress", args=["ml"])
    rate_question(user=owner, question=questions[0], confidence=4)
    assert "1 of 2 rated" in client.get(url).content.decode()

    rate_question(user=owner, question=questions[1], confidence=1)

    content = client.get(url).content.decode()
    assert "2 of 2 rated" in content
    assert "What is variance?" in content.split("Weakest questions")[1]


def test_an_edit_shows_at_once_on_the_progress_page(client, owner, staff_user, questions):
    client.force_login(owner)
    url = reverse("practice:progress", args=["ml"])
    rate_question(user=owner, question=questions[0], confidence=1)
    assert "What is bias?" in client.get(url).content.decode()

    edit_in_admin(staff_user, questions[0], prompt="What is inductive bias?")
    edit_in_admin(staff_user, questions[1], archived="on")

    content = client.get(url).content.decode()
    assert "What is inductive bias?" in content
    assert "1 of 1 rated" in content


def test_the_progress_pages_second_view_reads_no_content_rows(
    client, owner, questions, django_assert_max_num_queries
):
    rate_question(user=owner, question=questions[0], confidence=1)
    client.force_login(owner)
    client.get(reverse("practice:progress", args=["ml"]))

    # Session, user, guide, interview date, progress rows, ratings per day, streak days, and
    # the header's count (upcoming interviews, then what is due).
    with django_assert_max_num_queries(9):
        client.get(reverse("practice:progress", args=["ml"]))
