"""The guide text format on its own: parsing, errors with line numbers, and writing it back."""

from pathlib import Path

import pytest

from guide.document import (
    DocumentError,
    GuideDocument,
    QuestionDocument,
    SectionDocument,
    document_warnings,
    format_document,
    parse_document,
    read_document,
)
from tests.conftest import SEED_GUIDE

SMALL_GUIDE = Path(__file__).resolve().parent / "documents" / "system-design-basics.txt"

MINIMAL = """\
Tiny Guide
Question & Answer Guide
Contents
Section 1 — Basics
Q1. Why?
Because.
"""


@pytest.fixture(scope="module")
def seed():
    return read_document(SEED_GUIDE)


@pytest.fixture(scope="module")
def small():
    return read_document(SMALL_GUIDE)


def lines(*rows: str) -> str:
    return "\n".join(rows) + "\n"


def parse_error(text: str) -> DocumentError:
    with pytest.raises(DocumentError) as caught:
        parse_document(text, "test.txt")
    return caught.value


# The shipped guide


def test_the_seed_holds_four_sections_fifteen_questions_and_five_tips(seed):
    assert [len(section.questions) for section in seed.sections] == [4, 4, 4, 3]
    assert seed.question_count == 15
    assert len(seed.tips) == 5


def test_the_seed_cover_is_read_field_by_field(seed):
    assert seed.title == "AI / ML Interview"
    assert seed.level == "Mid-Level (2–5 Years)"
    assert seed.subject == "AI / ML Concepts"
    assert seed.role == "General / Mixed Role"


def test_the_cover_count_is_kept_apart_from_the_real_count(seed):
    assert seed.declared_question_count == 19
    assert seed.question_count == 15


def test_the_contents_list_is_not_part_of_the_intro(seed):
    assert seed.contents[0] == (1, "Core ML Concepts")
    assert seed.intro.startswith("This guide covers 19 high-frequency AI/ML interview questions")
    assert "Core ML Concepts" not in seed.intro


def test_the_bonus_heading_gives_the_tips_title_and_subtitle(seed):
    assert seed.tips_title == "Interview Strategy Tips"
    assert seed.tips_subtitle == "How to stand out in your AI/ML interview"
    assert seed.tips[-1].title == "Ask clarifying questions"
    assert seed.tips[-1].body.startswith("Before solving a problem, confirm the objective")


def test_an_answer_keeps_its_markdown_paragraphs_and_lists_verbatim(seed):
    q1 = seed.sections[0].questions[0]
    assert q1.answer == (
        "Bias is the error from wrong assumptions in the learning algorithm; variance is the "
        "error from sensitivity to small fluctuations in training data.\n"
        "\n"
        "- **High bias** → underfitting (model too simple, misses patterns).\n"
        "- **High variance** → overfitting (model memorises training data, fails on new data).\n"
        "\n"
        "The trade-off: reducing bias often increases variance and vice versa. The goal is to "
        "find the sweet spot that minimises total error on unseen data."
    )


def test_the_pro_tip_is_the_text_after_its_label(seed):
    assert seed.sections[0].questions[0].pro_tip == (
        "Mention regularisation (L1/L2), cross-validation, or ensemble methods as practical "
        "ways to manage this trade-off."
    )


def test_headings_remember_their_line_numbers(seed):
    assert seed.sections[0].line == 24
    assert seed.sections[0].questions[0].line == 28
    assert seed.tips[0].line > seed.sections[-1].questions[-1].line


# Variants of the format


def test_a_guide_can_have_two_sections_and_gaps_in_its_question_numbers(small):
    assert [section.title for section in small.sections] == ["Storage", "Networking"]
    assert [q.number for section in small.sections for q in section.questions] == [1, 2, 5]


def test_section_headings_accept_an_en_dash_or_a_hyphen(small):
    assert [section.number for section in small.sections] == [1, 2]


def test_a_section_without_subtitle_goes_straight_to_its_first_question(small):
    assert small.sections[1].subtitle == ""
    assert small.sections[1].questions[0].prompt == "What does a load balancer do?"


def test_a_question_without_pro_tip_has_an_empty_pro_tip(small):
    assert small.sections[0].questions[1].pro_tip == ""


def test_paragraphs_after_bullets_belong_to_the_answer_with_single_blank_lines(small):
    assert (
        small.sections[0]
        .questions[0]
        .answer.endswith(
            "- **Hash:** equality only.\n\nIndexes cost space and slow down writes.\n\n"
            "Choose them from real query plans."
        )
    )


def test_paragraphs_after_the_pro_tip_belong_to_the_pro_tip(small):
    assert small.sections[0].questions[0].pro_tip == (
        "Mention `EXPLAIN ANALYZE`.\n\nIt shows whether the index is used."
    )


def test_a_guide_without_bonus_part_has_no_tips(small):
    assert small.tips == []
    assert small.tips_title == ""


def test_trailing_whitespace_is_dropped_from_the_intro(small):
    assert small.intro == "A short guide used by the tests.\n\nIt has two intro paragraphs."


def test_windows_line_endings_and_a_byte_order_mark_are_accepted():
    document = parse_document("\ufeff" + MINIMAL.replace("\n", "\r\n"), "test.txt")
    assert document.title == "Tiny Guide"
    assert document.sections[0].questions[0].answer == "Because."


def test_a_document_without_final_newline_keeps_its_last_word():
    document = parse_document(MINIMAL.rstrip("\n"), "test.txt")
    assert document.sections[0].questions[0].answer == "Because."


def test_a_cover_without_count_has_no_declared_count():
    assert parse_document(MINIMAL, "test.txt").declared_question_count is None


# Errors, each with its line


def test_an_error_names_the_source_and_the_line():
    assert str(DocumentError("a.txt", 7, "broken")) == "a.txt, line 7: broken"


def test_an_error_without_line_names_only_the_source():
    assert str(DocumentError("a.txt", None, "no such file")) == "a.txt: no such file"


def test_a_document_without_questions_is_refused():
    error = parse_error(lines("Tiny Guide", "Contents", "", "Section 1 — Basics", "Nothing yet"))
    assert error.line == 4
    assert "no questions" in error.message


def test_a_question_before_any_section_is_refused():
    error = parse_error(lines("Tiny Guide", "Contents", "Intro.", "", "Q1. Why?", "Because."))
    assert error.line == 5
    assert "Q1 is outside a section" in error.message


def test_a_question_in_the_bonus_part_is_refused():
    text = MINIMAL + lines("Bonus — Tips", "Subtitle", "Q2. Lost?", "Yes.")
    error = parse_error(text)
    assert error.line == 9
    assert "Q2 is outside a section" in error.message


def test_a_repeated_question_number_names_both_lines():
    text = MINIMAL + lines("Q1. Again?", "Again.")
    error = parse_error(text)
    assert error.line == 7
    assert "lines 5 and 7" in error.message


def test_a_question_number_repeated_in_another_section_is_refused():
    text = MINIMAL + lines("Section 2 — More", "Q1. Again?", "Again.")
    assert "Q1 appears twice (lines 5 and 8)" in parse_error(text).message


def test_a_repeated_section_number_is_refused():
    text = MINIMAL + lines("Section 1 — Again", "Q2. Why not?", "Because.")
    error = parse_error(text)
    assert error.line == 7
    assert "Section 1 appears twice (lines 4 and 7)" in error.message


def test_a_question_with_an_empty_answer_is_refused():
    text = MINIMAL + lines("Q2. Empty?", "", "Pro Tip: Only a tip.", "Q3. Next?", "Yes.")
    error = parse_error(text)
    assert error.line == 7
    assert "Q2 has no answer" in error.message


def test_a_tip_outside_the_bonus_part_is_refused():
    error = parse_error(MINIMAL + lines("◆ Be brief", "Short answers win."))
    assert error.line == 7
    assert "outside the Bonus part" in error.message


def test_a_document_without_title_is_refused():
    error = parse_error(lines("", "Contents", "Section 1 — Basics", "Q1. Why?", "Because."))
    assert "no title" in error.message


def test_text_between_a_subtitle_and_the_first_question_is_refused():
    text = lines(
        "Tiny Guide", "Contents", "Section 1 — Basics", "Subtitle", "Stray", "Q1. A?", "B."
    )
    error = parse_error(text)
    assert error.line == 5


def test_a_second_pro_tip_in_one_question_is_refused():
    error = parse_error(MINIMAL + lines("Pro Tip: One.", "Pro Tip: Two."))
    assert error.line == 8
    assert "second" in error.message


def test_unparsable_text_before_the_first_section_is_just_intro():
    document = parse_document(
        lines("Tiny Guide", "Contents", "1. Basics", "", "* odd — text", "Section 1 — Basics")
        + lines("Q1. Why?", "Because."),
        "test.txt",
    )
    assert document.intro == "* odd — text"


# Reading files


def test_reading_a_missing_file_names_it(tmp_path):
    missing = tmp_path / "missing.txt"
    with pytest.raises(DocumentError, match="missing.txt: no such file"):
        read_document(missing)


def test_reading_a_folder_names_it(tmp_path):
    with pytest.raises(DocumentError, match="cannot read the file") as caught:
        read_document(tmp_path)
    assert caught.value.source == str(tmp_path)


def test_reading_a_file_that_is_not_utf8_names_the_line(tmp_path):
    path = tmp_path / "windows.txt"
    path.write_bytes(MINIMAL.encode("cp1252"))  # the em dash of line 4 becomes byte 0x97
    with pytest.raises(DocumentError) as caught:
        read_document(path)
    assert caught.value.line == 4
    assert "not UTF-8" in str(caught.value)


# Warnings


def test_a_cover_count_that_disagrees_is_a_warning(seed):
    assert document_warnings(seed) == [
        (
            f'{SEED_GUIDE} says "19 Questions" on its cover but holds 15 questions; '
            "the real count is used."
        )
    ]


def test_a_contents_list_that_disagrees_with_the_headings_is_a_warning():
    text = lines("Tiny Guide", "Contents", "1. Other", "Section 1 — Basics", "Q1. A?", "B.")
    [warning] = document_warnings(parse_document(text, "test.txt"))
    assert "contents list (1. Other) does not match the section headings (1. Basics)" in warning


# Writing


def test_writing_the_seed_gives_back_its_text_apart_from_blank_lines(seed):
    def without_blank_lines(text):
        return [line for line in text.splitlines() if line.strip()]

    original = SEED_GUIDE.read_text(encoding="utf-8")
    assert without_blank_lines(format_document(seed)) == without_blank_lines(original)


@pytest.mark.parametrize("fixture", ["seed", "small"])
def test_a_written_document_parses_to_the_same_document(fixture, request):
    document = request.getfixturevalue(fixture)
    assert parse_document(format_document(document), "again.txt") == document


def test_writing_refuses_an_answer_line_that_would_read_as_a_question():
    document = GuideDocument(
        title="Tiny Guide",
        sections=[
            SectionDocument(
                number=1,
                title="Basics",
                questions=[QuestionDocument(number=1, prompt="Why?", answer="Yes.\nQ2. No.")],
            )
        ],
    )
    with pytest.raises(DocumentError, match="would be read as a heading"):
        format_document(document)


def test_an_empty_subject_between_a_level_and_a_role_reads_back_empty():
    document = GuideDocument(
        title="Tiny Guide",
        level="Senior",
        role="Data scientist",
        sections=[
            SectionDocument(
                number=1,
                title="Basics",
                questions=[QuestionDocument(number=1, prompt="Why?", answer="Because.")],
            )
        ],
    )
    document.declared_question_count = 1

    text = format_document(document)

    assert "Senior\n\n—\n\nData scientist" in text
    assert parse_document(text, "again.txt") == document
