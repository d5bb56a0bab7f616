"""Which reader reads an upload, and reading it."""

from pathlib import PurePath

from ..document import decode_text, parse_document
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
        if looks_like_notes(text):
            upload = read_qa_notes(text, filename)
        else:
            upload = Upload(document=parse_document(text, filename))
    check_counts(upload.document, filename)
    return upload
