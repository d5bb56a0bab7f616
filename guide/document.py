"""The plain-text guide format: parse it into dataclasses and write it back.

The format is what the shipped guide (`guide/content/ai-ml-interview-guide.txt`) looks like:
a cover (title, "Question & Answer Guide", level, subject, role — an empty one before a filled
one is written "—" —, "N Questions"), "Contents"
with a numbered list, an intro, then "Section N — Title" / subtitle / "QN. prompt" / answer /
"Pro Tip: …", and an optional closing "Bonus — Title" / subtitle / "◆ Tip" / body part.

This module knows nothing about the database, so it can be tested and reused on its own;
`guide.importer` maps the dataclasses onto the models. Answers, pro tips and tip bodies are
Markdown and are kept verbatim apart from whitespace: trailing spaces are dropped and runs
of blank lines become one, because the format treats them as insignificant.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.text import slugify

from common.text import plural

COVER_SUBTITLE = "Question & Answer Guide"
# The cover reads level, subject and role by position: an empty one followed by a filled one
# is written as this line, and read back as empty.
EMPTY_DETAIL = "—"
# Section and question numbers go into addresses, which take at most nine digits.
MAX_NUMBER = 999_999_999

_SECTION = re.compile(r"^Section\s+(\d+)\s*[—–-]\s*(.*)$")
_QUESTION = re.compile(r"^Q(\d+)\.\s*(.*)$")
_PRO_TIP = re.compile(r"^Pro\s+Tip\s*:\s*(.*)$", re.IGNORECASE)
_BONUS = re.compile(r"^Bonus(?:\s*[—–-]\s*(.*))?$")
_TIP = re.compile(r"^◆\s*(.*)$")
_CONTENTS = re.compile(r"^Contents$", re.IGNORECASE)
_CONTENTS_ENTRY = re.compile(r"^(\d+)[.)]\s+(.*\S)$")
_QUESTION_COUNT = re.compile(r"^(\d+)\s+Questions?$", re.IGNORECASE)

# Lines that open a new part of the body; everything else is text of the current part.
_MARKERS = {
    "section": _SECTION,
    "question": _QUESTION,
    "pro_tip": _PRO_TIP,
    "bonus": _BONUS,
    "tip": _TIP,
}


class DocumentError(Exception):
    """A guide document that cannot be read or parsed; says which file and, if known, line."""

    def __init__(self, source: str, line: int | None, message: str):
        super().__init__(source, line, message)
        self.source = source
        self.line = line
        self.message = message

    def __str__(self):
        if self.line is None:
            return f"{self.source}: {self.message}"
        return f"{self.source}, line {self.line}: {self.message}"


@dataclass
class QuestionDocument:
    number: int
    prompt: str
    answer: str
    pro_tip: str = ""
    # Where the question starts in its file, for messages; not part of the content.
    line: int | None = field(default=None, compare=False)
    # A file format's own id for the question (Anki's note GUID), to find it again next time.
    source_key: str = field(default="", compare=False)


@dataclass
class SectionDocument:
    number: int
    title: str
    subtitle: str = ""
    questions: list[QuestionDocument] = field(default_factory=list)
    line: int | None = field(default=None, compare=False)


@dataclass
class TipDocument:
    title: str
    body: str
    line: int | None = field(default=None, compare=False)


@dataclass
class GuideDocument:
    title: str
    level: str = ""
    subject: str = ""
    role: str = ""
    # What the cover says ("19 Questions"); only used to warn, the real count is computed.
    declared_question_count: int | None = None
    intro: str = ""
    sections: list[SectionDocument] = field(default_factory=list)
    tips_title: str = ""
    tips_subtitle: str = ""
    tips: list[TipDocument] = field(default_factory=list)
    # The "Contents" list as written, (number, title); the section headings are the truth.
    contents: list[tuple[int, str]] = field(default_factory=list, compare=False)
    source: str = field(default="", compare=False)

    @property
    def question_count(self) -> int:
        return sum(len(section.questions) for section in self.sections)

    @property
    def slug(self) -> str:
        return slugify(self.title)


def document_warnings(document: GuideDocument) -> list[str]:
    """Disagreements that do not stop an import: the cover count and the contents list."""
    warnings = []
    source = document.source or "the document"
    declared, real = document.declared_question_count, document.question_count
    if declared is not None and declared != real:
        warnings.append(
            f'{source} says "{declared} Questions" on its cover but holds '
            f"{plural(real, 'question')}; the real count is used."
        )
    headings = [(section.number, section.title) for section in document.sections]
    if document.contents and document.contents != headings:
        listed = "; ".join(f"{number}. {title}" for number, title in document.contents)
        actual = "; ".join(f"{number}. {title}" for number, title in headings)
        warnings.append(
            f"{source}: the contents list ({listed}) does not match the section headings "
            f"({actual}); the section headings are used."
        )
    return warnings


def read_document(path: str | Path) -> GuideDocument:
    """Read and parse a guide file (UTF-8; a byte-order mark is allowed)."""
    source = str(path)
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise DocumentError(source, None, "no such file") from None
    except OSError as error:
        raise DocumentError(source, None, f"cannot read the file ({error.strerror})") from None
    return parse_document(decode_text(data, source), source)


def decode_text(data: bytes, source: str) -> str:
    """UTF-8 text (a byte-order mark is allowed); anything else names the line of its first
    byte that is not UTF-8."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        message = f"not UTF-8 text (byte 0x{data[error.start]:02x}); save the file as UTF-8"
        raise DocumentError(source, line, message) from None


def parse_document(text: str, source: str = "<document>") -> GuideDocument:
    """Parse the text of a guide; raises DocumentError naming `source` and the line."""
    return _Parser(text, source).parse()


def _split_lines(text: str) -> list[str]:
    # Not str.splitlines(): it also splits on form feeds and U+2028, which would make our
    # line numbers disagree with the editor's.
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return [line.rstrip() for line in text.split("\n")]


def looks_like_heading(line: str) -> bool:
    """Whether a line of text would be read as a heading ("Q3. …", "Section 2 — …")."""
    return _marker(line) is not None


def _marker(line: str) -> tuple[str, re.Match] | None:
    stripped = line.strip()
    for kind, pattern in _MARKERS.items():
        match = pattern.match(stripped)
        if match:
            return kind, match
    return None


def _join_block(lines: list[str]) -> str:
    """Lines of one Markdown source → text without edge blank lines or runs of blank lines."""
    kept: list[str] = []
    for line in lines:
        if line.strip() or (kept and kept[-1]):
            kept.append(line.rstrip())
    return "\n".join(kept).strip("\n")


def _is_cover_keyword(line: str) -> bool:
    """Fixed cover lines that cannot be a title or a level/subject/role."""
    return line == COVER_SUBTITLE or bool(_QUESTION_COUNT.match(line) or _CONTENTS.match(line))


class _Parser:
    """One pass over the lines; free text goes to `self.target` (an answer, a pro tip, or a
    tip body), and each question or tip is checked when the next heading closes it."""

    def __init__(self, text: str, source: str):
        self.source = source
        self.lines = _split_lines(text)
        self.document = GuideDocument(title="", source=source)
        self.section: SectionDocument | None = None
        self.question: QuestionDocument | None = None
        self.tip: TipDocument | None = None
        self.in_bonus = False
        self.bonus_line: int | None = None
        self.awaiting_subtitle: str | None = None  # "section" or "bonus"
        self.target: list[str] | None = None
        self.answer_lines: list[str] = []
        self.pro_tip_lines: list[str] | None = None
        self.pro_tip_line: int | None = None
        self.section_lines: dict[int, int] = {}
        self.question_lines: dict[int, int] = {}

    def error(self, line: int | None, message: str) -> DocumentError:
        return DocumentError(self.source, line, message)

    def number(self, line: int, digits: str, what: str) -> int:
        # Checked on the digits first: int() refuses strings of over 4300 digits.
        if len(digits.lstrip("0")) > len(str(MAX_NUMBER)) or int(digits) > MAX_NUMBER:
            raise self.error(line, f"{what} {digits} is too large (at most {MAX_NUMBER})")
        return int(digits)

    def parse(self) -> GuideDocument:
        body_start = next(
            (index for index, line in enumerate(self.lines) if _marker(line)), len(self.lines)
        )
        self.read_front_matter(body_start)
        for index in range(body_start, len(self.lines)):
            self.read_body_line(index + 1, self.lines[index])
        self.close_item()
        if not self.question_lines:
            last_text = max((i + 1 for i, line in enumerate(self.lines) if line), default=1)
            first_section = self.document.sections[0].line if self.document.sections else None
            raise self.error(
                first_section or last_text,
                'the guide holds no questions (lines like "Q1. …" inside a section)',
            )
        return self.document

    # Front matter: cover, contents, intro.

    def read_front_matter(self, end: int) -> None:
        numbered = [(index + 1, line.strip()) for index, line in enumerate(self.lines[:end])]
        contents_at = next(
            (i for i, (_, line) in enumerate(numbered) if _CONTENTS.match(line)), len(numbered)
        )
        self.read_cover([(number, line) for number, line in numbered[:contents_at] if line])
        # The numbered lines right after "Contents" are the contents list; the rest is intro.
        # One pass with an index: slicing the list at each line would be quadratic.
        position = contents_at + 1
        while position < len(numbered):
            number, line = numbered[position]
            match = _CONTENTS_ENTRY.match(line)
            if line and not match:
                break
            if match:
                self.document.contents.append(
                    (self.number(number, match[1], "contents entry"), match[2])
                )
            position += 1
        rest = numbered[position:]
        self.document.intro = _join_block([self.lines[number - 1] for number, _ in rest])

    def read_cover(self, cover: list[tuple[int, str]]) -> None:
        if not cover or _is_cover_keyword(cover[0][1]):
            line = cover[0][0] if cover else 1
            raise self.error(line, "the guide has no title (it belongs on the first line)")
        title_line, self.document.title = cover[0]
        if not self.document.slug:
            raise self.error(title_line, "the title needs letters or digits to make an address")
        details = []
        for number, line in cover[1:]:
            count = _QUESTION_COUNT.match(line)
            if count:
                declared = self.number(number, count[1], "question count")
                self.document.declared_question_count = declared
            elif line != COVER_SUBTITLE:
                details.append((number, line))
        if len(details) > 3:
            raise self.error(
                details[3][0],
                f'unexpected cover line "{details[3][1]}": the cover holds the title, '
                f'"{COVER_SUBTITLE}", level, subject, role and "N Questions", then "Contents"',
            )
        values = ["" if line == EMPTY_DETAIL else line for _, line in details] + ["", "", ""]
        self.document.level, self.document.subject, self.document.role = values[:3]

    # Body: sections, questions, pro tips, the Bonus part.

    def read_body_line(self, number: int, line: str) -> None:
        marker = _marker(line)
        if marker is None:
            self.read_text(number, line)
            return
        kind, match = marker
        self.awaiting_subtitle = None
        if kind != "pro_tip":
            self.close_item()
        getattr(self, f"start_{kind}")(number, match)

    def read_text(self, number: int, line: str) -> None:
        if not line:
            if self.target is not None:
                self.target.append(line)
            return
        if self.awaiting_subtitle == "section":
            self.section.subtitle = line.strip()
        elif self.awaiting_subtitle == "bonus":
            self.document.tips_subtitle = line.strip()
        elif self.target is not None:
            self.target.append(line)
        elif self.in_bonus:
            raise self.error(number, "text in the Bonus part before its first ◆ tip")
        else:
            raise self.error(
                number,
                f"text in Section {self.section.number} after its subtitle but before its "
                "first question",
            )
        self.awaiting_subtitle = None

    def start_section(self, number: int, match: re.Match) -> None:
        section_number = self.number(number, match[1], "section number")
        title = match[2].strip()
        if not title:
            raise self.error(number, f"Section {section_number} has no title after the dash")
        if section_number in self.section_lines:
            first = self.section_lines[section_number]
            raise self.error(
                number,
                f"Section {section_number} appears twice (lines {first} and {number}); "
                "section numbers must be unique in a guide",
            )
        self.section_lines[section_number] = number
        self.section = SectionDocument(number=section_number, title=title, line=number)
        self.document.sections.append(self.section)
        self.in_bonus = False
        self.awaiting_subtitle = "section"

    def start_question(self, number: int, match: re.Match) -> None:
        question_number = self.number(number, match[1], "question number")
        prompt = match[2].strip()
        if self.section is None or self.in_bonus:
            where = "it is in the Bonus part" if self.in_bonus else "no section heading above"
            raise self.error(
                number,
                f'Q{question_number} is outside a section ({where}); put a "Section N — Title" '
                "line above it",
            )
        if not prompt:
            raise self.error(number, f"Q{question_number} has no question after the number")
        if question_number in self.question_lines:
            first = self.question_lines[question_number]
            raise self.error(
                number,
                f"Q{question_number} appears twice (lines {first} and {number}); "
                "question numbers must be unique in a guide",
            )
        self.question_lines[question_number] = number
        self.question = QuestionDocument(
            number=question_number, prompt=prompt, answer="", line=number
        )
        self.section.questions.append(self.question)
        self.target = self.answer_lines = []

    def start_pro_tip(self, number: int, match: re.Match) -> None:
        if self.question is None:
            raise self.error(number, '"Pro Tip:" outside a question')
        if self.pro_tip_lines is not None:
            raise self.error(
                number,
                f'Q{self.question.number} has a second "Pro Tip:" '
                f"(the first is on line {self.pro_tip_line})",
            )
        self.pro_tip_line = number
        self.target = self.pro_tip_lines = [match[1].strip()]

    def start_bonus(self, number: int, match: re.Match) -> None:
        if self.bonus_line is not None:
            raise self.error(
                number, f"a second Bonus part (the first is on line {self.bonus_line})"
            )
        self.bonus_line = number
        self.document.tips_title = (match[1] or "").strip()
        self.section, self.in_bonus = None, True
        self.awaiting_subtitle = "bonus"

    def start_tip(self, number: int, match: re.Match) -> None:
        title = match[1].strip()
        if not self.in_bonus:
            raise self.error(
                number, f'the tip "◆ {title}" is outside the Bonus part ("Bonus — Title")'
            )
        if not title:
            raise self.error(number, "a ◆ tip needs a title on the same line")
        self.tip = TipDocument(title=title, body="", line=number)
        self.document.tips.append(self.tip)
        self.target = []

    def close_item(self) -> None:
        """Finish the open question or tip: its text is complete once a heading follows."""
        if self.question is not None:
            question = self.question
            question.answer = _join_block(self.answer_lines)
            if not question.answer:
                raise self.error(question.line, f"Q{question.number} has no answer")
            if self.pro_tip_lines is not None:
                question.pro_tip = _join_block(self.pro_tip_lines)
                if not question.pro_tip:
                    raise self.error(self.pro_tip_line, f"Q{question.number} has an empty Pro Tip")
        if self.tip is not None:
            self.tip.body = _join_block(self.target)
            if not self.tip.body:
                raise self.error(self.tip.line, f'the tip "◆ {self.tip.title}" has no text')
        self.question, self.tip, self.target = None, None, None
        self.answer_lines, self.pro_tip_lines, self.pro_tip_line = [], None, None


def format_document(document: GuideDocument) -> str:
    """Write a document in the format `parse_document` reads (em dashes, one blank line
    between blocks). Raises DocumentError if some text would read back as something else."""
    blocks = _Writer(document).blocks()
    return "\n\n".join(block for block in blocks if block) + "\n"


class _Writer:
    """Builds the blocks of a document, refusing text the parser would read differently."""

    def __init__(self, document: GuideDocument):
        self.document = document

    def error(self, message: str) -> DocumentError:
        return DocumentError(self.document.source or self.document.title, None, message)

    def after_prefix(self, value: str, what: str) -> str:
        """A one-line value written after a marker ("Q3. ", "◆ ", "Section 2 — ")."""
        if "\n" in value.strip() or "\r" in value.strip():
            raise self.error(f"{what} must be one line: {value!r}")
        return value.strip()

    def own_line(self, value: str, what: str) -> str:
        """A one-line value on a line of its own, which must not look like a heading."""
        value = self.after_prefix(value, what)
        if _marker(value) or _is_cover_keyword(value):
            raise self.error(f"{what} would be read as a heading: {value!r}")
        return value

    def block(self, value: str, what: str) -> str:
        for text in value.splitlines():
            if _marker(text):
                raise self.error(f"{what} has a line that would be read as a heading: {text!r}")
        return _join_block(value.splitlines())

    def blocks(self) -> list[str]:
        document = self.document
        details = [document.level, document.subject, document.role]
        # The cover is read by position, so a blank level before a subject would shift them:
        # it is written as EMPTY_DETAIL instead.
        while details and not details[-1].strip():
            details.pop()
        count = document.declared_question_count
        blocks = [
            self.own_line(document.title, "the title"),
            COVER_SUBTITLE,
            *(
                self.own_line(value, "a cover line") if value.strip() else EMPTY_DETAIL
                for value in details
            ),
            f"{document.question_count if count is None else count} Questions",
            "Contents",
            "\n".join(
                f"{section.number}. {self.after_prefix(section.title, 'a section title')}"
                for section in document.sections
            ),
        ]
        intro = self.block(document.intro, "the intro")
        if intro and _CONTENTS_ENTRY.match(intro.splitlines()[0].strip()):
            raise self.error("the intro starts with a numbered line, which reads as contents")
        blocks.append(intro)
        for section in document.sections:
            blocks.extend(self.section_blocks(section))
        if document.tips or document.tips_title or document.tips_subtitle:
            blocks.extend(self.bonus_blocks())
        return blocks

    def section_blocks(self, section: SectionDocument) -> list[str]:
        name = f"Section {section.number}"
        title = self.after_prefix(section.title, f"the title of {name}")
        blocks = [f"{name} — {title}", self.own_line(section.subtitle, f"the subtitle of {name}")]
        for question in section.questions:
            label = f"Q{question.number}"
            blocks.append(f"{label}. {self.after_prefix(question.prompt, f'{label} prompt')}")
            blocks.append(self.block(question.answer, f"the answer to {label}"))
            pro_tip = self.block(question.pro_tip, f"the pro tip of {label}")
            if pro_tip:
                blocks.append(f"Pro Tip: {pro_tip}")
        return blocks

    def bonus_blocks(self) -> list[str]:
        document = self.document
        title = self.after_prefix(document.tips_title, "the tips title")
        blocks = [
            f"Bonus — {title}" if title else "Bonus",
            self.own_line(document.tips_subtitle, "the tips subtitle"),
        ]
        for tip in document.tips:
            blocks.append(f"◆ {self.after_prefix(tip.title, 'a tip title')}")
            blocks.append(self.block(tip.body, f'the tip "{tip.title}"'))
        return blocks
