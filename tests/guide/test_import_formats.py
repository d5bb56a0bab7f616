"""Reading the files people bring (CSV/TSV notes, Anki packages) into a guide document, and
importing them into a guide of one's own: what each format gives, every way a file is refused,
and that importing the same file again updates instead of adding copies."""

import pytest

from guide.document import DocumentError
from guide.formats import apkg
from guide.formats.html_text import html_to_markdown
from guide.formats.uploads import detect_format, read_upload
from guide.importer import import_private_guide
from guide.models import Guide, Question
from guide.rendering import render_markdown
from practice.models import QuestionProgress
from practice.rating import rate_question
from tests.guide.anki_files import anki21b_package, basic_package, zip_of

ANKI_EXPORT = (
    "#separator:tab\n"
    "#html:true\n"
    "#deck column:3\n"
    "#tags column:4\n"
    "What is <b>bias</b>?\tError from <i>wrong</i> assumptions.<br>Underfitting.\tML::Basics\tml\n"
    "What is variance?\tSensitivity to the <code>training set</code>.\tML::Basics\t\n"
    "What is dropout?\tRandomly zeroing units.\tML::Deep learning\tnn\n"
)


def read_csv(text: str, filename="notes.csv", **options):
    return read_upload(text.encode(), filename=filename, format="csv", **options)


def questions(upload) -> list[tuple[str, int, str, str]]:
    return [
        (section.title, question.number, question.prompt, question.answer)
        for section in upload.document.sections
        for question in section.questions
    ]


def error_of(call) -> DocumentError:
    with pytest.raises(DocumentError) as caught:
        call()
    return caught.value


# CSV and tab-separated notes


def test_an_anki_plain_text_export_gives_a_section_per_deck_and_markdown_answers():
    upload = read_csv(ANKI_EXPORT, filename="ml.txt")

    assert upload.document.title == "ML"
    assert questions(upload) == [
        ("Basics", 1, "What is bias?", "Error from *wrong* assumptions.\n\nUnderfitting."),
        ("Basics", 2, "What is variance?", "Sensitivity to the `training set`."),
        ("Deep learning", 3, "What is dropout?", "Randomly zeroing units."),
    ]
    assert upload.notes == ["Tags are not imported."]
    assert upload.columns.guessed is False


def test_a_first_row_that_names_the_columns_says_which_is_which():
    upload = read_csv("Section;Answer;Question\nCaching;A **fast** store;What is a cache?\n")

    assert questions(upload) == [("Caching", 1, "What is a cache?", "A **fast** store")]
    assert upload.columns.header_row is True


def test_a_file_that_says_nothing_of_its_columns_is_guessed_and_flagged():
    upload = read_csv("hola,hello\nadios,goodbye\n", filename="spanish_words.csv")

    assert upload.document.title == "Spanish words"
    assert questions(upload) == [
        ("Questions", 1, "hola", "hello"),
        ("Questions", 2, "adios", "goodbye"),
    ]
    assert upload.columns.guessed is True


def test_columns_a_person_chose_win_over_the_guess():
    chosen = {"front": 1, "back": 0, "section": None, "header_row": True}

    upload = read_csv("Word,Meaning\nhola,hello\n", columns=chosen)

    assert questions(upload) == [("Questions", 1, "hello", "hola")]


def test_quoted_fields_may_hold_the_separator_and_line_breaks():
    upload = read_csv('"What, exactly, is a cache?","A store.\n\nA fast one."\n')

    assert questions(upload) == [
        ("Questions", 1, "What, exactly, is a cache?", "A store.\n\nA fast one.")
    ]


def test_a_row_with_one_field_is_an_error_naming_its_line():
    error = error_of(lambda: read_csv("#separator:tab\nfront\tback\njust a front\n"))

    assert str(error) == (
        "notes.csv, line 3: this row has 1 field; each row needs a front and a back separated "
        "by a tab"
    )


def test_a_file_that_is_not_utf8_is_refused_naming_the_line_of_the_first_bad_byte():
    data = "front,back\nété,summer\n".encode("latin-1")

    error = error_of(lambda: read_upload(data, filename="words.csv", format="csv"))

    assert str(error) == "words.csv, line 2: not UTF-8 text (byte 0xe9); save the file as UTF-8"


def test_a_byte_order_mark_is_allowed():
    upload = read_upload("\ufeffété,summer\n".encode(), filename="words.csv", format="csv")

    assert questions(upload) == [("Questions", 1, "été", "summer")]


def test_a_separator_header_that_names_no_separator_is_refused():
    error = error_of(lambda: read_csv("#separator:double-dash\na--b\n"))

    assert "is not a separator" in str(error)


def test_rows_with_an_empty_back_or_a_repeated_front_are_skipped_with_their_line():
    upload = read_csv("What is a cache?,A store\nWhat is TTL?,\nWhat is a cache?,Again\n")

    assert questions(upload) == [("Questions", 1, "What is a cache?", "A store")]
    assert upload.skipped == [
        "Line 2: the back is empty.",
        "Line 3: the same question as line 1.",
    ]


def test_a_file_of_nothing_but_unusable_rows_is_refused_with_the_first_reason():
    error = error_of(lambda: read_csv("What is TTL?,\n"))

    assert str(error) == (
        "notes.csv: the file holds no row with a front and a back (Line 1: the back is empty.)"
    )


def test_script_and_onerror_in_html_fields_never_reach_the_page():
    upload = read_csv(
        "#html:true\n"
        "<script>alert(1)</script>What is XSS?,"
        '<img src=x onerror="alert(2)">Injected <b onclick="alert(3)">script</b>.'
        "<script>alert(4)</script>\n"
    )

    ((_, _, prompt, answer),) = questions(upload)
    html = render_markdown(answer)
    assert prompt == "What is XSS?"
    assert html == "<p>Injected <strong>script</strong>.</p>\n"
    assert upload.media == 1


def test_a_line_that_would_read_as_a_heading_is_kept_as_text_that_exports():
    markdown, _media = html_to_markdown("Q2. is not a question<br>Section 3 — nor a section")

    assert render_markdown(markdown) == (
        "<p>Q2. is not a question</p>\n<p>Section 3 — nor a section</p>\n"
    )
    assert not markdown.startswith("Q2.")


def test_anki_math_becomes_dollar_math():
    markdown, _media = html_to_markdown(r"Energy \(E = mc^2\) costs $5")

    assert markdown == r"Energy $E = mc^2$ costs \$5"
    assert render_markdown(markdown).count("<math") == 1


@pytest.mark.parametrize(
    ("filename", "start", "expected"),
    [
        ("notes.tsv", b"a\tb", "csv"),
        ("anki export.txt", b"#separator:tab\n", "csv"),
        ("anything.bin", b"PK\x03\x04", "apkg"),
        ("deck.apkg", b"not a zip", "apkg"),
        ("my guide.txt", b"My guide\n\nQuestion & Answer Guide", "document"),
    ],
)
def test_the_format_is_told_from_the_name_then_the_content(filename, start, expected):
    assert detect_format(filename, start) == expected


# Anki packages


def read_apkg(data: bytes, filename="deck.apkg"):
    return read_upload(data, filename=filename, format="apkg")


def test_basic_notes_become_questions_and_decks_sections():
    data = basic_package(
        {
            "Spanish::Verbs": [("ser", "to be"), ("tener", "to <b>have</b>")],
            "Spanish::Nouns": [("casa", "house")],
        }
    )

    upload = read_apkg(data)

    assert upload.document.title == "Spanish"
    assert questions(upload) == [
        ("Verbs", 1, "ser", "to be"),
        ("Verbs", 2, "tener", "to **have**"),
        ("Nouns", 3, "casa", "house"),
    ]
    assert upload.notes == ["Tags are not imported."]


def test_script_and_img_onerror_in_note_fields_are_sanitized():
    data = basic_package(
        {"Web": [("<script>alert(1)</script>What is <i>CSP</i>?", '<img src=x onerror="a()">No')]}
    )

    upload = read_apkg(data)

    ((_, _, prompt, answer),) = questions(upload)
    assert prompt == "What is CSP?"
    assert render_markdown(answer) == "<p>No</p>\n"


def test_each_cloze_deletion_becomes_a_question_with_the_deletion_shown_then_filled():
    text = "{{c1::Madrid}} is the capital of {{c2::Spain::a country}}."
    upload = read_apkg(basic_package({"Capitals": [("ser", "to be")]}, cloze=[text]))

    assert [(prompt, answer) for _, _, prompt, answer in questions(upload)] == [
        ("ser", "to be"),
        ("[…] is the capital of Spain.", "**Madrid** is the capital of Spain."),
        ("Madrid is the capital of [a country].", "Madrid is the capital of **Spain**."),
    ]
    assert upload.skipped == []


def test_a_cloze_note_of_a_newer_package_is_read_too_and_reimports_onto_the_same_questions(
    owner,
):
    notes = [(1, "g1", 1, "The {{c1::mitochondria}} make {{c2::ATP}}.", "Biology 101", True)]
    data = anki21b_package(notes, decks={1: "Cells"})

    first = import_file(read_apkg(data), owner)
    again = import_file(read_apkg(data), owner, into=Guide.objects.get(owner=owner))

    assert [(prompt, answer) for _, _, prompt, answer in questions(read_apkg(data))] == [
        ("The […] make ATP.", "The **mitochondria** make ATP.\n\nBiology 101"),
        ("The mitochondria make […].", "The mitochondria make **ATP**.\n\nBiology 101"),
    ]
    assert (first.count("question", "created"), again.count("question", "unchanged")) == (2, 2)


def test_a_skipped_note_is_named_by_the_text_of_its_first_field():
    upload = read_apkg(
        basic_package({"Mixed": [("ser", "to be"), ("<b>estar</b>", "")]}, cloze=["No cloze"])
    )

    assert sorted(upload.skipped) == [
        "“No cloze”: a cloze note without a {{c1::…}}.",
        "“estar”: the back is empty.",
    ]


def test_media_files_in_the_package_are_counted_and_left_out():
    data = basic_package(
        {"Birds": [("Which bird?", "A robin [sound:robin.mp3]")]},
        media=[("robin.mp3", b"ID3"), ("robin.jpg", b"\xff\xd8")],
    )

    upload = read_apkg(data)

    assert upload.media == 2
    assert questions(upload) == [("Birds", 1, "Which bird?", "A robin")]


def test_a_file_that_is_not_a_zip_is_refused():
    error = error_of(lambda: read_apkg(b"SQLite format 3\x00"))

    assert str(error) == (
        "deck.apkg: this is not an Anki package (it is not a zip file); in Anki, use File → "
        "Export with “Anki Deck Package (*.apkg)”"
    )


def test_a_zip_without_a_collection_is_refused():
    error = error_of(lambda: read_apkg(zip_of({"notes.txt": b"hello"})))

    assert "holds no Anki collection" in str(error)


def test_a_package_without_notes_is_refused():
    error = error_of(lambda: read_apkg(basic_package({"Empty": []})))

    assert str(error) == "deck.apkg: the package holds no notes"


def test_a_collection_that_is_not_a_database_is_refused():
    error = error_of(lambda: read_apkg(zip_of({"collection.anki2": b"not sqlite" * 100})))

    assert "is not a readable Anki collection" in str(error)


def test_a_package_whose_compressed_collection_is_damaged_is_refused():
    data = bytearray(basic_package({"Birds": [("Which bird?", "A robin")]}))
    start = data.index(b"collection.anki2") + len("collection.anki2")
    data[start : start + 16] = b"\xff" * 16

    error = error_of(lambda: read_apkg(bytes(data)))

    assert "the package cannot be unpacked" in str(error)


def test_a_zip_bomb_is_refused_before_anything_is_unpacked(monkeypatch):
    def unpack(*args, **kwargs):
        raise AssertionError("unpacked")

    monkeypatch.setattr(apkg, "_unpack", unpack)
    bomb = zip_of({"collection.anki2": b"\0" * (5 * 1024 * 1024)})

    error = error_of(lambda: read_apkg(bomb))

    assert "which only a zip bomb is; the package is refused" in str(error)


def test_a_package_that_unpacks_past_the_cap_is_refused(monkeypatch):
    monkeypatch.setattr(apkg, "MAX_UNPACKED_BYTES", 1000)
    data = zip_of({"collection.anki2": bytes(range(256)) * 8})

    error = error_of(lambda: read_apkg(data))

    assert "more than the 0 MB an import may hold" in str(error)


def test_a_newer_anki21b_package_is_read_instead_of_its_legacy_collection():
    data = anki21b_package(
        [
            (1, "guid-ser", 10, "ser", "to be"),
            (2, "guid-casa", 11, "casa", "house"),
            (3, "guid-cloze", 10, "Not a deletion", "", True),
        ],
        decks={10: "Spanish\x1fVerbs", 11: "Spanish\x1fNouns"},
    )

    upload = read_apkg(data)

    assert upload.document.title == "Spanish"
    assert questions(upload) == [("Verbs", 1, "ser", "to be"), ("Nouns", 2, "casa", "house")]
    assert [q.source_key for s in upload.document.sections for q in s.questions] == [
        "anki:guid-ser",
        "anki:guid-casa",
    ]
    assert upload.skipped == ["“Not a deletion”: a cloze note without a {{c1::…}}."]


def test_note_fields_that_are_not_utf8_are_read_with_replacement_characters():
    data = anki21b_package([(1, "g", 10, b"caf\xe9?", b"coffee")], decks={10: "Words"})

    upload = read_apkg(data)

    assert questions(upload) == [("Words", 1, "caf\ufffd?", "coffee")]


# Importing into a guide of one's own


def import_file(upload, owner, **options):
    return import_private_guide(
        upload.document, owner=owner, keyed=upload.keyed, pro_tips=upload.pro_tips, **options
    )


def test_importing_the_same_package_twice_updates_instead_of_adding_copies(owner):
    first = basic_package({"Spanish": [("ser", "to be", "g1"), ("casa", "house", "g2")]})
    second = basic_package(
        {"Spanish": [("ser", "to be (lasting)", "g1"), ("casa", "house", "g2"), ("y", "and")]}
    )
    import_file(read_apkg(first), owner)
    guide = Guide.objects.get(owner=owner)

    report = import_file(read_apkg(second), owner, into=guide)

    assert list(Question.objects.in_guide(guide).values_list("number", "prompt", "answer")) == [
        (1, "ser", "to be (lasting)"),
        (2, "casa", "house"),
        (3, "y", "and"),
    ]
    assert (report.count("question", "updated"), report.count("question", "created")) == (1, 1)
    assert report.count("question", "unchanged") == 1


def test_a_rating_survives_importing_the_file_again(owner):
    data = read_csv("What is a cache?,A store\n")
    import_file(data, owner)
    guide = Guide.objects.get(owner=owner)
    question = Question.objects.in_guide(guide).get()
    rate_question(user=owner, question=question, confidence=4)

    import_file(read_csv("What is a cache?,A fast store\n"), owner, into=guide)

    assert Question.objects.in_guide(guide).get().answer == "A fast store"
    assert QuestionProgress.objects.get(user=owner, question=question).confidence == 4


def test_an_import_leaves_questions_written_in_the_editor_and_their_pro_tips_alone(owner):
    import_file(read_csv("What is a cache?,A store\n"), owner)
    guide = Guide.objects.get(owner=owner)
    Question.objects.in_guide(guide).update(pro_tip="Say where it lives.")
    section = guide.sections.get()
    written = Question.objects.create(section=section, number=2, prompt="Mine?", answer="Yes")

    report = import_file(read_csv("What is a cache?,A fast store\n"), owner, into=guide)

    assert list(Question.objects.in_guide(guide).values_list("prompt", "pro_tip")) == [
        ("What is a cache?", "Say where it lives."),
        ("Mine?", ""),
    ]
    assert report.kept == ["Mine?"]
    written.refresh_from_db()
    assert written.answer == "Yes"


def test_a_dry_run_reports_and_saves_nothing(owner):
    report = import_file(read_csv("What is a cache?,A store\n"), owner, dry_run=True)

    assert report.count("question", "created") == 1
    assert not Guide.objects.exists()


def test_a_file_over_the_question_cap_is_refused_and_changes_nothing(owner, monkeypatch):
    monkeypatch.setattr("guide.importer.MAX_QUESTIONS_PER_GUIDE", 2)
    rows = "".join(f"Question {n}?,Answer {n}\n" for n in range(3))

    error = error_of(lambda: import_file(read_csv(rows), owner))

    assert "the guide would have 3 questions; a guide holds at most 2" in str(error)
    assert not Guide.objects.exists()
