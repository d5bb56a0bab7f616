"""Anki packages (.apkg, .colpkg): read the notes of the collection inside, with the standard
library's zipfile and sqlite3 (and zstandard for the newer `collection.anki21b`).

A package is a zip holding the collection (an SQLite file) and its media. Before anything is
unpacked its sizes are checked, as the zip's directory declares them: the members together
may hold at most MAX_UNPACKED_BYTES, and no large member may be compressed more than
MAX_RATIO to one (a zip bomb); unpacking stops at the declared size all the same. The newest
collection in the package is read: `collection.anki21b` (Anki 2.1.50 and later: zstd-compressed,
with `decks` and `notetypes` tables; deck names separate their levels with \\x1f), then
`collection.anki21`, then `collection.anki2` (decks and note types as JSON in `col`); a new
package also carries an old `collection.anki2` that only says "please update Anki".
The collection is opened read-only, its tables checked to be tables, and every query has a
budget of steps, so a crafted file cannot make a query run for ever.

Each note of a front-and-back note type (Basic and its variants) becomes a question: its first
field the prompt (as plain text), its second the answer (HTML converted to Markdown, see
`html_text`). A cloze note becomes a question per deletion (`cloze`), its second field ("Back
Extra") added to each answer. A note that cannot become a question is skipped with the reason,
named by the text of its first field. Decks become
sections (the levels all decks share name the guide); a card moved to a filtered deck counts
in its home deck. Media are not imported: the package's media files are counted. A question
is found again by its note's GUID, so importing the same package twice updates it.
"""

import io
import json
import sqlite3
import tempfile
import zipfile
import zlib
from pathlib import Path
from textwrap import shorten

import zstandard

from common.text import plural

from ..document import DocumentError, GuideDocument, QuestionDocument
from ..limits import MAX_QUESTIONS_PER_GUIDE
from . import DEFAULT_SECTION, Upload, place_questions, refusal, title_from_filename
from .cloze import cloze_card, cloze_numbers
from .html_text import html_to_markdown, html_to_text

MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_RATIO = 100
# Small members may compress very well (an empty database is mostly zeros) and do no harm.
RATIO_CHECKED_ABOVE = 1024 * 1024
# SQLite virtual-machine steps a reading of the collection may take, in thousands.
QUERY_BUDGET = 200_000
COLLECTIONS = ("collection.anki21b", "collection.anki21", "collection.anki2")
_NOT_MEDIA = {*COLLECTIONS, "media", "meta"}
_CLOZE = 1
_CHUNK = 1024 * 1024


def read_package(data: bytes, source: str) -> Upload:
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise DocumentError(
            source,
            None,
            "this is not an Anki package (it is not a zip file); in Anki, use File → Export "
            "with “Anki Deck Package (*.apkg)”",
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package, tempfile.TemporaryDirectory() as tmp:
            members = package.infolist()
            _check_sizes(members, source)
            names = {member.filename: member for member in members}
            found = next((name for name in COLLECTIONS if name in names), None)
            if found is None:
                raise DocumentError(
                    source, None, "the zip holds no Anki collection (collection.anki2 or newer)"
                )
            path = Path(tmp) / "collection.db"
            _unpack(package, names[found], path, source, zstd=found.endswith("b"))
            notes = _Collection(path, source).notes()
            media = sum(1 for name in names if name not in _NOT_MEDIA and not name.endswith("/"))
    # A damaged zip fails in many ways inside zipfile and zlib; each is a file refused.
    except (zipfile.BadZipFile, zlib.error, ValueError, NotImplementedError, EOFError) as error:
        raise DocumentError(source, None, f"the package cannot be unpacked ({error})") from None
    upload = _to_upload(notes, source)
    upload.media = media
    return upload


def _check_sizes(members: list[zipfile.ZipInfo], source: str) -> None:
    total = sum(member.file_size for member in members)
    if total > MAX_UNPACKED_BYTES:
        raise DocumentError(
            source,
            None,
            f"the package would unpack to {total // 1024 // 1024:,} MB, more than the "
            f"{MAX_UNPACKED_BYTES // 1024 // 1024} MB an import may hold",
        )
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > RATIO_CHECKED_ABOVE and ratio > MAX_RATIO:
            raise DocumentError(
                source,
                None,
                f"{member.filename} is compressed {ratio:,.0f} to 1, which only a zip bomb "
                "is; the package is refused",
            )


def _unpack(package, member, path: Path, source: str, *, zstd: bool) -> None:
    """Copy the collection out, never writing more than the sizes allow."""
    limit = member.file_size if not zstd else MAX_UNPACKED_BYTES
    written = 0
    with package.open(member) as packed, path.open("wb") as out:
        reader = zstandard.ZstdDecompressor().stream_reader(packed) if zstd else packed
        try:
            while chunk := reader.read(_CHUNK):
                written += len(chunk)
                if written > limit:
                    raise DocumentError(
                        source, None, f"{member.filename} unpacks to more than it declares"
                    )
                out.write(chunk)
        except zstandard.ZstdError as error:
            raise DocumentError(
                source, None, f"{member.filename} is not readable ({error})"
            ) from None


class _Note:
    def __init__(self, note_id, guid, fields, tags, deck, kind):
        self.id, self.guid, self.fields, self.tags = note_id, guid, fields, tags
        self.deck, self.kind = deck, kind


class _Collection:
    """The notes of an Anki collection, with the deck of each and its note type's kind."""

    def __init__(self, path: Path, source: str):
        self.path, self.source = path, source

    def error(self, message: str) -> DocumentError:
        return DocumentError(self.source, None, message)

    def notes(self) -> list[_Note]:
        try:
            connection = sqlite3.connect(f"{self.path.as_uri()}?mode=ro&immutable=1", uri=True)
        except sqlite3.Error as error:
            raise self.error(f"the collection cannot be opened ({error})") from None
        # Text that is not UTF-8 is read with replacement characters rather than refused.
        connection.text_factory = lambda value: value.decode("utf-8", "replace")
        steps = iter(range(QUERY_BUDGET))
        # Called every thousand steps; a non-zero answer stops the query.
        connection.set_progress_handler(lambda: next(steps, None) is None, 1000)
        try:
            return self.read(connection)
        except sqlite3.Error as error:
            message = f"the collection is not a readable Anki collection ({error})"
            raise self.error(message) from None
        finally:
            connection.close()

    def read(self, connection) -> list[_Note]:
        tables = {
            name
            for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
        }
        if not {"notes", "cards"} <= tables:
            raise self.error("the collection has no notes table; is it an Anki collection?")
        decks = self.decks(connection, tables)
        kinds = self.kinds(connection, tables)
        home_decks = {}
        for note_id, deck_id in connection.execute(
            "SELECT nid, CASE WHEN odid != 0 THEN odid ELSE did END FROM cards ORDER BY nid, ord"
        ):
            home_decks.setdefault(note_id, deck_id)
        return [
            _Note(
                note_id,
                str(guid),
                str(fields).split("\x1f"),
                str(tags or "").strip(),
                decks.get(home_decks.get(note_id), DEFAULT_SECTION),
                kinds.get(model_id, 0),
            )
            for note_id, guid, model_id, fields, tags in connection.execute(
                "SELECT id, guid, mid, flds, tags FROM notes ORDER BY id"
            )
        ]

    def decks(self, connection, tables) -> dict[int, str]:
        if "decks" in tables:
            return {
                deck_id: str(name).replace("\x1f", "::")
                for deck_id, name in connection.execute("SELECT id, name FROM decks")
            }
        (decks,) = connection.execute("SELECT decks FROM col").fetchone() or ("{}",)
        return {key: str(deck.get("name", "")) for key, deck in self.json(decks).items()}

    def kinds(self, connection, tables) -> dict[int, int]:
        if "notetypes" in tables:
            kinds = {}
            for model_id, config in connection.execute("SELECT id, config FROM notetypes"):
                # Anki writes a blob; bytes(n) of an integer would allocate n bytes.
                if config is not None and not isinstance(config, bytes):
                    raise self.error(
                        "a note type's configuration is not what Anki writes (not bytes); "
                        "the package is refused"
                    )
                kinds[model_id] = _notetype_kind(config or b"")
            return kinds
        (models,) = connection.execute("SELECT models FROM col").fetchone() or ("{}",)
        return {key: model.get("type", 0) for key, model in self.json(models).items()}

    def json(self, text) -> dict[int, dict]:
        """Decks or note types as `col` holds them: JSON objects keyed by their ids."""
        try:
            value = json.loads(text or "{}")
            return {int(key): item for key, item in value.items() if isinstance(item, dict)}
        # A crafted file may nest its JSON deeper than Python's recursion allows.
        except (ValueError, AttributeError, RecursionError):
            raise self.error("the collection's decks or note types are not readable") from None


def _varint(data: bytes, position: int) -> tuple[int, int]:
    value = shift = 0
    while position < len(data):
        byte = data[position]
        position += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            break
    return value, position


def _notetype_kind(config: bytes) -> int:
    """Field 1 of Anki's NotetypeConfig message (protobuf): 0 normal, 1 cloze."""
    position = 0
    while position < len(config):
        key, position = _varint(config, position)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, position = _varint(config, position)
            if number == 1:
                return value
        elif wire == 2:
            length, position = _varint(config, position)
            position += length
        elif wire in {1, 5}:
            position += 8 if wire == 1 else 4
        else:
            break
    return 0


def _note_name(note: _Note) -> str:
    """A skipped note, as the person knows it: the text of its first field."""
    text = html_to_text(note.fields[0])[0] if note.fields else ""
    return f"“{shorten(text, width=60, placeholder='…')}”" if text else f"Note {note.id}"


def _cards(note: _Note) -> list[tuple[str, str, str]]:
    """(source key, prompt HTML, answer HTML) of each question a note gives."""
    key = f"anki:{note.guid}"
    if note.kind != _CLOZE:
        return [(key, note.fields[0], note.fields[1])]
    extra = note.fields[1] if len(note.fields) > 1 else ""
    cards = []
    for number in cloze_numbers(note.fields[0]):
        prompt, answer = cloze_card(note.fields[0], number)
        cards.append((f"{key}:c{number}", prompt, f"{answer}<br><br>{extra}" if extra else answer))
    return cards


def _to_upload(notes: list[_Note], source: str) -> Upload:
    if not notes:
        raise DocumentError(source, None, "the package holds no notes")
    upload = Upload(
        document=GuideDocument(title=title_from_filename(source), source=source),
        keyed=True,
        pro_tips=False,
    )
    usable = []
    for note in notes:
        if note.kind != _CLOZE and len(note.fields) < 2:
            upload.skipped.append(f"{_note_name(note)}: it has one field, no back.")
            continue
        cards = _cards(note)
        if not cards:
            upload.skipped.append(f"{_note_name(note)}: a cloze note without a {{{{c1::…}}}}.")
        usable.extend((note, card) for card in cards)
    if len(usable) > MAX_QUESTIONS_PER_GUIDE:
        raise DocumentError(
            source,
            None,
            f"the package holds {plural(len(usable), 'card')}; a guide holds at most "
            f"{MAX_QUESTIONS_PER_GUIDE} questions: export one deck at a time",
        )
    kept = []
    for note, (key, prompt_html, answer_html) in usable:
        prompt, _prompt_media = html_to_text(prompt_html)
        answer, _answer_media = html_to_markdown(answer_html)
        reason = refusal(prompt, answer)
        if reason:
            upload.skipped.append(f"{_note_name(note)}: {reason}.")
            continue
        kept.append((note.deck, QuestionDocument(0, prompt, answer, source_key=key)))
    if not kept:
        reason = f" ({upload.skipped[0]})" if upload.skipped else ""
        raise DocumentError(
            source, None, f"none of its {plural(len(notes), 'note')} can be imported{reason}"
        )
    place_questions(upload.document, kept)
    if any(note.tags for note in notes):
        upload.notes.append("Tags are not imported.")
    return upload
