"""Key points of a question: derived from its model answer, stored, shown under the answer,
editable by staff and by a private guide's owner, and kept as edited across re-imports."""

import pytest
from django.urls import reverse

from guide.key_points import derive, parse
from guide.models import Question
from tests.conftest import SEED_GUIDE, run_import
from tests.factories import GuideFactory, QuestionFactory, SectionFactory


def test_each_bold_term_brings_its_list_item_or_sentence():
    answer = (
        "Bias is an error. **High bias** means underfitting. Nothing bold here.\n\n"
        "- **High variance** → overfitting.\n- A plain item."
    )

    assert derive(answer) == [
        "**High bias** means underfitting.",
        "**High variance** → overfitting.",
    ]


def test_without_bold_terms_the_list_items_are_the_key_points():
    answer = "Dropout deactivates neurons.\n\n- Prevents co-adaptation.\n- Acts as an ensemble."

    assert derive(answer) == ["Prevents co-adaptation.", "Acts as an ensemble."]


def test_without_bold_terms_or_lists_the_sentences_are_the_key_points():
    assert derive("It splits data. It trains k times.") == [
        "It splits data.",
        "It trains k times.",
    ]


def test_a_key_point_knows_its_terms_and_plain_text():
    (point,) = parse("- **Leave-One-Out (LOO):** Each sample is the `test` set once.")

    assert point.terms == ["Leave-One-Out (LOO)"]
    assert point.plain == "Leave-One-Out (LOO): Each sample is the test set once."


def test_an_import_stores_the_key_points_and_the_page_shows_them(client, seed_guide):
    question = Question.objects.get(section__guide=seed_guide, number=9)

    assert [p.terms for p in question.parsed_key_points()] == [
        ["Target leakage"],
        ["Train-test contamination"],
    ]
    page = client.get(question.get_revealed_url()).content.decode()
    assert "Key points" in page
    assert "<strong>Train-test contamination:</strong> Scaling/encoding fit" in page


def test_a_reimport_of_an_unchanged_answer_keeps_edited_key_points(seed_guide):
    question = Question.objects.get(section__guide=seed_guide, number=9)
    question.set_key_points("**Leakage** lets the answer into the features.")
    question.render_html()
    question.save()

    run_import(SEED_GUIDE)

    question.refresh_from_db()
    assert question.key_points == "**Leakage** lets the answer into the features."
    assert question.key_points_edited


def test_a_reimport_derives_key_points_again_for_an_answer_that_changed(seed_guide, tmp_path):
    changed = tmp_path / "guide.txt"
    text = SEED_GUIDE.read_text()
    changed.write_text(text.replace("**Target leakage:**", "**Label leakage:**"))

    run_import(changed)

    question = Question.objects.get(section__guide=seed_guide, number=9)
    assert question.key_points.startswith("**Label leakage:**")
    assert not question.key_points_edited


@pytest.fixture
def shipped_question(db):
    section = SectionFactory(guide=GuideFactory(slug="ml"), number=1)
    return QuestionFactory(section=section, number=1, answer="- **Bias** is error.\n- Rest.")


def admin_form(question, **changes):
    data = {
        "section": question.section_id,
        "number": question.number,
        "prompt": question.prompt,
        "answer": question.answer,
        "pro_tip": question.pro_tip,
        "key_points": question.key_points,
    }
    return data | changes


def test_staff_edit_key_points_in_the_admin_and_they_stay_as_written(
    client, staff_user, shipped_question
):
    client.force_login(staff_user)
    url = reverse("admin:guide_question_change", args=[shipped_question.pk])

    client.post(url, admin_form(shipped_question, key_points="**Bias:** wrong assumptions."))
    shipped_question.refresh_from_db()
    client.post(url, admin_form(shipped_question, answer="- **Variance** is spread."))

    shipped_question.refresh_from_db()
    assert shipped_question.key_points == "**Bias:** wrong assumptions."
    assert "<strong>Bias:</strong> wrong assumptions." in shipped_question.key_points_html


def test_emptying_the_key_points_in_the_admin_derives_them_again(
    client, staff_user, shipped_question
):
    client.force_login(staff_user)
    url = reverse("admin:guide_question_change", args=[shipped_question.pk])
    client.post(url, admin_form(shipped_question, key_points="**Mine**"))

    client.post(url, admin_form(shipped_question, key_points=""))

    shipped_question.refresh_from_db()
    assert shipped_question.key_points == "**Bias** is error."
    assert not shipped_question.key_points_edited


def test_derived_key_points_follow_the_answer_when_staff_edit_only_the_answer(
    client, staff_user, shipped_question
):
    client.force_login(staff_user)
    url = reverse("admin:guide_question_change", args=[shipped_question.pk])

    client.post(url, admin_form(shipped_question, answer="- **Variance** is spread."))

    shipped_question.refresh_from_db()
    assert shipped_question.key_points == "**Variance** is spread."


def test_the_owner_edits_key_points_of_a_private_question(client, owner):
    question = QuestionFactory(section__guide__owner=owner, answer="**Okapi** lives in forests.")
    client.force_login(owner)
    url = reverse(
        "guide:my_question_edit",
        kwargs={"guide_id": question.section.guide_id, "question_id": question.pk},
    )
    form = client.get(url).content.decode()
    assert "**Okapi** lives in forests.</textarea>" in form

    client.post(
        url,
        {
            "prompt": question.prompt,
            "answer": question.answer,
            "pro_tip": "",
            "key_points": "**Okapi** is a giraffe relative\n**Forests** of Congo",
        },
    )

    question.refresh_from_db()
    assert [p.terms for p in question.parsed_key_points()] == [["Okapi"], ["Forests"]]
    assert question.key_points_edited
