"""Anki packages made for the tests: with genanki, as Anki 2.1 writes them (decks and note types
as JSON in `col`), and by hand as Anki 2.1.50+ writes them (`collection.anki21b`, zstd, with
`decks` and `notetypes` tables)."""

import io
import sqlite3
import tempfile
import zipfile
from pathlib import Path

import genanki
import zstandard

from guide.formats.anki_export import package_bytes

CLOZE_MODEL = genanki.CLOZE_MODEL


def basic_package(decks: dict[str, list[tuple]], *, cloze: list[str] = (), media=()) -> bytes:
    """An .apkg of Basic notes: {deck name: [(front, back) or (front, back, guid)]}, plus cloze
    notes in the first deck and media files (name, bytes) in the zip."""
    built = []
    for number, (name, notes) in enumerate(decks.items()):
        deck = genanki.Deck(2_000_000 + number, name)
        for note in notes:
            front, back, *guid = note
            deck.add_note(
                genanki.Note(
                    genanki.BASIC_MODEL,
                    [front, back],
                    guid=guid[0] if guid else None,
                    tags=["imported"],
                )
            )
        built.append(deck)
    for text in cloze:
        built[0].add_note(genanki.Note(CLOZE_MODEL, [text, ""]))
    data = package_bytes(genanki.Package(built))
    if not media:
        return data
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for member in source.infolist():
            target.writestr(member, source.read(member))
        for index, (_name, content) in enumerate(media):
            target.writestr(str(index), content)
    return out.getvalue()


_SCHEMA_18 = """
CREATE TABLE col (id integer PRIMARY KEY, models text, decks text);
CREATE TABLE notes (id integer PRIMARY KEY, guid text, mid integer, tags text, flds text);
CREATE TABLE cards (id integer PRIMARY KEY, nid integer, did integer, ord integer,
                    odid integer);
CREATE TABLE decks (id integer PRIMARY KEY, name text);
CREATE TABLE notetypes (id integer PRIMARY KEY, name text, config blob);
"""
# NotetypeConfig (protobuf): field 3 (css) only for a normal note type, kind = 1 for cloze.
NORMAL_CONFIG = b"\x1a\x03css"
CLOZE_CONFIG = b"\x08\x01\x1a\x03css"


def anki21b_package(notes: list[tuple], *, decks: dict[int, str]) -> bytes:
    """A package as Anki 2.1.50+ exports it: `notes` are (note id, guid, deck id, front, back,
    cloze?), front and back both str or both bytes; deck names separate levels with \\x1f.
    An old `collection.anki2` beside it holds only Anki's "please update" note, as real
    packages do."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "collection.db"
        connection = sqlite3.connect(path)
        connection.executescript(_SCHEMA_18)
        connection.execute("INSERT INTO col VALUES (1, '', '')")
        connection.executemany("INSERT INTO decks VALUES (?, ?)", decks.items())
        connection.execute("INSERT INTO notetypes VALUES (1, 'Basic', ?)", (NORMAL_CONFIG,))
        connection.execute("INSERT INTO notetypes VALUES (2, 'Cloze', ?)", (CLOZE_CONFIG,))
        for note_id, guid, deck_id, front, back, *cloze in notes:
            model = 2 if cloze and cloze[0] else 1
            # Fields given as bytes are stored as they are, even when they are not UTF-8.
            fields = front + b"\x1f" + back if isinstance(front, bytes) else f"{front}\x1f{back}"
            connection.execute(
                "INSERT INTO notes VALUES (?, ?, ?, '', CAST(? AS TEXT))",
                (note_id, guid, model, fields),
            )
            connection.execute(
                "INSERT INTO cards VALUES (?, ?, ?, 0, 0)", (note_id * 10, note_id, deck_id)
            )
        connection.commit()
        connection.close()
        collection = zstandard.ZstdCompressor().compress(path.read_bytes())
    legacy = basic_package(
        {"Default": [("Please update to the latest Anki version, then import again.", "-")]}
    )
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(legacy)) as old, zipfile.ZipFile(out, "w") as package:
        package.writestr("collection.anki2", old.read("collection.anki2"))
        package.writestr("collection.anki21b", collection)
        package.writestr("media", zstandard.ZstdCompressor().compress(b""))
    return out.getvalue()


def zip_of(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for name, content in members.items():
            package.writestr(name, content)
    return out.getvalue()
