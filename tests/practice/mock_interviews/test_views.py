"""Mock interview pages with an owner, another user and an anonymous visitor."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from guide.models import Guide
from practice.models import ConfidenceRating, MockItem, MockSession
from practice.rating import rate_question
from tests.factories import QuestionFactory, SectionFactory, UserFactory

HTMX = {"HX-Request": "true"}


@pytest.fixture
def guide(db):
    first = SectionFactory(guide__slug="ml", guide__title="ML", number=1, title="Core")
    guide = first.guide
    second = SectionFactory(guide=guide, number=2, title="Deep")
    QuestionFactory(
        section=first,
        number=1,
        prompt="Bias and variance?",
        answer="- **High bias** → underfitting.\n- **High variance** → overfitting.",
    )
    QuestionFactory(section=first, number=2, prompt="Plain one?", answer="No bold here.")
    QuestionFactory(section=second, number=3, prompt="Dropout?", answer="Uses **dropout rate**.")
    return guide


def setup_data(chosen_guide, **changes):
    data = {
        "guide": chosen_guide.pk,
        "count": 3,
        "strategy": "weakest",
        "minutes": 3,
        "mode": "timed",
    }
    return data | changes


def start(client, guide, **changes):
    response = client.post(reverse("practice:mock_setup"), setup_data(guide, **changes))
    assert response.status_code == 302, response.content.decode()
    return MockSession.objects.latest("id")


def url(name, session):
    return reverse(f"practice:{name}", args=[session.pk])


def answer_and_rate(client, session, position, text, confidence):
    client.post(url("mock_reveal", session), {"position": position, "answer": text})
    client.post(url("mock_rate", session), {"position": position, "confidence": confidence})
    client.post(url("mock_next", session), {"position": position})


@pytest.fixture
def signed_in(client, owner):
    client.force_login(owner)
    return client


# Setup


def test_setup_needs_sign_in(client, guide):
    response = client.get(reverse("practice:mock_setup"))

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/mock/"


def test_setup_form_has_sensible_defaults(signed_in, guide):
    content = signed_in.get(reverse("practice:mock_setup")).content.decode()

    assert 'name="count" value="5"' in content
    assert 'name="minutes" value="3"' in content
    assert 'value="weakest" id="id_strategy_1" required checked' in content
    assert 'value="timed" id="id_mode_0" required checked' in content
    assert "Section 1 — Core</label>" in content


def test_setup_groups_the_sections_under_their_guide(signed_in, guide):
    other = SectionFactory(guide__title="Stats", number=1, title="Tests").guide

    content = signed_in.get(reverse("practice:mock_setup")).content.decode()

    groups = re.findall(
        r'<fieldset class="section-group" data-guide="(\d+)">\s*<legend>([^<]+)</legend>'
        r"(.*?)</fieldset>",
        content,
        flags=re.S,
    )
    assert [(int(pk), title) for pk, title, _ in groups] == [(guide.pk, "ML"), (other.pk, "Stats")]
    assert re.findall(r"— (\w+)</label>", groups[0][2]) == ["Core", "Deep"]
    assert re.findall(r"— (\w+)</label>", groups[1][2]) == ["Tests"]
    assert 'data-section-groups="id_guide"' in content


def test_setup_shows_a_new_section_and_a_renamed_guide_at_once(signed_in, guide, owner):
    """The blank form's choices are kept per set of guides and their content versions."""
    setup = reverse("practice:mock_setup")
    assert "Section 3 — Extra" not in signed_in.get(setup).content.decode()
    own = SectionFactory(guide__owner=owner, guide__title="Mine", number=1, title="Own")

    SectionFactory(guide=guide, number=3, title="Extra")
    Guide.content_changed(guide.pk)
    content = signed_in.get(setup).content.decode()

    assert "Section 3 — Extra</label>" in content
    assert f'data-guide="{own.guide_id}">' in content
    other = Client()
    other.force_login(UserFactory())
    assert f'data-guide="{own.guide_id}">' not in other.get(setup).content.decode()


def test_a_section_of_another_guide_is_still_refused(signed_in, guide):
    other = SectionFactory(guide__title="Stats", number=1, title="Tests")

    response = signed_in.post(
        reverse("practice:mock_setup"), setup_data(guide, sections=[other.pk])
    )

    assert response.status_code == 400
    assert "Choose sections of ML only." in response.content.decode()
    assert not MockSession.objects.exists()


def test_asking_for_more_questions_than_exist_shows_an_error(signed_in, guide):
    response = signed_in.post(reverse("practice:mock_setup"), setup_data(guide, count=9))

    assert response.status_code == 400
    assert "There are only 3 questions in ML." in response.content.decode()
    assert not MockSession.objects.exists()


def test_more_questions_than_the_chosen_sections_hold_is_refused(signed_in, guide):
    section = guide.sections.get(number=2)

    response = signed_in.post(
        reverse("practice:mock_setup"), setup_data(guide, count=2, sections=[section.pk])
    )

    assert "There are only 1 questions in the chosen sections." in response.content.decode()


def error_summary(content):
    """The entries of the form's error summary, as text."""
    return re.findall(r'<li><a href="[^"]*">([^<]*)</a></li>', content)


# Where Django words the error, the test names only the field: the wording is Django's.
@pytest.mark.parametrize(
    ("field", "value", "entry"),
    [
        ("minutes", "11", "Minutes per question: "),
        ("minutes", "0", "Minutes per question: "),
        ("count", "0", "Number of questions: "),
        ("count", "many", "Number of questions: Enter a whole number of questions, like 5."),
        ("strategy", "hardest", "How to choose them: "),
        ("guide", "99999", "Guide: Choose a guide from the list."),
        ("sections", "999999999999999999999", "Sections: Choose sections from the list."),
    ],
)
def test_invalid_choices_rerender_the_form_with_errors(signed_in, guide, field, value, entry):
    response = signed_in.post(reverse("practice:mock_setup"), setup_data(guide, **{field: value}))

    (error,) = error_summary(response.content.decode())
    assert response.status_code == 400
    assert error.startswith(entry)
    assert not MockSession.objects.exists()


def test_not_yet_seen_with_too_few_unseen_questions_is_refused(signed_in, owner, guide):
    for question in guide.sections.get(number=1).questions.all():
        rate_question(user=owner, question=question, confidence=3)

    response = signed_in.post(reverse("practice:mock_setup"), setup_data(guide, strategy="unseen"))

    assert "Only 1 of these questions are new to you" in response.content.decode()


def test_starting_creates_the_session_and_opens_the_first_question(signed_in, owner, guide):
    response = signed_in.post(reverse("practice:mock_setup"), setup_data(guide, count=2))

    session = MockSession.objects.get(user=owner)
    assert response["Location"] == f"/mock/{session.pk}/"
    assert session.items.count() == 2
    content = signed_in.get(response["Location"]).content.decode()
    assert "Question 1 of 2" in content
    assert '<progress class="mock-progress" max="2" value="1"' in content
    assert "Bias and variance?" in content
    assert "Section 1 — Core" in content
    assert "Time limit 3:00" in content


# Running


def test_a_reload_keeps_the_clock_without_javascript(signed_in, guide):
    session = start(signed_in, guide, minutes=1)
    MockItem.objects.filter(session=session, position=0).update(
        started_at=timezone.now() - timedelta(seconds=95)
    )

    content = signed_in.get(url("mock_session", session)).content.decode()

    assert "1:35 elapsed — over the limit" in content
    assert "timer is-over" in content


def test_untimed_sessions_show_no_countdown(signed_in, guide):
    session = start(signed_in, guide, mode="untimed")

    content = signed_in.get(url("mock_session", session)).content.decode()

    assert "Untimed" in content
    assert "data-limit" not in content


def test_autosave_with_htmx_answers_a_status_line(signed_in, guide):
    session = start(signed_in, guide)

    response = signed_in.post(
        url("mock_answer", session), {"position": 0, "answer": "High bias is..."}, headers=HTMX
    )

    assert response.status_code == 200
    assert "Saved at" in response.content.decode()
    assert "<html" not in response.content.decode()
    assert session.items.get(position=0).answer_text == "High bias is..."


def test_a_beacon_save_with_the_token_in_its_body_is_kept_quietly(owner, guide):
    # navigator.sendBeacon cannot set headers: the CSRF token comes as a form field.
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    client.get(reverse("practice:mock_setup"))
    token = client.cookies["csrftoken"].value
    session = start(client, guide, csrfmiddlewaretoken=token)
    data = {"position": 0, "answer": "typed as the tab closed", "background": "1"}

    response = client.post(url("mock_answer", session), data | {"csrfmiddlewaretoken": token})

    assert response.status_code == 204
    assert session.items.get(position=0).answer_text == "typed as the tab closed"
    assert "Your answer is saved." not in client.get(url("mock_session", session)).content.decode()


def test_saving_without_javascript_redirects_back_with_the_text_kept(signed_in, guide):
    session = start(signed_in, guide)

    response = signed_in.post(url("mock_answer", session), {"position": 0, "answer": "draft"})

    assert response["Location"] == url("mock_session", session)
    page = signed_in.get(response["Location"]).content.decode()
    assert ">draft</textarea>" in page
    assert "Your answer is saved." in page


def test_reveal_with_htmx_shows_model_answer_inline_and_locks_the_answer(signed_in, guide):
    session = start(signed_in, guide)

    response = signed_in.post(
        url("mock_reveal", session), {"position": 0, "answer": "high bias"}, headers=HTMX
    )

    content = response.content.decode()
    assert "<html" not in content
    assert "<strong>High bias</strong>" in content
    assert "<textarea" not in content
    assert "<mark>high bias</mark>" in content
    assert "1 of 2 key points" in content
    assert 'name="confidence"' in content


def test_rating_then_next_walks_through_the_session(signed_in, owner, guide):
    session = start(signed_in, guide)
    signed_in.post(url("mock_reveal", session), {"position": 0, "answer": ""})

    rated = signed_in.post(
        url("mock_rate", session), {"position": 0, "confidence": 4}, headers=HTMX
    )
    assert "You rated yourself <strong>4 – Good</strong>" in rated.content.decode()
    assert "data-next" in rated.content.decode()

    response = signed_in.post(url("mock_next", session), {"position": 0})
    assert response["Location"] == url("mock_session", session)
    assert "Question 2 of 3" in signed_in.get(response["Location"]).content.decode()
    assert ConfidenceRating.objects.get(user=owner).confidence == 4


def test_leaving_and_coming_back_resumes_at_the_current_question(signed_in, guide):
    session = start(signed_in, guide)
    answer_and_rate(signed_in, session, 0, "", 3)

    setup_page = signed_in.get(reverse("practice:mock_setup")).content.decode()
    assert "You have a mock interview in progress" in setup_page
    assert "started just now" in setup_page
    assert f'href="/mock/{session.pk}/"' in setup_page
    assert "Question 2 of 3" in signed_in.get(url("mock_session", session)).content.decode()


def test_the_setup_page_offers_to_resume_or_abandon_the_running_interview(signed_in, guide):
    session = start(signed_in, guide)

    content = signed_in.get(reverse("practice:mock_setup")).content.decode()

    assert f'href="/mock/{session.pk}/">Resume it</a>' in content
    assert f'<form method="post" action="/mock/{session.pk}/abandon/"' in content
    assert ">Abandon it</button>" in content


def test_starting_another_while_one_is_running_is_refused_with_the_offer(signed_in, guide):
    running = start(signed_in, guide)

    response = signed_in.post(reverse("practice:mock_setup"), setup_data(guide, count=1))

    content = response.content.decode()
    assert response.status_code == 409
    assert "Resume it, or abandon it before you start a new one." in content
    assert f'action="/mock/{running.pk}/abandon/"' in content
    assert list(MockSession.objects.values_list("pk", "status")) == [(running.pk, "active")]


def test_abandoning_from_the_setup_page_returns_there_to_start_a_new_one(signed_in, guide):
    running = start(signed_in, guide)

    response = signed_in.post(url("mock_abandon", running), {"then": "setup"}, follow=True)

    content = response.content.decode()
    assert response.redirect_chain == [("/mock/", 302)]
    assert "You abandoned that mock interview; its summary is in your history." in content
    assert "You have a mock interview in progress" not in content
    running.refresh_from_db()
    assert running.status == MockSession.Status.ABANDONED
    assert start(signed_in, guide).is_active


@pytest.mark.parametrize("confidence", ["0", "6", "x", ""])
def test_bad_rating_is_a_400_fragment_and_changes_nothing(signed_in, guide, confidence):
    session = start(signed_in, guide)
    signed_in.post(url("mock_reveal", session), {"position": 0})

    response = signed_in.post(
        url("mock_rate", session), {"position": 0, "confidence": confidence}, headers=HTMX
    )

    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()
    assert session.items.get(position=0).confidence is None


def test_finishing_goes_to_the_summary(signed_in, guide):
    session = start(signed_in, guide, count=2)
    answer_and_rate(signed_in, session, 0, "high bias and high variance", 2)
    signed_in.post(url("mock_reveal", session), {"position": 1, "answer": "something"})
    signed_in.post(url("mock_rate", session), {"position": 1, "confidence": 4})

    response = signed_in.post(url("mock_next", session), {"position": 1})

    assert response["Location"] == url("mock_summary", session)
    session.refresh_from_db()
    assert session.status == MockSession.Status.FINISHED


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("mock_answer", "This mock interview is finished; it can no longer be changed."),
        ("mock_reveal", "This mock interview is finished; it can no longer be changed."),
        ("mock_rate", "This mock interview is finished; it can no longer be changed."),
        ("mock_abandon", "This mock interview has already ended."),
    ],
)
def test_a_finished_session_cannot_be_changed(signed_in, guide, name, message):
    session = start(signed_in, guide, count=1)
    answer_and_rate(signed_in, session, 0, "text", 3)

    response = signed_in.post(url(name, session), {"position": 0, "confidence": 1, "answer": "x"})

    assert response.status_code == 409
    assert f'<div class="notice notice-error" role="alert"><p>{message}</p></div>' in (
        response.content.decode()
    )
    item = session.items.get()
    assert (item.answer_text, item.confidence) == ("text", 3)


def test_a_finished_session_answers_409_to_htmx_with_a_fragment(signed_in, guide):
    session = start(signed_in, guide, count=1)
    answer_and_rate(signed_in, session, 0, "text", 3)

    response = signed_in.post(
        url("mock_rate", session), {"position": 0, "confidence": 1}, headers=HTMX
    )

    assert response.status_code == 409
    assert "<html" not in response.content.decode()
    assert "finished" in response.content.decode()


def test_abandoning_shows_the_summary_of_what_was_done(signed_in, guide):
    session = start(signed_in, guide)
    answer_and_rate(signed_in, session, 0, "high variance", 2)

    response = signed_in.post(url("mock_abandon", session), follow=True)

    content = response.content.decode()
    assert "Ended early" in content
    assert "Bias and variance?" in content
    assert "Plain one?" in content


# Summary and history


def test_summary_shows_scores_coverage_time_and_sections(signed_in, guide):
    session = start(signed_in, guide, minutes=1)
    MockItem.objects.filter(session=session, position=0).update(
        started_at=timezone.now() - timedelta(seconds=80)
    )
    answer_and_rate(signed_in, session, 0, "Overfitting comes from high variances.", 2)
    answer_and_rate(signed_in, session, 1, "A plain answer", 4)
    answer_and_rate(signed_in, session, 2, "", 3)

    content = signed_in.get(url("mock_summary", session)).content.decode()

    assert "3.0 <span" in content  # mean self-rating
    # Q1 covers 1 of 2 key points, Q3 (empty) 0 of 1; Q2 has none and does not count.
    assert "<dd>25%</dd>" in content
    assert "mean of the 2 questions that have key points; unanswered count as 0%" in content
    assert "1 of 2 key points" in content
    assert "<mark>high variances</mark>" in content
    assert "over the limit" in content
    assert "Section 1 — Core" in content
    assert "Section 2 — Deep" in content
    assert "No bold here." in content  # model answer beside the user's
    assert "Retry the weakest" in content


def test_a_question_left_unanswered_counts_as_no_key_points_covered(signed_in, guide):
    session = start(signed_in, guide)
    answer_and_rate(signed_in, session, 0, "high bias and high variance", 4)
    answer_and_rate(signed_in, session, 1, "A plain answer", 4)
    signed_in.post(url("mock_abandon", session))

    content = signed_in.get(url("mock_summary", session)).content.decode()

    cards = content.split('class="score-cards"')[1].split("</dl>")[0]
    assert "<dt>Key points covered</dt><dd>50%</dd>" in cards
    assert "mean of the 2 questions that have key points; unanswered count as 0%" in cards
    assert "0 of 1 key points" in content


def test_coverage_of_questions_that_all_have_key_points_is_a_plain_mean(signed_in, guide):
    session = start(signed_in, guide, count=1, sections=[guide.sections.get(number=2).pk])
    answer_and_rate(signed_in, session, 0, "The dropout rate matters.", 4)

    content = signed_in.get(url("mock_summary", session)).content.decode()

    assert "<dt>Key points covered</dt><dd>100%</dd>" in content
    assert "mean of 1 question; unanswered count as 0%" in content


def test_questions_without_bold_terms_show_no_coverage(signed_in, guide):
    session = start(signed_in, guide, count=2)
    answer_and_rate(signed_in, session, 0, "", 3)
    answer_and_rate(signed_in, session, 1, "typed something", 3)

    content = signed_in.get(url("mock_summary", session)).content.decode()

    assert (
        "key points"
        not in content.split("Your answers and the model answers")[1].split("Plain one?")[1]
    )


def test_retrying_twice_lands_on_the_one_retry_session(signed_in, owner, guide):
    session = start(signed_in, guide)
    for position, confidence in enumerate([5, 1, 2]):
        answer_and_rate(signed_in, session, position, "", confidence)

    first = signed_in.post(url("mock_retry", session))
    second = signed_in.post(url("mock_retry", session))

    assert MockSession.objects.filter(user=owner).count() == 2
    retry = MockSession.objects.get(user=owner, strategy=MockSession.Strategy.RETRY)
    assert first["Location"] == second["Location"] == url("mock_session", retry)


def test_history_lists_only_the_users_sessions(client, owner, other_user, guide):
    client.force_login(owner)
    mine = start(client, guide, count=1)
    answer_and_rate(client, mine, 0, "", 4)
    client.force_login(other_user)
    theirs = start(client, guide, count=2)
    client.post(url("mock_abandon", theirs))
    client.force_login(owner)

    content = client.get(reverse("practice:mock_history")).content.decode()

    assert f'href="/mock/{mine.pk}/summary/"' in content
    assert f"/mock/{theirs.pk}/" not in content
    assert "4.0" in content
    assert "Finished" in content


def test_the_history_and_the_summary_of_an_interview_ended_early_agree(signed_in, guide):
    session = start(signed_in, guide, count=3)
    answer_and_rate(signed_in, session, 0, "high variance", 2)
    signed_in.post(url("mock_abandon", session))

    summary = signed_in.get(url("mock_summary", session)).content.decode()
    history = signed_in.get(reverse("practice:mock_history")).content.decode()

    assert re.search(r"<dt>Questions</dt><dd>2</dd>", summary)
    assert re.search(r'<td data-label="Questions">2</td>', history)
    assert "<strong>Ended early</strong>" in summary
    assert '<td data-label="Status">Ended early</td>' in history


def test_autosaves_and_the_save_button_wait_for_the_request_in_flight(signed_in, guide):
    """Two saves never race: each waits for the one in flight and only the last text is
    sent (a browser test types fast against a slow server)."""
    session = start(signed_in, guide)

    content = signed_in.get(url("mock_session", session)).content.decode()

    box = re.search(r"<textarea[^>]*data-autosave[^>]*>", content)[0]
    button = re.search(r"<button[^>]*>Save answer</button>", content)[0]
    assert 'hx-sync="closest form:queue last"' in box
    assert 'hx-sync="closest form:queue last"' in button


# Ownership, anonymous visitors, CSRF


@pytest.mark.parametrize("name", ["mock_session", "mock_summary"])
def test_anonymous_visitors_are_sent_to_sign_in(client, owner, guide, name):
    client.force_login(owner)
    session = start(client, guide)
    client.logout()

    response = client.get(url(name, session))

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_an_empty_setup_form_shows_errors_instead_of_starting(signed_in, guide):
    response = signed_in.post(reverse("practice:mock_setup"), {})

    assert response.status_code == 400
    assert error_summary(response.content.decode())[0].startswith("Guide: ")
    assert not MockSession.objects.exists()
