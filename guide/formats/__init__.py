"""Files people bring and take away: a guide document or plain Q/A notes, CSV or tab-separated
notes (Anki's "Notes in Plain Text"), and Anki packages (.apkg).

Each reader turns the bytes of an upload into the same `GuideDocument` as the guide format's
own parser, wrapped in an `Upload` that also says what was left out and why, so one importer
(`importer.import_private_guide`) creates or updates the guide whatever the format. Every
reader raises `DocumentError` naming the file and, where there is one, the line (or note).
`uploads.read_upload` picks the reader.
"""

import re
from dataclasses import dataclass, field
from pathlib import PurePath

from common.text import plural

from ..document import DocumentError, GuideDocument, QuestionDocument, SectionDocument
from ..limits import (
    MAX_PROMPT_LENGTH,
    MAX_QUESTIONS_PER_GUIDE,
    MAX_SECTIONS_PER_GUIDE,
    MAX_TEXT_LENGTH,
    MAX_TITLE_LENGTH,
)

# The most rows a CSV file may hold: a guide's questions, and a first row naming the columns.
# Counted while the rows are read, so a longer file is refused before anything else is done.
MAX_ROWS = MAX_QUESTIONS_PER_GUIDE + 1
# A section for questions whose file names none.
DEFAULT_SECTION = "Questions"

DOCUMENT, CSV, APKG = "document", "csv", "apkg"


@dataclass
class Columns:
    """Which column of a CSV file holds what (0-based), as read from the file or chosen."""

    count: int
    front: int = 0
    back: int = 1
    section: int | None = None
    header_row: bool = False
    # Nothing in the file said which column is which: the person is asked to check.
    guessed: bool = False
    # The first row's values, to help the person recognise each column.
    samples: list[str] = field(default_factory=list)


@dataclass
class Upload:
    """A file read into a guide document, and what was left out of it."""

    document: GuideDocument
    # CSV and Anki: questions are found again by their source key, sections by title, and the
    # guide's other questions are left alone. A guide document matches by number instead.
    keyed: bool = False
    # False when the format has no pro tips: an updated question keeps the one it has.
    pro_tips: bool = True
    skipped: list[str] = field(default_factory=list)
    media: int = 0
    notes: list[str] = field(default_factory=list)
    columns: Columns | None = None
    # What the file turned out to be, when its format's name says too little.
    label: str = ""


def check_counts(document: GuideDocument, source: str) -> None:
    """Refuse a file that holds more than a guide may, right after reading it: before any
    text is rendered or any row written."""
    questions = document.question_count
    if questions > MAX_QUESTIONS_PER_GUIDE:
        raise DocumentError(
            source,
            None,
            f"the file holds {plural(questions, 'question')}; a guide holds at most "
            f"{MAX_QUESTIONS_PER_GUIDE:,}: split the file",
        )
    for what, count in [
        ("sections", len(document.sections)),
        ("contents entries", len(document.contents)),
    ]:
        if count > MAX_SECTIONS_PER_GUIDE:
            raise DocumentError(
                source,
                None,
                f"the file holds {count:,} {what}; a guide holds at most "
                f"{MAX_SECTIONS_PER_GUIDE} sections",
            )


def title_from_filename(filename: str) -> str:
    """ "spanish_verbs-2024.csv" → "Spanish verbs 2024", for a guide made from a file."""
    words = re.sub(r"[_\-\s]+", " ", PurePath(filename).stem).strip()
    return cut(words[:1].upper() + words[1:]) if words else "Imported guide"


def cut(text: str, limit: int = MAX_TITLE_LENGTH) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def deck_sections(paths: list[str]) -> tuple[str, dict[str, str]]:
    """Anki deck names ("Guide::Basics") → section titles, dropping the levels that every
    name shares: those name the guide, returned first ("" when they share none)."""
    parts = {path: [part.strip() for part in path.split("::") if part.strip()] for path in paths}
    levels = [names for names in parts.values() if names]
    shared = 0
    while (
        levels
        and all(len(names) > shared + 1 for names in levels)
        and len({names[shared] for names in levels}) == 1
    ):
        shared += 1
    guide = "::".join(levels[0][:shared]) if shared else ""
    titles = {
        path: cut("::".join(names[shared:])) if names else DEFAULT_SECTION
        for path, names in parts.items()
    }
    return guide, titles


def refusal(prompt: str, answer: str) -> str:
    """Why a card cannot become a question, or "" when it can."""
    if not prompt:
        return "the front is empty"
    if not answer:
        return "the back is empty"
    if len(prompt) > MAX_PROMPT_LENGTH:
        return f"the front is longer than {MAX_PROMPT_LENGTH:,} characters"
    if len(answer) > MAX_TEXT_LENGTH:
        return f"the back is longer than {MAX_TEXT_LENGTH:,} characters"
    return ""


def place_questions(document: GuideDocument, placed: list[tuple[str, QuestionDocument]]) -> None:
    """Put (deck name, question) pairs into sections, in the order the decks first appear,
    and number the questions in reading order. A single deck, or the levels all decks share,
    names the guide."""
    guide_title, titles = deck_sections([deck for deck, _ in placed])
    decks = {deck for deck, _ in placed}
    if guide_title:
        document.title = guide_title
    elif len(decks) == 1 and titles[next(iter(decks))] not in {"Default", DEFAULT_SECTION}:
        document.title = titles[next(iter(decks))]
    sections: dict[str, SectionDocument] = {}
    for deck, question in placed:
        title = titles[deck]
        if title not in sections:
            sections[title] = SectionDocument(number=len(sections) + 1, title=title)
        sections[title].questions.append(question)
    document.sections = list(sections.values())
    questions = [question for section in document.sections for question in section.questions]
    for number, question in enumerate(questions, start=1):
        question.number = number
