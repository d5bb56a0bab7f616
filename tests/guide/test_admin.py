"""Staff edit content in the admin; the stored HTML follows every save."""

import pytest
from django.urls import reverse

from guide.models import Question, Section, Tip
from tests.factories import GuideFactory, QuestionFactory, SectionFactory, TipFactory


@pytest.fixture
def question(db):
    section = SectionFactory(guide=GuideFactory(slug="ml"), number=1, title="Core")
    return QuestionFactory(section=section, number=1, prompt="What is bias?", answer="Old.")


def question_form(question, **changes):
    data = {
        "section": question.section_id,
        "number": question.number,
        "prompt": question.prompt,
        "answer": question.answer,
        "pro_tip": question.pro_tip,
    }
    return data | changes


def test_staff_edit_rerenders_the_stored_answer_html(client, staff_user, question):
    client.force_login(staff_user)
    url = reverse("admin:guide_question_change", args=[question.pk])

    response = client.post(url, question_form(question, answer="Now **bold** and $|w|$."))

    assert response.status_code == 302
    question.refresh_from_db()
    assert "<strong>bold</strong>" in question.answer_html
    assert "<math" in question.answer_html
    page = client.get(question.get_revealed_url()).content.decode()
    assert "Now <strong>bold</strong>" in page


def test_a_question_moved_to_another_guide_leaves_the_old_guides_pages(
    client, staff_user, question
):
    other = SectionFactory(guide=GuideFactory(slug="stats"), number=1, title="Tests")
    visitor = client.__class__()
    old_page = reverse("practice:guide", args=["ml"])
    assert "What is bias?" in visitor.get(old_page).content.decode()
    client.force_login(staff_user)

    url = reverse("admin:guide_question_change", args=[question.pk])
    assert client.post(url, question_form(question, section=other.pk)).status_code == 302

    assert "What is bias?" not in visitor.get(old_page).content.decode()
    new_page = reverse("practice:guide", args=["stats"])
    assert "What is bias?" in visitor.get(new_page).content.decode()


def test_admin_shows_a_rendered_preview_of_the_answer(client, staff_user, question):
    client.force_login(staff_user)
    question.answer = "Has `code`."
    question.render_html()
    question.save()

    content = client.get(reverse("admin:guide_question_change", args=[question.pk])).content
    assert b"<code>code</code>" in content


def test_admin_refuses_a_number_already_used_in_the_guide(client, staff_user, question):
    other = QuestionFactory(
        section=SectionFactory(guide=question.section.guide, number=2), number=2
    )
    client.force_login(staff_user)

    response = client.post(
        reverse("admin:guide_question_change", args=[other.pk]),
        question_form(other, number=1),
    )

    assert response.status_code == 200
    assert "Question 1 already exists in this guide." in response.content.decode()
    other.refresh_from_db()
    assert other.number == 2


def test_questions_are_edited_inline_on_their_section(client, staff_user, question):
    client.force_login(staff_user)
    section = question.section
    url = reverse("admin:guide_section_change", args=[section.pk])
    data = {
        "guide": section.guide_id,
        "number": section.number,
        "title": section.title,
        "subtitle": section.subtitle,
        "questions-TOTAL_FORMS": "1",
        "questions-INITIAL_FORMS": "1",
        "questions-MIN_NUM_FORMS": "0",
        "questions-MAX_NUM_FORMS": "1000",
        "questions-0-id": question.pk,
        "questions-0-section": section.pk,
        "questions-0-number": "1",
        "questions-0-prompt": question.prompt,
        "questions-0-answer": "Inline *edit*.",
        "questions-0-pro_tip": "",
    }

    response = client.post(url, data)

    assert response.status_code == 302
    question.refresh_from_db()
    assert question.answer_html == "<p>Inline <em>edit</em>.</p>\n"
    assert question.pro_tip_html == ""


def test_sections_and_tips_are_inline_on_their_guide(client, staff_user, question):
    guide = question.section.guide
    tip = TipFactory(guide=guide, order=1, title="Be brief", body="Old")
    client.force_login(staff_user)

    content = client.get(reverse("admin:guide_guide_change", args=[guide.pk])).content.decode()
    assert 'name="sections-0-title"' in content
    assert 'name="tips-0-body"' in content

    data = {
        "title": guide.title,
        "slug": guide.slug,
        "level": guide.level,
        "subject": guide.subject,
        "role": guide.role,
        "intro": guide.intro,
        "tips_title": "Tips",
        "tips_subtitle": "",
        "sections-TOTAL_FORMS": "1",
        "sections-INITIAL_FORMS": "1",
        "sections-MIN_NUM_FORMS": "0",
        "sections-MAX_NUM_FORMS": "1000",
        "sections-0-id": question.section.pk,
        "sections-0-guide": guide.pk,
        "sections-0-number": "1",
        "sections-0-title": "Core concepts",
        "sections-0-subtitle": "",
        "tips-TOTAL_FORMS": "1",
        "tips-INITIAL_FORMS": "1",
        "tips-MIN_NUM_FORMS": "0",
        "tips-MAX_NUM_FORMS": "1000",
        "tips-0-id": tip.pk,
        "tips-0-guide": guide.pk,
        "tips-0-order": "1",
        "tips-0-title": "Be brief",
        "tips-0-body": "New **tip**",
    }
    response = client.post(reverse("admin:guide_guide_change", args=[guide.pk]), data)

    assert response.status_code == 302
    question.section.refresh_from_db()
    assert question.section.title == "Core concepts"
    assert Tip.objects.get(pk=tip.pk).body_html == "<p>New <strong>tip</strong></p>\n"


def test_admin_searches_questions_by_answer_text(client, staff_user, question):
    QuestionFactory(section=question.section, number=2, prompt="Unrelated?", answer="Nothing.")
    client.force_login(staff_user)

    content = client.get(reverse("admin:guide_question_changelist"), {"q": "Old."}).content
    assert b"What is bias?" in content
    assert b"Unrelated?" not in content


def test_admin_filters_questions_by_guide(client, staff_user, question):
    elsewhere = QuestionFactory(prompt="From another guide?")
    client.force_login(staff_user)

    content = client.get(
        reverse("admin:guide_question_changelist"),
        {"section__guide__id__exact": question.section.guide_id},
    ).content
    assert b"What is bias?" in content
    assert elsewhere.prompt.encode() not in content


def test_non_staff_users_cannot_reach_the_admin(client, owner, question):
    client.force_login(owner)

    response = client.get(reverse("admin:guide_question_change", args=[question.pk]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_non_staff_users_cannot_change_content(client, owner, question):
    client.force_login(owner)

    client.post(
        reverse("admin:guide_question_change", args=[question.pk]),
        question_form(question, answer="Hacked"),
    )

    assert Question.objects.get(pk=question.pk).answer == "Old."


def test_anonymous_visitors_are_sent_to_the_admin_login(client, question):
    response = client.get(reverse("admin:index"))

    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_admin_refuses_a_question_number_too_large_for_an_address(client, staff_user, question):
    client.force_login(staff_user)

    response = client.post(
        reverse("admin:guide_question_change", args=[question.pk]),
        question_form(question, number="4294967296"),
    )

    assert response.status_code == 200
    assert "Ensure this value is less than or equal to 999999999." in response.content.decode()
    question.refresh_from_db()
    assert question.number == 1
    assert client.get(question.section.guide.get_absolute_url()).status_code == 200


def test_admin_refuses_a_new_section_with_a_number_too_large(client, staff_user, question):
    client.force_login(staff_user)

    response = client.post(
        reverse("admin:guide_section_add"),
        {
            "guide": question.section.guide_id,
            "number": "4294967296",
            "title": "Too far",
            "subtitle": "",
            "questions-TOTAL_FORMS": "0",
            "questions-INITIAL_FORMS": "0",
            "questions-MIN_NUM_FORMS": "0",
            "questions-MAX_NUM_FORMS": "1000",
        },
    )

    assert response.status_code == 200
    assert "Ensure this value is less than or equal to 999999999." in response.content.decode()
    assert not Section.objects.filter(title="Too far").exists()


@pytest.fixture
def private_question(owner):
    return QuestionFactory(
        section__guide__owner=owner,
        section__guide__title="Owner's hedgehog notes",
        section__title="Hedgehog section",
        prompt="A hedgehog prompt?",
        answer="Walrus.",
    )


def test_the_admin_lists_and_searches_shipped_content_only(
    client, staff_user, question, private_question
):
    client.force_login(staff_user)
    pages = [
        reverse("admin:guide_guide_changelist"),
        reverse("admin:guide_section_changelist"),
        reverse("admin:guide_question_changelist"),
        reverse("admin:guide_question_changelist") + "?q=walrus",
        reverse("admin:guide_tip_changelist"),
        reverse("admin:guide_question_add"),
        reverse("admin:guide_tip_add"),
    ]

    contents = [client.get(page).content.decode() for page in pages]

    assert "What is bias?" in contents[2]
    assert ["hedgehog" in content.lower() for content in contents] == [False] * len(pages)


@pytest.mark.parametrize("model", ["guide", "section", "question"])
def test_a_private_guides_rows_are_not_found_in_the_admin(
    client, staff_user, private_question, model
):
    rows = {
        "guide": private_question.section.guide,
        "section": private_question.section,
        "question": private_question,
    }
    client.force_login(staff_user)

    response = client.get(reverse(f"admin:guide_{model}_change", args=[rows[model].pk]))

    # The admin's answer for an id it does not know: back to its index, saying so.
    assert (response.status_code, response.url) == (302, reverse("admin:index"))
