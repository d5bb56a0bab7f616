"""Importing guide documents: the shipped guide, other shapes, re-imports, errors, dry runs."""

from dataclasses import replace
from pathlib import Path

import pytest
from django.core.management import CommandError, ManagementUtility

from guide.document import DocumentError, parse_document, read_document
from guide.exporter import document_from_guide
from guide.importer import import_guide
from guide.models import Guide, Question, Section
from tests.conftest import SEED_GUIDE, database_snapshot, run_import

SMALL_GUIDE = Path(__file__).resolve().parent / "documents" / "system-design-basics.txt"


def import_error(*paths) -> str:
    with pytest.raises(CommandError) as caught:
        run_import(*paths)
    return str(caught.value)


def edited_seed(tmp_path, *replacements: tuple[str, str]) -> Path:
    """A copy of the seed with some text replaced; each replacement must apply."""
    text = SEED_GUIDE.read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new)
    path = tmp_path / "edited.txt"
    path.write_text(text, encoding="utf-8")
    return path


def question(number: int, guide_slug: str = "ai-ml-interview") -> Question:
    return Question.objects.get(section__guide__slug=guide_slug, number=number)


def live_question(number: int) -> Question:
    return Question.objects.live().get(section__guide__slug="ai-ml-interview", number=number)


Q7_BLOCK = """Q7. What is dropout and how does it prevent overfitting?

Dropout randomly deactivates a fraction (rate p) of neurons during each training forward pass.
"""


# The cover count


def test_a_cover_count_that_disagrees_is_reported_on_stderr(db):
    _, stderr = run_import(SEED_GUIDE)
    assert (
        f'Warning: {SEED_GUIDE} says "19 Questions" on its cover but holds 15 questions; '
        "the real count is used."
    ) in stderr


def test_the_report_counts_the_real_questions_not_the_cover(db):
    stdout, _ = run_import(SEED_GUIDE)
    assert stdout.startswith("ai-ml-interview: 4 sections, 15 questions, 5 tips (25 created,")


def test_a_contents_list_that_disagrees_is_reported_but_the_headings_win(db, tmp_path):
    _, stderr = run_import(edited_seed(tmp_path, ("3. MLOps & Production ML", "3. MLOps")))
    assert "does not match the section headings" in stderr
    assert Section.objects.get(number=3).title == "MLOps & Production ML"


def test_a_matching_cover_count_gives_no_warning(db):
    _, stderr = run_import(SMALL_GUIDE)
    assert stderr == ""


# Another shape of guide


def test_an_imported_guide_gives_back_the_document_it_came_from(db):
    run_import(SMALL_GUIDE)

    guide = Guide.objects.get()
    assert document_from_guide(guide) == read_document(SMALL_GUIDE)
    without_tip = Question.objects.get(section__guide=guide, number=2)
    assert (without_tip.pro_tip, without_tip.pro_tip_html) == ("", "")


def test_paragraphs_after_bullets_are_rendered_after_the_list(db):
    run_import(SMALL_GUIDE)
    html = question(1, "system-design-basics").answer_html
    assert html.index("</ul>") < html.index("<p>Indexes cost space and slow down writes.</p>")


def test_two_files_import_two_guides(db):
    run_import(SEED_GUIDE, SMALL_GUIDE)
    assert list(Guide.objects.order_by("slug").values_list("slug", flat=True)) == [
        "ai-ml-interview",
        "system-design-basics",
    ]


# Importing again


def test_importing_twice_keeps_every_primary_key(seed_guide):
    before = database_snapshot()
    run_import(SEED_GUIDE)
    assert database_snapshot() == before


def test_importing_twice_reports_nothing_created_or_updated(seed_guide):
    stdout, _ = run_import(SEED_GUIDE)
    assert "(0 created, 0 updated, 25 unchanged, 0 archived)" in stdout


def test_an_edited_answer_updates_the_question_in_place(seed_guide, tmp_path):
    original = question(1)
    run_import(edited_seed(tmp_path, ("misses patterns", "misses **real** patterns")))
    edited = question(1)
    assert edited.pk == original.pk
    assert "misses **real** patterns" in edited.answer
    assert "misses <strong>real</strong> patterns" in edited.answer_html


def test_an_edited_answer_is_reported_as_updated(seed_guide, tmp_path):
    stdout, _ = run_import(edited_seed(tmp_path, ("misses patterns", "misses real patterns")))
    assert "(0 created, 1 updated, 24 unchanged, 0 archived)" in stdout
    assert "updated Q1. What is the bias-variance trade-off" in stdout


def test_a_removed_question_is_archived_not_deleted(seed_guide, tmp_path):
    q7 = question(7)
    run_import(edited_seed(tmp_path, (Q7_BLOCK, "Q16. Stand-in?\n\nIt keeps the answer text.\n")))
    assert Question.objects.get(pk=q7.pk).archived is True


def test_a_removed_question_is_reported_as_archived(seed_guide, tmp_path):
    stdout, _ = run_import(edited_seed(tmp_path, (Q7_BLOCK, "Q16. Stand-in?\n\nStand-in.\n")))
    assert "archived Q7. What is dropout and how does it prevent overfitting?" in stdout


def test_a_question_that_reappears_is_restored_with_its_primary_key(seed_guide, tmp_path):
    q7 = question(7)
    run_import(edited_seed(tmp_path, (Q7_BLOCK, "Q16. Stand-in?\n\nStand-in.\n")))
    stdout, _ = run_import(SEED_GUIDE)
    assert live_question(7).pk == q7.pk
    assert "restored Q7. What is dropout" in stdout


def test_a_removed_section_is_archived_with_its_questions(seed_guide, tmp_path):
    seed = SEED_GUIDE.read_text(encoding="utf-8")
    without_section_4 = seed[: seed.index("Section 4")] + seed[seed.index("Bonus —") :]
    path = tmp_path / "three-sections.txt"
    path.write_text(without_section_4, encoding="utf-8")
    run_import(path)
    assert Section.objects.get(guide=seed_guide, number=4).archived is True
    assert Question.objects.in_guide(seed_guide).live().count() == 12
    assert Question.objects.in_guide(seed_guide).count() == 15


def test_a_question_moved_to_another_section_gets_a_new_row_there(seed_guide, tmp_path):
    q4 = question(4)
    q4_block = SEED_GUIDE.read_text(encoding="utf-8").split("Q4. ")[1].split("Section 2")[0]
    moved = edited_seed(
        tmp_path,
        ("Q4. " + q4_block, ""),
        ("Q8. Describe", "Q4. " + q4_block + "Q8. Describe"),
    )
    run_import(moved)
    assert Question.objects.get(pk=q4.pk).archived is True
    assert live_question(4).section.number == 2
    assert live_question(4).answer == q4.answer


def test_a_changed_tip_is_updated_in_place_and_extra_tips_are_deleted(seed_guide, tmp_path):
    tip_1 = seed_guide.tips.get(order=1)
    seed = SEED_GUIDE.read_text(encoding="utf-8")
    path = tmp_path / "fewer-tips.txt"
    path.write_text(
        seed[: seed.index("◆ Lead with")].replace("Always quantify", "Quantify"), encoding="utf-8"
    )
    stdout, _ = run_import(path)
    assert list(seed_guide.tips.values_list("pk", "body")) == [
        (tip_1.pk, ("For behavioural/scenario questions: Situation, Task, Action, Result. "
         "Quantify the impact.")),
    ]  # fmt: skip
    assert "deleted tip 5 — Ask clarifying questions" in stdout


# All or nothing


def test_a_broken_document_changes_nothing(seed_guide, tmp_path):
    before = database_snapshot()
    broken = edited_seed(
        tmp_path, ("misses patterns", "misses real patterns"), ("Q15. Explain", "Q3. Explain")
    )
    with pytest.raises(CommandError):
        run_import(broken)
    assert database_snapshot() == before


def test_a_broken_document_error_names_the_file_and_the_line(seed_guide, tmp_path):
    broken = edited_seed(tmp_path, ("Q15. Explain", "Q3. Explain"))
    message = import_error(broken)
    assert message.startswith(f"{broken}, line 206: Q3 appears twice (lines 47 and 206)")


def test_a_value_the_database_refuses_rolls_back_the_earlier_changes(seed_guide, tmp_path):
    before = database_snapshot()
    document = read_document(
        edited_seed(
            tmp_path,
            ("misses patterns", "misses real patterns"),
            ("◆ Ask clarifying questions", "◆ " + "Ask " * 60),
        )
    )
    with pytest.raises(
        DocumentError,
        match=r"line 236: tip 5 — Ask Ask .*title: Ensure this value has at most 200",
    ):
        import_guide(document)
    assert database_snapshot() == before


def test_a_bad_second_file_leaves_the_first_unimported(db, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(CommandError):
        run_import(SMALL_GUIDE, empty)
    assert not Guide.objects.exists()


def test_two_files_for_one_guide_are_refused(db):
    message = import_error(SEED_GUIDE, SEED_GUIDE)
    assert 'same guide address "ai-ml-interview"' in message


# Malformed input: the parser's errors (test_document.py) reach the command, file and line


def write(tmp_path, text: str, name: str = "guide.txt") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_malformed_document_exits_with_a_non_zero_status(db, tmp_path, capsys):
    path = write(tmp_path, "Tiny Guide\nContents\nQ1. Why?\nBecause.\n")
    with pytest.raises(SystemExit) as exit_info:
        ManagementUtility(["manage.py", "import_guide", str(path)]).execute()
    assert exit_info.value.code != 0
    assert f"{path}, line 3: Q1 is outside a section" in capsys.readouterr().err


# Dry run


def test_a_dry_run_of_a_new_guide_saves_nothing(db):
    run_import(SEED_GUIDE, dry_run=True)
    assert not Guide.objects.exists()


def test_a_dry_run_prints_the_report(db):
    stdout, _ = run_import(SEED_GUIDE, dry_run=True)
    assert stdout.startswith("ai-ml-interview: 4 sections, 15 questions, 5 tips (25 created,")
    assert "dry run: nothing saved" in stdout


def test_a_dry_run_of_an_edit_reports_it_but_changes_nothing(seed_guide, tmp_path):
    before = database_snapshot()
    edited = edited_seed(tmp_path, ("misses patterns", "misses real patterns"))
    stdout, _ = run_import(edited, dry_run=True)
    assert "updated Q1." in stdout
    assert database_snapshot() == before


def test_the_report_of_a_dry_run_matches_the_real_import(seed_guide, tmp_path):
    document = parse_document(
        SEED_GUIDE.read_text(encoding="utf-8").replace(Q7_BLOCK, "Q16. New?\n\nNew.\n"), "x"
    )
    assert import_guide(document, dry_run=True) == replace(import_guide(document), dry_run=True)


def test_a_question_number_too_large_for_an_address_fails_with_file_and_line(db, tmp_path):
    path = write(tmp_path, "Tiny\nContents\nSection 1 — A\nQ4294967296. Why?\nYes.\n")

    assert import_error(path) == (
        f"{path}, line 4: question number 4294967296 is too large (at most 999999999)"
    )
    assert not Guide.objects.exists()


def test_a_section_number_of_thousands_of_digits_fails_with_file_and_line(db, tmp_path):
    digits = "9" * 5000
    path = write(tmp_path, f"Tiny\nContents\nSection {digits} — A\nQ1. Why?\nYes.\n")

    assert import_error(path) == (
        f"{path}, line 3: section number {digits} is too large (at most 999999999)"
    )


def test_the_largest_address_number_imports(db, tmp_path):
    path = write(tmp_path, "Tiny\nContents\nSection 1 — A\nQ999999999. Why?\nYes.\n")

    run_import(path)

    assert Question.objects.get().number == 999_999_999
