""" "My answer" notes: a signed-in person's own answer to a question, kept in Markdown and shown
beside the model answer (question page, inline reveal, review, mock summary) to them alone."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from practice.mock_interviews import services as interviews
from practice.models import AnswerNote, MockSession
from practice.services import save_answer_note
from tests.factories import QuestionFactory, SectionFactory

HTMX = {"HX-Request": "true", "HX-Current-URL": "http://testserver/guides/ml/"}
NOTE = "I'd say **bias** is error from wrong assumptions: $E[\\hat{f}] - f$."


@pytest.fixture
def question(db):
    section = SectionFactory(guide__slug="ml", number=1)
    return QuestionFactory(section=section, number=1, prompt="What is bias?")


def note_url(question):
    return reverse("practice:answer_note", args=[question.pk])


def note_of(user, question):
    return AnswerNote.objects.for_user(user).filter(question=question).first()


# Adding, editing and deleting


def test_it_adds_a_note_with_a_plain_post_and_goes_back_to_it(client, owner, question):
    client.force_login(owner)
    revealed = question.get_revealed_url()

    response = client.post(note_url(question), {"text": NOTE, "next": revealed})

    assert response.status_code == 302
    assert response["Location"] == f"{revealed}#my-answer-{question.pk}"
    note = note_of(owner, question)
    assert note.text == NOTE
    assert "<strong>bias</strong>" in note.html
    assert "<math" in note.html
    page = client.get(response["Location"]).content.decode()
    assert "My answer to question 1: Saved." in page
    assert "<strong>bias</strong>" in page


def test_it_adds_a_note_with_htmx_and_swaps_in_the_rendered_block(client, owner, question):
    client.force_login(owner)

    response = client.post(note_url(question), {"text": NOTE}, headers=HTMX)

    assert response.status_code == 200
    content = response.content.decode()
    assert content.lstrip().startswith(f'<section class="my-answer" id="my-answer-{question.pk}"')
    assert "<strong>bias</strong>" in content
    # Focus lands on the Edit control; the status line outside the block says what happened.
    assert "<summary autofocus>Edit my answer" in content
    assert (
        f'id="my-answer-status-{question.pk}" role="status" hx-swap-oob="innerHTML">Saved.</p>'
        in content
    )
    assert note_of(owner, question).text == NOTE


def test_it_edits_the_note_in_place(client, owner, question):
    save_answer_note(user=owner, question=question, text="First draft")
    client.force_login(owner)

    client.post(note_url(question), {"text": "Second *draft*"}, headers=HTMX)

    (note,) = AnswerNote.objects.for_user(owner)
    assert note.text == "Second *draft*"
    assert note.html == "<p>Second <em>draft</em></p>\n"


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_an_empty_text_deletes_the_note(client, owner, question, headers):
    save_answer_note(user=owner, question=question, text="Going away")
    client.force_login(owner)

    response = client.post(note_url(question), {"text": "  \r\n "}, headers=headers, follow=True)

    assert not AnswerNote.objects.exists()
    content = response.content.decode()
    assert "Deleted." in content
    assert "Add my answer" in content
    assert "Going away" not in content


def test_the_form_says_that_saving_it_empty_deletes_the_note(client, owner, question):
    client.force_login(owner)

    content = client.get(question.get_revealed_url()).content.decode()

    assert "Save it empty to delete the note." in content


def test_line_breaks_count_as_one_character_as_in_the_browser(client, owner, question):
    client.force_login(owner)
    text = "a\r\n" * 4000  # 12,000 characters as sent, 8,000 as typed

    response = client.post(note_url(question), {"text": text}, headers=HTMX)

    assert response.status_code == 200
    assert note_of(owner, question).text == ("a\n" * 4000).strip()


# Bad input


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_a_note_over_the_limit_is_refused_with_a_clear_message_and_kept_to_fix(
    client, owner, question, headers
):
    save_answer_note(user=owner, question=question, text="Kept")
    client.force_login(owner)
    too_long = "x" * 10_001

    response = client.post(note_url(question), {"text": too_long}, headers=headers)

    assert response.status_code == 400
    content = response.content.decode()
    assert (
        "Your note is 10,001 characters long; a note holds up to 10,000. "
        "Shorten it and save again." in content
    )
    assert f">{too_long}</textarea>" in content
    assert 'aria-invalid="true" autofocus' in content
    assert note_of(owner, question).text == "Kept"


def test_without_javascript_a_refused_note_comes_back_on_a_page_with_an_error_summary(
    client, owner, question
):
    client.force_login(owner)

    response = client.post(note_url(question), {"text": "nul\x00byte"})

    assert response.status_code == 400
    content = response.content.decode()
    assert "There is a problem" in content
    assert "Null characters are not allowed." in content
    assert ">nulbyte</textarea>" in content
    assert not AnswerNote.objects.exists()


def test_a_post_without_the_text_field_changes_nothing(client, owner, question):
    save_answer_note(user=owner, question=question, text="Kept")
    client.force_login(owner)

    response = client.post(note_url(question), {}, headers=HTMX)

    assert response.status_code == 400
    assert "The note&#x27;s text is missing; nothing was changed." in response.content.decode()
    assert note_of(owner, question).text == "Kept"


def test_a_note_on_an_archived_question_is_404(client, owner, db):
    archived = QuestionFactory(archived=True)
    client.force_login(owner)

    response = client.post(note_url(archived), {"text": "Hello"})

    assert response.status_code == 404
    assert not AnswerNote.objects.exists()


def test_html_in_a_note_is_shown_as_text(client, owner, question):
    client.force_login(owner)
    text = "<script>alert(1)</script> [click](javascript:alert(2)) <img src=x onerror=alert(3)>"

    client.post(note_url(question), {"text": text})
    content = client.get(question.get_revealed_url()).content.decode()

    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content
    assert "<script>alert" not in content
    assert 'href="javascript' not in content
    assert "<img" not in content


# Where it shows, and to whom


def test_a_revealed_answer_shows_the_note_and_a_hidden_one_does_not(client, owner, question):
    save_answer_note(user=owner, question=question, text=NOTE)
    client.force_login(owner)

    revealed = client.get(question.get_revealed_url()).content.decode()
    hidden = client.get(question.get_absolute_url()).content.decode()

    assert "<strong>bias</strong>" in revealed
    assert "Edit my answer" in revealed
    assert "My answer" not in hidden


def test_the_inline_reveal_on_the_guide_page_shows_the_note(client, owner, question):
    save_answer_note(user=owner, question=question, text=NOTE)
    client.force_login(owner)

    fragment = client.get(question.get_revealed_url(), headers=HTMX).content.decode()

    assert "<strong>bias</strong>" in fragment
    assert 'name="next" value="/guides/ml/"' in fragment


def test_without_a_note_the_revealed_answer_offers_to_add_one(client, owner, question):
    client.force_login(owner)

    content = client.get(question.get_revealed_url()).content.decode()

    assert "Add my answer" in content
    assert "Edit my answer" not in content


def test_the_question_page_reads_the_note_in_one_query(client, owner, question):
    save_answer_note(user=owner, question=question, text=NOTE)
    client.force_login(owner)
    client.get(question.get_absolute_url())  # the session and user are read the same way

    with CaptureQueriesContext(connection) as hidden:
        client.get(question.get_absolute_url())
    with CaptureQueriesContext(connection) as revealed:
        client.get(question.get_revealed_url())

    assert len(revealed) == len(hidden) + 1


def test_the_guide_page_reads_no_notes(client, owner, question):
    save_answer_note(user=owner, question=question, text=NOTE)
    client.force_login(owner)

    with CaptureQueriesContext(connection) as queries:
        content = client.get("/guides/ml/").content.decode()

    assert not [query for query in queries if "answernote" in query["sql"]]
    assert "bias</strong>" not in content


def test_review_shows_the_note_once_the_answer_is_shown(client, owner, question):
    save_answer_note(user=owner, question=question, text=NOTE)
    client.force_login(owner)

    shown = client.get(reverse("practice:review") + "?answer=shown").content.decode()
    hidden = client.get(reverse("practice:review")).content.decode()

    assert "<strong>bias</strong>" in shown
    # Without JavaScript a saved note comes back to the review with the answer still shown.
    assert 'name="next" value="/review/?answer=shown"' in shown
    assert "<strong>bias</strong>" not in hidden


def test_the_mock_summary_shows_the_note_read_only_with_a_link_to_edit_it(client, owner, question):
    other = QuestionFactory(section=question.section, number=2, prompt="What is variance?")
    save_answer_note(user=owner, question=question, text=NOTE)
    now = timezone.now()
    session = interviews.start_mock_session(
        user=owner,
        guide=question.section.guide,
        questions=[question, other],
        strategy=MockSession.Strategy.RANDOM,
        minutes_per_question=3,
        timed=False,
        now=now - timedelta(minutes=5),
    )
    for position in (0, 1):
        interviews.reveal(session=session, position=position, text="", now=now)
        interviews.rate_item(session=session, position=position, confidence=3, now=now)
        session = interviews.advance(session=session, from_position=position, now=now)
    client.force_login(owner)

    content = client.get(reverse("practice:mock_summary", args=[session.pk])).content.decode()

    assert "<strong>bias</strong>" in content
    assert f'href="/guides/ml/questions/1/?answer=shown#my-answer-{question.pk}">Edit' in content
    assert f'href="/guides/ml/questions/2/?answer=shown#my-answer-{other.pk}">Add' in content
    assert note_url(question) not in content


def test_another_user_never_sees_the_note_and_saves_only_their_own(
    client, owner, other_user, question
):
    save_answer_note(user=owner, question=question, text="Owner's secret")
    client.force_login(other_user)

    before = client.get(question.get_revealed_url()).content.decode()
    client.post(note_url(question), {"text": "Mine"})
    client.post(note_url(question), {"text": ""})

    assert "Owner&#x27;s secret" not in before
    assert "Add my answer" in before
    assert note_of(owner, question).text == "Owner's secret"
    assert note_of(other_user, question) is None


def test_a_visitor_sees_nothing_of_notes_and_cannot_save_one(client, owner, question):
    save_answer_note(user=owner, question=question, text="Owner's secret")

    page = client.get(question.get_revealed_url()).content.decode()
    response = client.post(note_url(question), {"text": "Visitor"})

    assert "My answer" not in page
    assert "secret" not in page
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert AnswerNote.objects.count() == 1
