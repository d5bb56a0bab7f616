"""CSV and tab-separated notes, read and written as Anki's "Notes in Plain Text" does.

Reading: UTF-8 only (a byte-order mark is allowed). Anki's header lines at the top of the file
say how to read it: `#separator:` (tab, comma, semicolon, pipe, colon, space or one
character), `#html:` (true: fields are HTML; false: plain text, read as Markdown; absent:
each field decides), `#columns:` (the columns' names), `#deck column:`, `#tags column:`,
`#guid column:`, `#notetype column:` (1-based), `#deck:`. Without them, the separator is
sniffed from the first line and a first row naming the columns ("Front,Back,Section") is
understood; otherwise the columns are guessed (front, back) and the person is asked to check.
The note fields are the columns that are none of deck, tags, GUID or note type: the first is
the front (the question), the second the back (the answer). A row with fewer than two fields
is an error naming its line; a row with an empty front or back, or one too long, is skipped
with the reason. A question is found again by Anki's GUID when the file has a GUID column,
otherwise by its front, so importing the same file twice updates instead of adding copies.

Writing: `#separator:Comma`, `#html:true`, the columns Front, Back (the answer and the pro
tip, as HTML) and Section (Anki's deck name, "Guide::Section"), which Anki imports as they are.
A cell a spreadsheet would read as a formula gets a leading `'` (`common.spreadsheet`), which
reading takes off again, so the app's own CSV reads back unchanged.
"""

import csv
import hashlib
import io
import re

from common.spreadsheet import safe_cell, unquote_cell
from common.text import plural

from ..document import DocumentError, GuideDocument, QuestionDocument, decode_text
from . import (
    DEFAULT_SECTION,
    MAX_ROWS,
    Columns,
    Upload,
    place_questions,
    refusal,
    title_from_filename,
)
from .html_text import html_to_markdown, html_to_text, looks_like_html, markdown_field, text_field

SEPARATORS = {
    "tab": "\t",
    "comma": ",",
    "semicolon": ";",
    "pipe": "|",
    "colon": ":",
    "space": " ",
}
_SEPARATOR_NAMES = {value: name for name, value in SEPARATORS.items()}
_HEADER = re.compile(r"^#([a-z ]+):(.*)$", re.IGNORECASE)
# Column names a header row or `#columns:` may use for each role.
_NAMES = {
    "front": {"front", "question", "prompt", "q", "text"},
    "back": {"back", "answer", "a", "back side"},
    "section": {"section", "deck", "topic", "chapter"},
    "tags": {"tags", "tag"},
}
_SPECIAL_COLUMNS = ("deck column", "tags column", "guid column", "notetype column")


def read_notes(data: bytes, source: str, *, chosen: dict | None = None) -> Upload:
    """Read CSV or tab-separated notes; `chosen` is a person's choice of columns
    (front, back, section, header_row), which wins over what the file says."""
    text = decode_text(data, source)
    header, body, offset = _split_header(text.removeprefix("\ufeff"))
    separator = _separator(header, body, source)
    rows = _rows(body, separator, source, offset)
    if not rows:
        raise DocumentError(source, None, "the file holds no rows")
    columns, guid = _columns(header, rows, chosen, separator, source)
    return _Reader(source, header, separator, columns, guid).read(rows)


def _split_header(text: str) -> tuple[dict[str, str], str, int]:
    """Anki's `#key:value` lines at the top, the rest of the text, and how many lines the
    header took (so that row line numbers are the file's)."""
    lines = text.split("\n")
    header: dict[str, str] = {}
    count = 0
    for line in lines:
        if not line.startswith("#"):
            break
        match = _HEADER.match(line.rstrip("\r"))
        if match:
            header[match[1].strip().lower()] = match[2].strip()
        count += 1
    return header, "\n".join(lines[count:]), count


def _separator(header: dict, body: str, source: str) -> str:
    named = header.get("separator")
    if named is not None:
        separator = SEPARATORS.get(named.lower(), named)
        if len(separator) != 1:
            raise DocumentError(
                source,
                None,
                f'"#separator:{named}" is not a separator: use tab, comma, semicolon, pipe, '
                "colon, space or a single character",
            )
        return separator
    first = next((line for line in body.split("\n") if line.strip()), "")
    if "\t" in first:
        return "\t"
    counts = {separator: first.count(separator) for separator in (",", ";", "|")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def _rows(body: str, separator: str, source: str, offset: int) -> list[tuple[int, list[str]]]:
    """The rows that hold anything, each with the line of the file it starts on."""
    reader = csv.reader(io.StringIO(body, newline=""), delimiter=separator, quotechar='"')
    rows = []
    ended = 0
    while True:
        start = offset + ended + 1
        try:
            row = next(reader)
        except StopIteration:
            return rows
        except csv.Error as error:
            message = f"cannot read the row: {error}"
            raise DocumentError(source, offset + reader.line_num, message) from None
        ended = reader.line_num
        if any(cell.strip() for cell in row):
            rows.append((start, [unquote_cell(cell) for cell in row]))
            if len(rows) > MAX_ROWS:
                raise DocumentError(
                    source,
                    start,
                    f"the file has more than {MAX_ROWS - 1:,} rows, the most a guide holds: "
                    "split it, or export one deck at a time",
                )


def _role(name: str) -> str | None:
    name = name.strip().lower()
    return next((role for role, names in _NAMES.items() if name in names), None)


def _named_columns(names: list[str]) -> dict[str, int] | None:
    """Roles by column name, when the names give at least a front and a back."""
    roles: dict[str, int] = {}
    for index, name in enumerate(names):
        role = _role(name)
        if role and role not in roles:
            roles[role] = index
    return roles if {"front", "back"} <= roles.keys() else None


def _column_number(header: dict, key: str, count: int, source: str) -> int | None:
    value = header.get(key)
    if value is None:
        return None
    if not value.isdigit() or not 1 <= int(value) <= max(count, 1):
        raise DocumentError(
            source, None, f'"#{key}:{value}" names no column (the rows have {count} columns)'
        )
    return int(value) - 1


def _columns(header, rows, chosen, separator, source) -> tuple[Columns, int | None]:
    count = max(len(row) for _, row in rows)
    samples = [cell.strip()[:40] for cell in rows[0][1]]
    guid = _column_number(header, "guid column", count, source)
    if chosen is not None:
        return Columns(count=count, samples=samples, **chosen), guid
    special = {_column_number(header, key, count, source) for key in _SPECIAL_COLUMNS} - {None}
    deck = _column_number(header, "deck column", count, source)
    named = None
    if "columns" in header:
        named = _named_columns(header["columns"].split(separator))
    header_row = False
    if named is None and not header:
        named = _named_columns(rows[0][1])
        header_row = named is not None
    if named is not None:
        section = named.get("section", deck)
        columns = Columns(count, named["front"], named["back"], section, header_row)
    else:
        fields = [index for index in range(count) if index not in special]
        front, back = fields[:2] if len(fields) >= 2 else (0, 1)
        columns = Columns(count, front, back, deck, guessed=not header)
    columns.samples = samples
    return columns, guid


class _Reader:
    def __init__(self, source, header: dict, separator: str, columns: Columns, guid: int | None):
        self.source = source
        self.separator = _SEPARATOR_NAMES.get(separator, f"“{separator}”")
        self.columns = columns
        self.guid = guid
        self.html = {"true": True, "false": False}.get(header.get("html", "").lower())
        self.default_section = header.get("deck") or DEFAULT_SECTION
        self.tags = _column_number(header, "tags column", columns.count, source)
        self.upload = Upload(
            document=GuideDocument(title=title_from_filename(source), source=source),
            keyed=True,
            pro_tips=False,
            columns=columns,
        )
        self.seen: dict[str, int] = {}

    def error(self, line: int, message: str) -> DocumentError:
        return DocumentError(self.source, line, message)

    def read(self, rows: list[tuple[int, list[str]]]) -> Upload:
        if self.columns.header_row:
            rows = rows[1:]
        placed: list[tuple[str, QuestionDocument]] = []
        tagged = False
        for line, row in rows:
            question, section = self.read_row(line, row)
            tagged = tagged or (self.tags is not None and bool(row[self.tags].strip()))
            if question is not None:
                placed.append((section, question))
        if not placed:
            reasons = f" ({self.upload.skipped[0]})" if self.upload.skipped else ""
            raise DocumentError(
                self.source, None, f"the file holds no row with a front and a back{reasons}"
            )
        names = [section or self.default_section for section, _ in placed]
        place_questions(
            self.upload.document, list(zip(names, [q for _, q in placed], strict=True))
        )
        if tagged:
            self.upload.notes.append("Tags are not imported.")
        return self.upload

    def read_row(self, line: int, row: list[str]) -> tuple[QuestionDocument | None, str]:
        columns = self.columns
        if len(row) < 2:
            raise self.error(
                line,
                f"this row has {plural(len(row), 'field')}; each row needs a front and a back "
                f"separated by a {self.separator}",
            )
        # Every column the file declares must be in every row: a short row is an error
        # naming its line, as it is for the section.
        wanted = [columns.front, columns.back]
        wanted += [index for index in (columns.section, self.tags) if index is not None]
        if max(wanted) >= len(row):
            raise self.error(
                line,
                f"this row has {plural(len(row), 'field')}, but column {max(wanted) + 1} is "
                "needed",
            )
        prompt, answer = self.field(row[columns.front], prompt=True), self.field(row[columns.back])
        section = row[columns.section].strip() if columns.section is not None else ""
        reason = refusal(prompt, answer)
        if reason:
            self.upload.skipped.append(f"Line {line}: {reason}.")
            return None, section
        key = (
            f"anki:{row[self.guid].strip()}"
            if self.guid is not None and self.guid < len(row) and row[self.guid].strip()
            else "front:" + hashlib.sha256(prompt.encode()).hexdigest()[:40]
        )
        if key in self.seen:
            self.upload.skipped.append(f"Line {line}: the same question as line {self.seen[key]}.")
            return None, section
        self.seen[key] = line
        return QuestionDocument(0, prompt, answer, line=line, source_key=key), section

    def field(self, value: str, *, prompt: bool = False) -> str:
        is_html = self.html if self.html is not None else looks_like_html(value)
        if prompt:
            text, media = html_to_text(value) if is_html else text_field(value)
        else:
            text, media = html_to_markdown(value) if is_html else markdown_field(value)
        self.upload.media += media
        return text


def write_notes(rows: list[tuple[str, str, str]]) -> str:
    """(front, back HTML, deck name) rows as a CSV file Anki imports as it is."""
    out = io.StringIO(newline="")
    out.write("#separator:Comma\n#html:true\n#columns:Front,Back,Section\n#deck column:3\n")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerows([safe_cell(cell) for cell in row] for row in rows)
    return out.getvalue()
