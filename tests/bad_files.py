"""Crafted uploads for the bad-input corpus (`tests/test_bad_input.py`): each once answered a
500 or held a worker for seconds. Built here rather than kept as binary files, so that each
one says what is wrong with it. `CRAFTED` maps a name to (file name, bytes, words of the
reason the import page must give)."""

import io
import sqlite3
import tempfile
import zipfile
from pathlib import Path

import zstandard

from tests.guide.anki_files import _SCHEMA_18, NORMAL_CONFIG, basic_package


def hundred_thousand_rows() -> bytes:
    """A 1.4 MB CSV of 100,000 notes: once rendered and inserted row by row before the limit
    was checked."""
    return "".join(f"Front {n},Back {n}\n" for n in range(100_000)).encode()


def huge_contents_list() -> bytes:
    """A guide document whose Contents list has 200,000 lines (about 1 MB): once parsed in
    quadratic time."""
    entries = "".join(f"{n}. Part {n}\n" for n in range(1, 200_001))
    return (
        f"Huge\n\nContents\n\n{entries}\nSection 1 — Part 1\n\nQ1. Why?\n\nBecause.\n"
    ).encode()


def _anki21b(*, config=NORMAL_CONFIG, fields="Front\x1fBack") -> bytes:
    """A small Anki 2.1.50+ package with one note, its note type's config and fields given."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "collection.db"
        connection = sqlite3.connect(path)
        connection.executescript(_SCHEMA_18)
        connection.execute("INSERT INTO col VALUES (1, '', '')")
        connection.execute("INSERT INTO decks VALUES (1, 'Default')")
        connection.execute("INSERT INTO notetypes VALUES (1, 'Basic', ?)", (config,))
        connection.execute("INSERT INTO notes VALUES (1, 'guid1', 1, '', ?)", (fields,))
        connection.execute("INSERT INTO cards VALUES (10, 1, 1, 0, 0)")
        connection.commit()
        connection.close()
        collection = zstandard.ZstdCompressor().compress(path.read_bytes())
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("collection.anki21b", collection)
    return out.getvalue()


def integer_notetype_config() -> bytes:
    """`notetypes.config` holds the integer 120,000,000 instead of bytes: `bytes(n)` once
    allocated 120 MB, on upload and on every preview."""
    return _anki21b(config=120_000_000)


def deeply_nested_decks() -> bytes:
    """An Anki 2.1 collection whose `col.decks` JSON nests 100,000 levels deep
    (RecursionError)."""
    data = basic_package({"Default": [("Front", "Back")]})
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        collection = package.read("collection.anki2")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "collection.anki2"
        path.write_bytes(collection)
        connection = sqlite3.connect(path)
        connection.execute("UPDATE col SET decks = ?", ('{"1":' * 100_000 + "1" + "}" * 100_000,))
        connection.commit()
        connection.close()
        collection = path.read_bytes()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("collection.anki2", collection)
    return out.getvalue()


CRAFTED = {
    "100,000 CSV rows": ("rows.csv", hundred_thousand_rows(), "more than 500 rows"),
    "a 200,000-line contents list": (
        "huge.txt",
        huge_contents_list(),
        "200,000 contents entries",
    ),
    "an integer note type config": (
        "config.apkg",
        integer_notetype_config(),
        "configuration is not what Anki writes",
    ),
    "deeply nested deck JSON": (
        "nested.apkg",
        deeply_nested_decks(),
        "decks or note types are not readable",
    ),
    "a tags column past a short row": (
        "tags.csv",
        b"#separator:Comma\n#tags column:3\nFront 1,Back 1,tag\nFront 2,Back 2\n",
        "line 4: this row has 2 fields, but column 3 is needed",
    ),
    "a NUL byte in a CSV note": (
        "nul.csv",
        b"Front 1,Back 1\nFront\x00 2,Back 2\n",
        "NUL character",
    ),
    "a NUL byte in a guide document": (
        "nul.txt",
        "Nul\n\nSection 1 — Basics\n\nQ1. Why?\n\nBecause\x00.\n".encode(),
        "NUL character",
    ),
    "a NUL byte in an Anki note": (
        "nul.apkg",
        _anki21b(fields="Front\x1fBack\x00"),
        "NUL character",
    ),
}
