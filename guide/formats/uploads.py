"""Which reader reads an upload, and reading it."""

import re
from pathlib import PurePath

from ..document import DocumentError, decode_text, parse_document
from ..limits import MAX_SECTIONS_PER_GUIDE
from . import APKG, CSV, DOCUMENT, Upload, apkg, check_counts, csv_notes
from .qa_notes import looks_like_notes, read_qa_notes


def detect_format(filename: str, data: bytes) -> str:
    """The format from the file's name, then its content: a zip is a package, a text whose
    first line has Anki's header or a tab is CSV, anything else a guide document."""
    suffix = PurePath(filename.lower()).suffix
    if suffix in {".apkg", ".colpkg"} or data[:4] == b"PK\x03\x04":
        return APKG
    if suffix in {".csv", ".tsv"}:
        return CSV
    first_line = data.lstrip(b"\xef\xbb\xbf").split(b"\n", 1)[0]
    if first_line.startswith((b"#separator:", b"#html:", b"#columns:")) or b"\t" in first_line:
        return CSV
    return DOCUMENT


def read_upload(data: bytes, *, filename: str, format: str, columns: dict | None = None):
    """Read an upload in `format`; `columns` is a person's choice of CSV columns. A file that
    holds more than a guide may is refused here, before anything is rendered or written."""
    if format == APKG:
        upload = apkg.read_package(data, filename)
    elif format == CSV:
        upload = csv_notes.read_notes(data, filename, chosen=columns or None)
    else:
        text = decode_text(data, filename)
        _check_contents_list(text, filename)
        if looks_like_notes(text):
            upload = read_qa_notes(text, filename)
        else:
            upload = Upload(document=parse_document(text, filename))
    check_counts(upload.document, filename)
    return upload


# A guide document's "Contents" line and the numbered (or blank) lines after it, as the parser
# reads them; one search over the text, so that a list far too long is refused before parsing.
_CONTENTS_LIST = re.compile(
    r"^[ \t]*Contents[ \t]*\n((?:[ \t]*(?:\d+[.)][ \t]+[^\n]*)?\n)*)", re.M | re.I
)
_ENTRY = re.compile(r"^[ \t]*\d", re.M)


def _check_contents_list(text: str, filename: str) -> None:
    found = _CONTENTS_LIST.search(text.replace("\r\n", "\n"))
    if found is None:
        return
    entries = sum(1 for _ in _ENTRY.finditer(found[1]))
    if entries > MAX_SECTIONS_PER_GUIDE:
        raise DocumentError(
            filename,
            None,
            f"the file holds {entries:,} contents entries; a guide holds at most "
            f"{MAX_SECTIONS_PER_GUIDE} sections",
        )
