"""Taking a guide away: the Anki package opened as Anki would (zip + SQLite), the CSV notes, the
guide document of one's own guide, and their downloads."""

import csv
import html
import io
import json
import sqlite3
import zipfile

import pytest
from django.urls import reverse

from guide.document import format_document, parse_document
from guide.exporter import document_from_guide
from guide.formats.anki_export import anki_package, csv_notes
from guide.formats.uploads import read_upload
from guide.importer import import_private_guide
from guide.models import Guide, Question
from tests.factories import GuideFactory, QuestionFactory, SectionFactory


@pytest.fixture
def guide(db):
    guide = GuideFactory(title="Systems", slug="systems")
    caching = SectionFactory(guide=guide, number=1, title="Caching")
    queues = SectionFactory(guide=guide, number=2, title="Queues")
    QuestionFactory(
        section=caching,
        number=1,
        prompt="What is a <cache>?",
        answer="A **fast** store.",
        pro_tip="Name one.",
    )
    plain = {"pro_tip": ""}
    QuestionFactory(
        section=caching, number=2, prompt="What is TTL?", answer="Time to live.", **plain
    )
    QuestionFactory(
        section=queues, number=3, prompt="Why a queue?", answer="To absorb load.", **plain
    )
    QuestionFactory(section=queues, number=4, prompt="Old?", answer="Gone.", archived=True)
    return guide


def open_package(data: bytes, tmp_path) -> dict:
    """The notes (guid, fields) and deck names of an .apkg, read as Anki reads it."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert sorted(package.namelist()) == ["collection.anki2", "media"]
        path = tmp_path / "collection.anki2"
        path.write_bytes(package.read("collection.anki2"))
    connection = sqlite3.connect(path)
    notes = connection.execute("SELECT guid, flds FROM notes ORDER BY id").fetchall()
    (decks,) = connection.execute("SELECT decks FROM col").fetchone()
    cards = connection.execute("SELECT did FROM cards ORDER BY id").fetchall()
    connection.close()
    names = {int(key): deck["name"] for key, deck in json.loads(decks).items()}
    return {
        "notes": [(guid, fields.split("\x1f")) for guid, fields in notes],
        "decks": names,
        "card_decks": [names[deck_id] for (deck_id,) in cards],
    }


def test_the_anki_package_holds_a_note_per_live_question_with_front_back_and_pro_tip(
    guide, tmp_path
):
    package = open_package(anki_package(guide), tmp_path)

    fields = [fields for _guid, fields in package["notes"]]
    assert fields == [
        [
            "What is a &lt;cache&gt;?",
            "<p>A <strong>fast</strong> store.</p>\n",
            "<p>Name one.</p>\n",
            "",
        ],
        ["What is TTL?", "<p>Time to live.</p>\n", "", ""],
        ["Why a queue?", "<p>To absorb load.</p>\n", "", ""],
    ]


def test_each_section_is_a_subdeck_of_the_guide(guide, tmp_path):
    package = open_package(anki_package(guide), tmp_path)

    assert package["card_decks"] == ["Systems::Caching", "Systems::Caching", "Systems::Queues"]


def test_two_exports_give_the_same_note_guids_and_deck_ids(guide, tmp_path):
    first = open_package(anki_package(guide), tmp_path)
    Question.objects.filter(number=2).update(answer="Changed.")
    second = open_package(anki_package(guide), tmp_path)

    assert [guid for guid, _ in first["notes"]] == [guid for guid, _ in second["notes"]]
    assert len({guid for guid, _ in first["notes"]}) == 3
    assert first["decks"] == second["decks"]


def test_a_persons_answers_fill_the_my_answer_field(guide, tmp_path):
    question = Question.objects.get(number=2)

    package = open_package(anki_package(guide, my_answers={question.pk: "<p>Mine</p>"}), tmp_path)

    assert [fields[3] for _, fields in package["notes"]] == ["", "<p>Mine</p>", ""]


def test_an_exported_package_imports_back_into_the_same_questions(guide, owner):
    upload = read_upload(anki_package(guide), filename="systems.apkg", format="apkg")

    assert upload.document.title == "Systems"
    assert [
        (section.title, [(q.prompt, q.answer) for q in section.questions])
        for section in upload.document.sections
    ] == [
        (
            "Caching",
            [("What is a <cache>?", "A **fast** store."), ("What is TTL?", "Time to live.")],
        ),
        ("Queues", [("Why a queue?", "To absorb load.")]),
    ]


def test_the_csv_export_has_anki_headers_and_a_row_per_live_question(guide):
    text = csv_notes(guide)

    header, rows = text.split("\n")[:4], list(csv.reader(io.StringIO(text)))[4:]
    assert header == [
        "#separator:Comma",
        "#html:true",
        "#columns:Front,Back,Section",
        "#deck column:3",
    ]
    assert [(front, section) for front, _back, section in rows] == [
        ("What is a &lt;cache&gt;?", "Systems::Caching"),
        ("What is TTL?", "Systems::Caching"),
        ("Why a queue?", "Systems::Queues"),
    ]
    assert rows[0][1] == (
        "<p>A <strong>fast</strong> store.</p>\n<div><strong>Pro tip:</strong> <p>Name one.</p>\n"
        "</div>"
    )


def test_the_csv_export_reads_back_as_the_same_sections_and_questions(guide):
    upload = read_upload(csv_notes(guide).encode(), filename="systems.csv", format="csv")

    assert upload.document.title == "Systems"
    assert [(s.title, [q.prompt for q in s.questions]) for s in upload.document.sections] == [
        ("Caching", ["What is a <cache>?", "What is TTL?"]),
        ("Queues", ["Why a queue?"]),
    ]


def test_the_csv_export_neutralises_cells_a_spreadsheet_reads_as_formulas(db):
    guide = GuideFactory(title="@Risky", slug="risky")
    section = SectionFactory(guide=guide, number=1, title="Basics")
    prompts = ['=HYPERLINK("https://evil.example")', "+1+cmd", "-2-2", "\tTabbed", "-3"]
    for number, prompt in enumerate(prompts, start=1):
        QuestionFactory(section=section, number=number, prompt=prompt, answer="A.", pro_tip="")

    rows = list(csv.reader(io.StringIO(csv_notes(guide))))[4:]

    assert [front for front, _back, _section in rows] == [
        "'=HYPERLINK(&quot;https://evil.example&quot;)",
        "'+1+cmd",
        "'-2-2",
        "'\tTabbed",
        "-3",
    ]
    assert {section for _front, _back, section in rows} == {"'@Risky::Basics"}


def test_the_neutralised_csv_export_reads_back_as_the_same_text(db):
    guide = GuideFactory(title="@Risky", slug="risky")
    section = SectionFactory(guide=guide, number=1, title="Basics")
    prompts = ['=HYPERLINK("x")', "'=already quoted", "-2-2", "'plain quote", "-3"]
    for number, prompt in enumerate(prompts, start=1):
        QuestionFactory(section=section, number=number, prompt=prompt, answer="A.", pro_tip="")

    upload = read_upload(csv_notes(guide).encode(), filename="risky.csv", format="csv")

    assert upload.document.title == "@Risky"
    assert [q.prompt for q in upload.document.sections[0].questions] == prompts


# Downloads


def test_anyone_who_can_see_a_guide_downloads_it_for_anki_named_after_it(client, guide):
    response = client.get(reverse("practice:export_anki", args=[guide.slug]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"] == 'attachment; filename="Systems.apkg"'
    assert zipfile.is_zipfile(io.BytesIO(response.content))


def test_a_title_that_needs_encoding_is_sent_as_an_rfc_6266_filename(client, db):
    guide = GuideFactory(title="Café “ML”\nnotes", slug="cafe-ml")

    response = client.get(reverse("guide:export_csv", args=[guide.slug]))

    assert response["Content-Disposition"] == (
        "attachment; filename=\"cafe-ml.csv\"; filename*=UTF-8''"
        "Caf%C3%A9%20%E2%80%9CML%E2%80%9D%0Anotes.csv"
    )


def test_someone_elses_private_guide_cannot_be_exported(client, other_user, owner):
    private = QuestionFactory(section__guide__owner=owner, section__guide__slug="mine-a1b2c3")
    client.force_login(other_user)
    slug = private.section.guide.slug

    responses = [
        client.get(reverse("practice:export_anki", args=[slug])),
        client.get(reverse("guide:export_csv", args=[slug])),
        client.get(reverse("guide:my_guide_export", args=[private.section.guide_id])),
    ]

    assert [response.status_code for response in responses] == [404, 404, 404]


DOCUMENT = """Networking

Question & Answer Guide

Junior

Backend

2 Questions

Contents

1. Basics

Section 1 — Basics

The wire

Q1. What is TCP?

A **reliable** stream.

Pro Tip: Mention the handshake.

Q2. What is UDP?

Datagrams; $n$ of them.
"""


def test_import_then_export_then_import_of_a_guide_document_is_the_identity(client, owner):
    upload = read_upload(DOCUMENT.encode(), filename="networking.txt", format="document")
    import_private_guide(upload.document, owner=owner)
    guide = Guide.objects.get(owner=owner)
    client.force_login(owner)

    response = client.get(reverse("guide:my_guide_export", args=[guide.pk]))
    exported = response.content.decode()
    again = import_private_guide(parse_document(exported), owner=owner, into=guide)

    assert response["Content-Disposition"] == ('attachment; filename="Networking.txt"')
    assert exported == DOCUMENT
    assert parse_document(exported) == parse_document(DOCUMENT)
    assert (again.created, again.updated) == ([], [])
    assert format_document(document_from_guide(guide)) == DOCUMENT


def test_a_guide_the_document_format_cannot_hold_says_why_in_the_editor(client, owner):
    guide = QuestionFactory(
        section__guide__owner=owner, number=1, answer="Yes.\nQ2. Or no.", pro_tip=""
    ).section.guide
    client.force_login(owner)

    response = client.get(reverse("guide:my_guide_export", args=[guide.pk]), follow=True)

    assert response.redirect_chain == [(guide.get_edit_url(), 302)]
    assert "cannot be written as a guide document: the answer to Q1 has a line" in html.unescape(
        response.content.decode()
    )


def test_a_guide_with_a_level_and_a_role_but_no_subject_exports_and_reads_back(client, owner):
    question = QuestionFactory(
        section__guide__owner=owner,
        section__guide__level="Senior",
        section__guide__subject="",
        section__guide__role="Data scientist",
        section__number=1,
        number=1,
    )
    guide = question.section.guide
    client.force_login(owner)

    response = client.get(reverse("guide:my_guide_export", args=[guide.pk]))
    document = parse_document(response.content.decode())

    assert response.status_code == 200
    assert (document.level, document.subject, document.role) == ("Senior", "", "Data scientist")
    report = import_private_guide(document, owner=owner, into=guide)
    assert (report.created, report.updated) == ([], [])


def test_the_anki_download_carries_the_persons_own_answers_and_no_one_elses(
    client, guide, owner, other_user, tmp_path
):
    from practice.services import save_answer_note

    first = Question.objects.get(number=1)
    save_answer_note(user=owner, question=first, text="I would say **cache**.")
    save_answer_note(user=other_user, question=first, text="Someone else's words.")
    client.force_login(owner)

    package = open_package(
        client.get(reverse("practice:export_anki", args=["systems"])).content, tmp_path
    )

    my_answers = [fields[3] for _guid, fields in package["notes"]]
    assert my_answers == ["<p>I would say <strong>cache</strong>.</p>\n", "", ""]
