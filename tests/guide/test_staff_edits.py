"""Setup imports the shipped guide files on every start (`make run`, a deploy): it installs a
guide that is missing and brings in a newer file, but never undoes what staff changed in the
admin since the last import; `--force` does, saying what it replaces."""

from django.test import Client
from django.urls import reverse

from guide.models import Guide, Question, Section, Tip
from tests.conftest import SEED_GUIDE, run_import
from tests.guide.test_import import edited_seed, question

STAFF_ANSWER = "Dropout, as our staff explain it: **switch off** random neurons while training."


def edit_in_the_admin(staff_user, row, **changes):
    """Save the row's admin change form with these fields changed, as staff would."""
    client = Client()
    client.force_login(staff_user)
    model = row._meta.model_name
    form = {
        "question": {
            "section": row.section_id if model == "question" else None,
            "number": getattr(row, "number", None),
            "prompt": getattr(row, "prompt", None),
            "answer": getattr(row, "answer", None),
            "pro_tip": getattr(row, "pro_tip", None),
        },
        "tip": {
            "guide": getattr(row, "guide_id", None),
            "order": getattr(row, "order", None),
            "title": getattr(row, "title", None),
            "body": getattr(row, "body", None),
        },
    }[model]
    url = reverse(f"admin:guide_{model}_change", args=[row.pk])
    response = client.post(url, form | changes)
    assert response.status_code == 302, response.content.decode()[:2000]


def test_an_answer_edited_in_the_admin_survives_the_next_setup(seed_guide, staff_user):
    edit_in_the_admin(staff_user, question(7), answer=STAFF_ANSWER)

    stdout, _ = run_import(SEED_GUIDE)

    assert question(7).answer == STAFF_ANSWER
    assert "<strong>switch off</strong>" in question(7).answer_html
    assert "kept Q7. What is dropout and how does it prevent overfitting?" in stdout
    assert "edited since the last import (answer); --force replaces it" in stdout


def test_an_edit_survives_a_newer_shipped_file_that_changes_the_same_question(
    seed_guide, staff_user, tmp_path
):
    edit_in_the_admin(staff_user, question(7), answer=STAFF_ANSWER)

    run_import(edited_seed(tmp_path, ("Dropout randomly", "Dropout (new file) randomly")))

    assert question(7).answer == STAFF_ANSWER


def test_a_newer_shipped_file_still_updates_the_rows_nobody_edited(
    seed_guide, staff_user, tmp_path
):
    edit_in_the_admin(staff_user, question(7), answer=STAFF_ANSWER)

    stdout, _ = run_import(edited_seed(tmp_path, ("misses patterns", "misses real patterns")))

    assert "misses real patterns" in question(1).answer
    assert "updated Q1. What is the bias-variance trade-off" in stdout
    assert question(7).answer == STAFF_ANSWER


def test_once_the_file_agrees_with_the_edit_the_next_file_updates_the_row_again(
    seed_guide, staff_user, tmp_path
):
    """Staff's edit went into the shipped file: from then on the row follows the file."""
    edit_in_the_admin(staff_user, question(7), prompt="What is dropout, in one line?")
    prompt = "Q7. What is dropout and how does it prevent overfitting?"
    run_import(edited_seed(tmp_path, (prompt, "Q7. What is dropout, in one line?")))

    run_import(edited_seed(tmp_path, (prompt, "Q7. What is dropout, in two lines?")))

    assert question(7).prompt == "What is dropout, in two lines?"


def test_force_replaces_the_edit_and_says_so(seed_guide, staff_user):
    original = question(7).answer
    edit_in_the_admin(staff_user, question(7), answer=STAFF_ANSWER)

    stdout, _ = run_import(SEED_GUIDE, force=True)

    assert question(7).answer == original
    assert (
        "replaced Q7. What is dropout and how does it prevent overfitting?: edited since the "
        "last import (answer)" in stdout
    )


def test_a_tip_edited_in_the_admin_survives_the_next_setup(seed_guide, staff_user):
    tip = seed_guide.tips.get(order=1)
    edit_in_the_admin(staff_user, tip, title="STAR, our way")

    stdout, _ = run_import(SEED_GUIDE)

    assert Tip.objects.get(pk=tip.pk).title == "STAR, our way"
    assert (
        "kept tip 1 — Structure your answers with STAR: edited since the last import (title)"
        in stdout
    )


def test_the_guide_details_and_a_section_edited_by_staff_survive_the_next_setup(seed_guide):
    Guide.objects.filter(pk=seed_guide.pk).update(intro="Our own introduction.")
    Section.objects.filter(guide=seed_guide, number=2).update(title="Deep learning, revised")

    stdout, _ = run_import(SEED_GUIDE)

    assert Guide.objects.get(pk=seed_guide.pk).intro == "Our own introduction."
    assert Section.objects.get(guide=seed_guide, number=2).title == "Deep learning, revised"
    assert "kept guide ai-ml-interview: edited since the last import (intro)" in stdout
    assert (
        "kept Section 2 — Deep Learning & Neural Networks: edited since the last import (title)"
        in stdout
    )


def test_a_question_staff_added_to_a_shipped_guide_is_not_archived_by_setup(
    seed_guide, staff_user
):
    section = seed_guide.sections.get(number=1)
    added = Question.objects.create(
        section=section, number=99, prompt="Staff's own?", answer="Yes."
    )

    stdout, _ = run_import(SEED_GUIDE)

    assert Question.objects.get(pk=added.pk).archived is False
    assert "kept Q99. Staff's own?: not in the file, written or edited in the admin" in stdout


def test_a_missing_shipped_guide_is_installed(db):
    stdout, _ = run_import(SEED_GUIDE)

    assert Guide.objects.get(slug="ai-ml-interview").sections.count() == 4
    assert "kept" not in stdout


def test_a_dry_run_lists_the_rows_it_would_keep(seed_guide, staff_user):
    edit_in_the_admin(staff_user, question(7), answer=STAFF_ANSWER)

    stdout, _ = run_import(SEED_GUIDE, dry_run=True)

    assert "kept Q7. What is dropout" in stdout
    assert question(7).answer == STAFF_ANSWER
