"""A guide as an Anki package (genanki) and as CSV notes, for studying it elsewhere.

One note per live question: the prompt on the front; the answer, the pro tip and (when given)
the person's own answer on the back, as the HTML the site shows. Each section is a subdeck,
"Guide title::Section title". Deck ids and note GUIDs are derived from the guide's address and
the section's or question's id, so exporting again and importing into Anki updates the same
cards instead of adding copies; the note type's id is fixed for the same reason.

`my_answers` maps question ids to HTML for the "My answer" field. Content knows nothing of
people, so the exporter is given it: a view in `practice` can build the mapping from a
person's notes and call `anki_package(guide, my_answers=…)`. Here it is left empty.
"""

import hashlib
import html
import itertools
import sqlite3
import tempfile
import time
import zipfile
from collections.abc import Mapping
from io import BytesIO
from pathlib import Path

import genanki
from django.db.models import Prefetch

from ..models import Guide, Question
from .csv_notes import write_notes

MODEL_ID = 1_718_204_311
_CSS = """.card { font-family: system-ui, sans-serif; font-size: 18px; line-height: 1.5;
  max-width: 70ch; margin: 0 auto; text-align: left; }
.pro-tip, .my-answer { border-left: 4px solid #888; padding-left: 0.75em; }
pre { overflow-x: auto; }"""
_BACK = """{{FrontSide}}
<hr id="answer">
{{Back}}
{{#ProTip}}<div class="pro-tip"><strong>Pro tip:</strong> {{ProTip}}</div>{{/ProTip}}
{{#MyAnswer}}<div class="my-answer"><strong>My answer:</strong> {{MyAnswer}}</div>{{/MyAnswer}}"""

MODEL = genanki.Model(
    MODEL_ID,
    "Interview Prep question",
    fields=[{"name": "Front"}, {"name": "Back"}, {"name": "ProTip"}, {"name": "MyAnswer"}],
    templates=[{"name": "Question", "qfmt": "{{Front}}", "afmt": _BACK}],
    css=_CSS,
)


def _stable_id(*parts) -> int:
    """An id from `parts` in the range Anki's own ids use, the same on every export."""
    digest = hashlib.sha256("/".join(str(part) for part in parts).encode()).digest()
    return (1 << 30) + int.from_bytes(digest[:4], "big") % (1 << 30)


def note_guid(guide: Guide, question: Question) -> str:
    return genanki.guid_for("interview-prep", guide.slug, question.pk)


def _sections(guide: Guide):
    live = Question.objects.filter(archived=False).order_by("number")
    return (
        guide.sections.filter(archived=False)
        .order_by("number")
        .prefetch_related(Prefetch("questions", queryset=live))
    )


def anki_package(guide: Guide, *, my_answers: Mapping[int, str] | None = None) -> bytes:
    """The guide's live questions as the bytes of an .apkg file."""
    my_answers = my_answers or {}
    decks = []
    for section in _sections(guide):
        deck = genanki.Deck(
            _stable_id("deck", guide.slug, section.pk), f"{guide.title}::{section.title}"
        )
        for question in section.questions.all():
            fields = [
                html.escape(question.prompt),
                question.answer_html,
                question.pro_tip_html,
                my_answers.get(question.pk, ""),
            ]
            deck.add_note(genanki.Note(MODEL, fields, guid=note_guid(guide, question)))
        decks.append(deck)
    return package_bytes(genanki.Package(decks))


def package_bytes(package: genanki.Package) -> bytes:
    """The .apkg file of a genanki package, as bytes."""
    # genanki's own write_to_file leaves its temporary database behind: write it here.
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "collection.anki2"
        connection = sqlite3.connect(path)
        now = time.time()
        package.write_to_db(connection.cursor(), now, itertools.count(int(now * 1000)))
        connection.commit()
        connection.close()
        out = BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.write(path, "collection.anki2")
            archive.writestr("media", "{}")
        return out.getvalue()


def csv_notes(guide: Guide) -> str:
    """The guide's live questions as CSV: front, back (answer and pro tip, as HTML) and
    section (as Anki's deck name)."""
    rows = []
    for section in _sections(guide):
        for question in section.questions.all():
            back = question.answer_html
            if question.pro_tip_html:
                back += f"<div><strong>Pro tip:</strong> {question.pro_tip_html}</div>"
            deck = f"{guide.title}::{section.title}"
            rows.append((html.escape(question.prompt), back, deck))
    return write_notes(rows)
