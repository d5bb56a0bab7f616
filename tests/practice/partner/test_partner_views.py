"""Partner interviews with three people: the owner (the person interviewed), the partner
(anonymous, through the link) and another signed-in user."""

import json
import re

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from practice.models import (
    ConfidenceRating,
    MockItem,
    MockSession,
    PartnerFeedback,
    PartnerLink,
    QuestionProgress,
)
from tests.factories import QuestionFactory, SectionFactory, UserFactory

HTMX = {"HX-Request": "true"}
MODEL_ANSWER_WORD = "underfitting"


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()


@pytest.fixture
def guide(db):
    section = SectionFactory(guide__slug="ml", guide__title="ML", number=1, title="Core")
    QuestionFactory(
        section=section,
        number=1,
        prompt="Bias and variance?",
        answer="- **High bias** → underfitting.\n- **High variance** → overfitting.",
        pro_tip="Draw the U curve.",
    )
    QuestionFactory(section=section, number=2, prompt="Dropout?", answer="Uses **dropout rate**.")
    QuestionFactory(section=section, number=3, prompt="Plain one?", answer="No bold here.")
    return section.guide


@pytest.fixture
def owner(db):
    return UserFactory(username="owner")


@pytest.fixture
def owner_client(owner):
    client = Client()
    client.force_login(owner)
    return client


def start_with_partner(client, guide, count=3):
    data = {
        "guide": guide.pk,
        "count": count,
        "strategy": "weakest",
        "minutes": 3,
        "mode": "timed",
    }
    response = client.post(reverse("practice:partner_start"), data)
    assert response.status_code == 302, response.content.decode()
    session = MockSession.objects.latest("id")
    assert response["Location"] == reverse("practice:partner_person", args=[session.pk])
    page = client.get(response["Location"]).content.decode()
    token = re.search(r"/mock/partner/([\w-]+)/", page).group(1)
    return session, token


def partner_url(name, token):
    return reverse(f"practice:{name}", args=[token])


def join(client, token, name="Sam"):
    response = client.post(partner_url("partner_join", token), {"display_name": name})
    assert response.status_code == 302
    return response


@pytest.fixture
def interview(owner_client, guide):
    session, token = start_with_partner(owner_client, guide)
    partner = Client()
    join(partner, token)
    return session, token, partner


def person_live(client, session, tag=None):
    headers = HTMX | ({"If-None-Match": tag} if tag else {})
    return client.get(reverse("practice:partner_person_live", args=[session.pk]), headers=headers)


def send_feedback(partner, token, position=0, **data):
    return partner.post(
        partner_url("partner_feedback", token), {"position": position, **data}, headers=HTMX
    )


def test_setup_with_a_partner_shows_the_person_a_private_link_of_256_bits(owner_client, guide):
    session, token = start_with_partner(owner_client, guide)
    assert len(token) >= 43
    link = PartnerLink.objects.get(session=session)
    assert token not in link.token_hash
    page = owner_client.get(reverse("practice:partner_person", args=[session.pk])).content
    assert b"Copy link" in page
    assert b"Waiting for your partner" in page


def test_the_plain_session_page_of_a_partner_interview_leads_to_the_person_screen(
    owner_client, guide
):
    session, _token = start_with_partner(owner_client, guide)
    response = owner_client.get(reverse("practice:mock_session", args=[session.pk]))
    assert response["Location"] == reverse("practice:partner_person", args=[session.pk])


def test_a_partner_joins_with_a_display_name_and_sees_the_model_answer(interview):
    session, token, partner = interview
    page = partner.get(partner_url("partner_page", token)).content.decode()
    assert "Bias and variance?" in page
    assert MODEL_ANSWER_WORD in page
    assert "Draw the U curve." in page
    assert "High bias" in page
    assert "How would you rate this answer" in page
    assert PartnerLink.objects.get(session=session).display_name == "Sam"


def test_the_person_never_sees_the_model_answer_of_the_current_question(interview, owner_client):
    session, _token, _partner = interview
    page = owner_client.get(reverse("practice:partner_person", args=[session.pk])).content
    assert b"Bias and variance?" in page
    assert MODEL_ANSWER_WORD.encode() not in page
    assert b"High bias" not in page
    assert b"Draw the U curve" not in page
    assert b"Your partner is on question 1 of 3" in page


def test_the_person_may_answer_the_current_question_aloud_for_this_interview(
    interview, owner_client
):
    session, _token, _partner = interview
    page = owner_client.get(reverse("practice:partner_person", args=[session.pk])).content.decode()
    item = session.items.get(position=0)

    assert "Answer aloud" in page
    assert reverse("practice:spoken_upload", args=[item.question_id]) in page
    assert f'name="mock_item" value="{item.pk}"' in page
    assert "record your answer to question 1" in page


def test_a_second_partner_cannot_join_the_same_link(interview):
    _session, token, _partner = interview
    stranger = Client()
    stranger.post(partner_url("partner_join", token), {"display_name": "Eve"})
    page = stranger.get(partner_url("partner_page", token))
    assert page.status_code == 409
    assert b"already joined" in page.content
    assert MODEL_ANSWER_WORD.encode() not in page.content
    assert send_feedback(stranger, token, notes="hi").status_code == 404


def test_ticks_notes_and_rating_are_saved_and_reach_the_person(interview, owner_client):
    session, token, partner = interview
    tag = person_live(owner_client, session)["ETag"]
    response = send_feedback(partner, token, point=["0"], notes="Good start", rating="4")
    assert response.status_code == 200
    assert b"Saved" in response.content
    feedback = PartnerFeedback.objects.get(item__session=session, item__position=0)
    assert (feedback.ticked, feedback.notes, feedback.rating) == (["High bias"], "Good start", 4)
    update = person_live(owner_client, session, tag)
    assert update.status_code == 200
    text = update.content.decode()
    assert "1 of 2" in text
    assert "wrote a note" in text
    assert "4 – Good" in text
    # The person learns how many points were ticked, not which ones.
    assert "High bias" not in text
    assert "Good start" not in text


def test_the_live_views_answer_304_while_nothing_changed(interview, owner_client):
    session, token, partner = interview
    first = person_live(owner_client, session)
    again = person_live(owner_client, session, first["ETag"])
    assert again.status_code == 304
    assert again["HX-Reswap"] == "none"
    page = partner.get(partner_url("partner_page", token)).content.decode()
    headers = json.loads(
        re.search(r'id="partner-poll"[^>]*hx-headers="([^"]*)"', page)
        .group(1)
        .replace("&quot;", '"')
    )
    poll = partner.get(partner_url("partner_live", token), headers=HTMX | headers)
    assert poll.status_code == 304


def test_next_question_moves_both_screens_and_shows_the_person_the_past_feedback(
    interview, owner_client
):
    session, token, partner = interview
    response = partner.post(
        partner_url("partner_next", token), {"position": 0, "point": ["1"], "notes": "Clear"}
    )
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.position == 1
    assert MockItem.objects.get(session=session, position=0).revealed_at is not None
    assert b"Dropout?" in partner.get(partner_url("partner_page", token)).content
    page = owner_client.get(reverse("practice:partner_person", args=[session.pk])).content
    text = page.decode()
    assert "Your partner is on question 2 of 3" in text
    assert "High variance" in text
    assert "Clear" in text
    assert "dropout rate" not in text


def test_a_stale_feedback_for_an_earlier_question_is_refused(interview):
    _session, token, partner = interview
    partner.post(partner_url("partner_next", token), {"position": 0})
    assert send_feedback(partner, token, position=0, notes="late").status_code == 409


def test_finishing_the_last_question_ends_the_interview_and_thanks_the_partner(
    interview, owner_client
):
    session, token, partner = interview
    for position in range(3):
        partner.post(partner_url("partner_next", token), {"position": position, "rating": "3"})
    session.refresh_from_db()
    assert session.status == MockSession.Status.FINISHED
    page = partner.get(partner_url("partner_page", token))
    assert page.status_code == 200
    assert b"Thank you, Sam" in page.content
    assert b"owner" not in page.content  # nothing of the person's data
    response = owner_client.get(reverse("practice:mock_summary", args=[session.pk]))
    assert response["Location"] == reverse("practice:partner_summary", args=[session.pk])
    # Anyone else holding the link gets a closed page.
    assert Client().get(partner_url("partner_page", token)).status_code == 410


def test_ending_early_closes_the_link(interview, owner_client):
    session, token, partner = interview
    owner_client.post(reverse("practice:mock_abandon", args=[session.pk]))
    assert send_feedback(partner, token, notes="x").status_code == 204
    assert not PartnerFeedback.objects.exists()
    poll = partner.get(partner_url("partner_live", token), headers=HTMX)
    assert poll["HX-Refresh"] == "true"
    assert person_live(owner_client, session)["HX-Redirect"] == reverse(
        "practice:partner_summary", args=[session.pk]
    )


def test_revoking_the_link_shows_the_partner_a_closed_page(interview, owner_client):
    session, token, partner = interview
    owner_client.post(reverse("practice:partner_revoke", args=[session.pk]))
    page = partner.get(partner_url("partner_page", token))
    assert page.status_code == 410
    assert b"closed this link" in page.content
    assert MODEL_ANSWER_WORD.encode() not in page.content
    assert partner.post(partner_url("partner_next", token), {"position": 0}).status_code == 302
    session.refresh_from_db()
    assert session.position == 0


def test_a_new_link_replaces_the_old_one_and_frees_the_seat(interview, owner_client):
    session, token, partner = interview
    owner_client.post(reverse("practice:partner_new_link", args=[session.pk]))
    assert partner.get(partner_url("partner_page", token)).status_code == 404
    page = owner_client.get(reverse("practice:partner_person", args=[session.pk])).content
    new_token = re.search(rb"/mock/partner/([\w-]+)/", page).group(1).decode()
    assert new_token != token
    join(Client(), new_token, name="Kim")
    assert PartnerLink.objects.get(session=session).display_name == "Kim"


def test_a_wrong_token_answers_404(interview):
    _session, token, partner = interview
    wrong = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    assert partner.get(partner_url("partner_page", wrong)).status_code == 404
    assert partner.post(partner_url("partner_next", wrong), {"position": 0}).status_code == 404
    assert Client().get(partner_url("partner_page", "short")).status_code == 404


def test_another_users_session_answers_404_on_every_person_page(interview):
    session, _token, _partner = interview
    other = Client()
    other.force_login(UserFactory(username="other"))
    for name in ("partner_person", "partner_person_live", "partner_summary"):
        assert other.get(reverse(f"practice:{name}", args=[session.pk])).status_code == 404
    for name in ("partner_revoke", "partner_new_link", "partner_rate"):
        response = other.post(reverse(f"practice:{name}", args=[session.pk]), {"position": 0})
        assert response.status_code == 404
    assert PartnerLink.objects.get(session=session).revoked_at is None


def test_the_partner_reaches_nothing_of_the_person_but_the_link(interview):
    session, _token, partner = interview
    for path in (
        reverse("practice:partner_person", args=[session.pk]),
        reverse("practice:mock_summary", args=[session.pk]),
        reverse("accounts:profile"),
    ):
        response = partner.get(path)
        assert response.status_code == 302
        assert "/accounts/" in response["Location"]


def test_partner_posts_need_the_csrf_token(owner_client, guide):
    _session, token = start_with_partner(owner_client, guide)
    partner = Client(enforce_csrf_checks=True)
    page = partner.get(partner_url("partner_page", token)).content.decode()
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    refused = partner.post(partner_url("partner_join", token), {"display_name": "Sam"})
    assert refused.status_code == 403
    joined = partner.post(
        partner_url("partner_join", token), {"display_name": "Sam", "csrfmiddlewaretoken": csrf}
    )
    assert joined.status_code == 302
    assert partner.post(partner_url("partner_feedback", token), {"position": 0}).status_code == 403


def test_what_the_partner_writes_is_shown_as_escaped_text(interview, owner_client):
    session, token, partner = interview
    partner.post(
        partner_url("partner_next", token),
        {"position": 0, "notes": "<script>alert(1)</script> **bold**"},
    )
    page = owner_client.get(reverse("practice:partner_person", args=[session.pk])).content
    assert b"<script>alert(1)</script>" not in page
    assert b"&lt;script&gt;alert(1)&lt;/script&gt; **bold**" in page


def test_a_display_name_with_markup_is_escaped(owner_client, guide):
    session, token = start_with_partner(owner_client, guide)
    join(Client(), token, name="<b>Sam</b>")
    page = owner_client.get(reverse("practice:partner_person", args=[session.pk])).content
    assert b"&lt;b&gt;Sam&lt;/b&gt;" in page
    assert b"<b>Sam</b>" not in page


def test_joining_is_rate_limited_per_address(owner_client, guide, settings):
    _session, token = start_with_partner(owner_client, guide)
    client = Client()
    statuses = [
        client.post(partner_url("partner_join", token), {"display_name": ""}).status_code
        for _ in range(12)
    ]
    assert statuses[:10] == [400] * 10
    assert statuses[10:] == [429, 429]


def finish(partner, token, ratings=("4", "2", "")):
    for position, rating in enumerate(ratings):
        partner.post(
            partner_url("partner_next", token),
            {"position": position, "rating": rating, "notes": f"note {position}"}
            # The third question has no key points to tick.
            | ({"point": ["0"]} if position < 2 else {}),
        )


def test_the_summary_shows_the_partner_feedback_beside_the_self_rating(interview, owner_client):
    session, token, partner = interview
    finish(partner, token)
    page = owner_client.get(reverse("practice:partner_summary", args=[session.pk])).content
    text = page.decode()
    assert "Sam</strong> interviewed you" in text
    assert "note 0" in text
    assert "note 1" in text
    assert "Adopt partner's rating (4 – Good)" in text
    assert "High bias" in text
    assert "Your self-rating" in text


def test_the_self_rating_on_the_summary_moves_the_schedule(interview, owner_client, owner):
    session, token, partner = interview
    finish(partner, token)
    response = owner_client.post(
        reverse("practice:partner_rate", args=[session.pk]), {"position": 1, "confidence": "5"}
    )
    assert response.status_code == 302
    item = MockItem.objects.get(session=session, position=1)
    assert item.confidence == 5
    assert QuestionProgress.objects.get(user=owner, question=item.question).confidence == 5


def test_adopting_the_partner_rating_is_one_click_and_a_rating_like_any_other(
    interview, owner_client, owner
):
    session, token, partner = interview
    finish(partner, token)
    rate = reverse("practice:partner_rate", args=[session.pk])
    owner_client.post(rate, {"position": 0, "confidence": "2"})
    owner_client.post(rate, {"position": 0, "adopt": "1"})
    item = MockItem.objects.get(session=session, position=0)
    assert item.confidence == 4
    assert ConfidenceRating.objects.filter(user=owner).count() == 1
    assert item.partner_feedback.adopted_at is not None
    # The partner did not rate the third answer: nothing to adopt.
    owner_client.post(rate, {"position": 2, "adopt": "1"})
    assert MockItem.objects.get(session=session, position=2).confidence is None


def test_partner_feedback_is_in_the_download_of_the_person(interview, owner_client):
    session, token, partner = interview
    finish(partner, token)
    response = owner_client.get(reverse("accounts:export_json"))
    data = json.loads(b"".join(response.streaming_content))
    mock = data["mock_interviews"][0]
    assert mock["partner"] == "Sam"
    first = mock["questions"][0]["partner_feedback"]
    assert first == {"ticked": ["High bias"], "notes": "note 0", "rating": 4, "adopted": False}


def test_partner_feedback_is_deleted_with_the_person(interview, owner):
    _session, token, partner = interview
    finish(partner, token)
    owner.delete()
    assert not PartnerFeedback.objects.exists()
    assert not PartnerLink.objects.exists()


def test_a_signed_in_partner_swaps_roles_and_gets_a_link_to_send_back(interview):
    session, token, partner = interview
    finish(partner, token)
    friend = UserFactory(username="friend")
    partner.force_login(friend)
    page = partner.get(partner_url("partner_page", token)).content
    assert b"Swap roles" in page
    response = partner.post(partner_url("partner_swap", token))
    new = MockSession.objects.for_user(friend).get()
    assert response["Location"] == reverse("practice:partner_person", args=[new.pk])
    assert new.items.count() == 3
    assert new.guide_id == session.guide_id
    page = partner.get(response["Location"]).content
    assert b"Copy link" in page
    assert b"/mock/partner/" in page


def test_an_anonymous_partner_is_asked_to_sign_in_to_swap_roles(interview):
    _session, token, partner = interview
    finish(partner, token)
    page = partner.get(partner_url("partner_page", token)).content
    assert b"Sign in to swap roles" in page
    assert partner.post(partner_url("partner_swap", token)).status_code == 302


def test_the_code_read_out_loud_opens_the_link(owner_client, guide):
    _session, token = start_with_partner(owner_client, guide)
    spaced = " ".join(token[i : i + 4] for i in range(0, len(token), 4))
    response = Client().get(reverse("practice:partner_enter"), {"code": spaced})
    assert response["Location"] == partner_url("partner_page", token)
    assert Client().get(reverse("practice:partner_enter"), {"code": "nope" * 8}).status_code == 404


def test_an_unchanged_poll_answers_304_from_one_query_before_sessions(
    interview, owner_client, django_assert_num_queries
):
    session, token, partner = interview
    tag = person_live(owner_client, session)["ETag"]
    # The tag is what earns a 304: no session is read and no user looked up.
    with django_assert_num_queries(1):
        response = Client().get(
            reverse("practice:partner_person_live", args=[session.pk]),
            headers=HTMX | {"If-None-Match": tag},
        )
    assert response.status_code == 304
    assert response["HX-Reswap"] == "none"
    poll = partner.get(partner_url("partner_live", token), headers=HTMX)
    with django_assert_num_queries(1):
        again = partner.get(
            partner_url("partner_live", token), headers=HTMX | {"If-None-Match": poll["ETag"]}
        )
    assert again.status_code == 304


def test_a_made_up_tag_gets_no_304_and_goes_to_the_view(interview):
    session, _token, _partner = interview
    made_up = '"person-0123456789abcdef0123456789abcdef"'
    path = reverse("practice:partner_person_live", args=[session.pk])
    stranger = Client().get(path, headers=HTMX | {"If-None-Match": made_up})
    assert stranger.status_code == 302
    other = Client()
    other.force_login(UserFactory(username="other"))
    assert other.get(path, headers=HTMX | {"If-None-Match": made_up}).status_code == 404


def test_the_tag_moves_with_every_partner_write(interview, owner_client):
    session, token, partner = interview
    tag = person_live(owner_client, session)["ETag"]
    send_feedback(partner, token, notes="a")
    assert person_live(owner_client, session, tag).status_code == 200
