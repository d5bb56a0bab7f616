"""Import a file, as a person does it: upload, preview (nothing changes), choose CSV columns,
confirm; and every way it is refused."""

import html
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from guide import import_views
from guide.import_samples import SAMPLES
from guide.models import Guide, PendingImport, Question
from practice.models import QuestionProgress
from practice.rating import rate_question
from tests.factories import QuestionFactory
from tests.guide.anki_files import basic_package

UPLOAD = reverse("guide:my_import")
CSV = b"What is a cache?,A **fast** store,Caching\nWhat is TTL?,Time to live,Caching\n"


def upload(client, content=CSV, name="systems.csv", **fields):
    data = {"format": "auto", "into": "new", "file": SimpleUploadedFile(name, content)} | fields
    return client.post(UPLOAD, data)


def preview_url(pending):
    return reverse("guide:my_import_preview", args=[pending.pk])


def confirm_url(pending):
    return reverse("guide:my_import_confirm", args=[pending.pk])


@pytest.fixture
def signed_in(client, owner):
    client.force_login(owner)
    return client


def test_an_upload_shows_what_will_happen_and_changes_nothing(signed_in, owner):
    response = upload(signed_in)
    pending = PendingImport.objects.get(owner=owner)
    page = signed_in.get(response.url).content.decode()

    assert response.url == preview_url(pending)
    assert "A new guide, “Systems”, is created." in page
    assert "Questions: <strong>2 new</strong>, 0 updated, 0 unchanged." in page
    assert "The file does not say which column is which" in page
    assert not Guide.objects.exists()


def test_confirming_creates_the_guide_and_opens_its_editor(signed_in, owner):
    pending = PendingImport.objects.get(pk=_pending_id(upload(signed_in)))

    response = signed_in.post(confirm_url(pending), follow=True)

    guide = Guide.objects.get(owner=owner)
    assert response.redirect_chain == [(guide.get_edit_url(), 302)]
    assert "Imported systems.csv: 2 questions added, 0 updated, 0 unchanged." in (
        response.content.decode()
    )
    assert list(Question.objects.in_guide(guide).values_list("number", "prompt")) == [
        (1, "What is a cache?"),
        (2, "What is TTL?"),
    ]
    assert not PendingImport.objects.exists()


def _pending_id(response) -> int:
    return int(response.url.rstrip("/").rsplit("/", 1)[1])


def test_uploading_the_same_file_into_the_guide_again_changes_nothing(signed_in, owner):
    signed_in.post(confirm_url(PendingImport.objects.get(pk=_pending_id(upload(signed_in)))))
    guide = Guide.objects.get(owner=owner)

    response = upload(signed_in, into=str(guide.pk))
    page = signed_in.get(response.url).content.decode()
    signed_in.post(response.url + "confirm/")

    assert "Your guide “Systems” is updated." in page
    assert "Questions: <strong>0 new</strong>, 0 updated, 2 unchanged." in page
    assert Question.objects.in_guide(guide).count() == 2


def test_someone_else_cannot_confirm_or_see_the_upload(signed_in, owner, other_user, client):
    pending = PendingImport.objects.get(pk=_pending_id(upload(signed_in)))
    client.force_login(other_user)

    responses = [client.get(preview_url(pending)), client.post(confirm_url(pending))]

    assert [response.status_code for response in responses] == [404, 404]
    assert not Guide.objects.exists()
    assert PendingImport.objects.filter(pk=pending.pk).exists()


def test_a_file_that_cannot_be_read_is_refused_on_the_form_naming_its_line(signed_in):
    response = upload(signed_in, b"front,back\nonly a front\n")

    assert response.status_code == 400
    assert (
        "systems.csv, line 2: this row has 1 field; each row needs a front and a back separated "
        "by a comma" in response.content.decode()
    )
    assert not PendingImport.objects.exists()


def test_a_guide_document_with_an_error_is_refused_naming_its_line(signed_in):
    response = upload(signed_in, b"Title\n\nSection 1 \xe2\x80\x94 A\n\nQ1. Why?\n", "g.txt")

    assert response.status_code == 400
    assert "g.txt, line 5: Q1 has no answer" in response.content.decode()


def test_a_package_that_is_not_a_zip_is_refused(signed_in):
    response = upload(signed_in, b"hello", "deck.apkg")

    assert response.status_code == 400
    assert "this is not an Anki package (it is not a zip file)" in response.content.decode()


def test_an_upload_over_the_cap_is_refused_before_it_is_read(signed_in, monkeypatch):
    monkeypatch.setattr(import_views, "MAX_UPLOAD_BYTES", 1000)
    monkeypatch.setattr(import_views, "_FORM_OVERHEAD", 0)

    def read(*args, **kwargs):
        raise AssertionError("the file was read")

    monkeypatch.setattr(import_views, "read_upload", read)

    response = upload(signed_in, b"x" * 2000)

    assert response.status_code == 413
    assert "The file is larger than 10 MB, the most an import may be." in (
        response.content.decode()
    )
    assert not PendingImport.objects.exists()


def test_a_file_over_the_cap_that_slips_past_the_length_check_is_refused(signed_in, monkeypatch):
    monkeypatch.setattr("guide.import_forms.MAX_UPLOAD_BYTES", 1000)

    response = upload(signed_in, b"x" * 2000)

    assert response.status_code == 400
    assert "The file is larger than 10 MB" in response.content.decode()


def test_the_columns_of_a_csv_can_be_chosen_before_confirming(signed_in, owner):
    pending = PendingImport.objects.get(pk=_pending_id(upload(signed_in)))
    columns = reverse("guide:my_import_columns", args=[pending.pk])

    chosen = signed_in.post(columns, {"front": "1", "back": "0", "section": "2"})
    page = signed_in.get(preview_url(pending)).content.decode()
    signed_in.post(confirm_url(pending))

    assert chosen.url == preview_url(pending)
    assert "The file does not say which column is which" not in page
    assert list(Question.objects.filter(section__guide__owner=owner).values_list("prompt")) == [
        ("A **fast** store",),
        ("Time to live",),
    ]


def test_the_same_column_for_front_and_back_is_refused(signed_in):
    pending = PendingImport.objects.get(pk=_pending_id(upload(signed_in)))
    columns = reverse("guide:my_import_columns", args=[pending.pk])

    response = signed_in.post(columns, {"front": "0", "back": "0", "section": "-1"})

    assert response.status_code == 400
    assert "The front and the back must be different columns." in response.content.decode()
    pending.refresh_from_db()
    assert pending.columns == {}


def test_an_upload_older_than_an_hour_is_gone(signed_in):
    pending = PendingImport.objects.get(pk=_pending_id(upload(signed_in)))
    PendingImport.objects.update(created_at=timezone.now() - timedelta(hours=1, minutes=1))

    response = signed_in.post(confirm_url(pending))

    assert response.status_code == 404
    assert not Guide.objects.exists()


def test_an_anki_package_preview_counts_media_and_skipped_notes(signed_in):
    data = basic_package(
        {"Birds": [("Which bird?", "A robin")]},
        cloze=["No deletion here"],
        media=[("robin.jpg", b"\xff\xd8")],
    )

    page = signed_in.get(upload(signed_in, data, "birds.apkg").url).content.decode()

    assert "A new guide, “Birds”, is created." in page
    assert "1 image or sound left out: media are not imported." in page
    assert "“No deletion here”: a cloze note without a {{c1::…}}." in page


def test_only_ones_own_guides_can_be_imported_into(signed_in, other_user):
    theirs = QuestionFactory(section__guide__owner=other_user).section.guide

    response = upload(signed_in, into=str(theirs.pk))

    assert response.status_code == 400
    assert "Choose a new guide or one of yours." in response.content.decode()
    assert not PendingImport.objects.exists()


def test_an_upload_without_the_csrf_token_is_refused(owner):
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)

    response = upload(client)

    assert response.status_code == 403
    assert not PendingImport.objects.exists()


def test_only_the_latest_uploads_of_a_person_wait_for_confirmation(signed_in, monkeypatch):
    monkeypatch.setattr(import_views, "MAX_PENDING_PER_PERSON", 2)
    ids = [_pending_id(upload(signed_in, name=f"file{n}.csv")) for n in range(3)]

    assert sorted(PendingImport.objects.values_list("pk", flat=True)) == ids[1:]


# Plain notes and the samples of each format


def test_plain_q_and_a_notes_import_with_the_title_on_their_first_line(signed_in, owner):
    notes = b"Statistics\n\nQ: What is a p-value?\nA: The chance of data this extreme.\n"

    response = upload(signed_in, notes, "stats.txt")
    page = signed_in.get(response.url).content.decode()

    assert "A new guide, “Statistics”, is created." in page
    assert "Plain notes (questions and answers)" in page
    assert "Questions: <strong>1 new</strong>" in page


def test_question_and_answer_headings_import_with_the_title_from_the_file_name(signed_in):
    notes = b"## Question\nWhat is a cache?\n\n## Answer\nA **fast** store.\n"

    page = signed_in.get(upload(signed_in, notes, "systems_notes.md").url).content.decode()

    assert "A new guide, “Systems notes”, is created." in page
    assert "Questions: <strong>1 new</strong>" in page


def test_the_import_page_shows_an_example_of_each_format_with_its_sample(signed_in):
    page = signed_in.get(UPLOAD).content.decode()

    for sample in SAMPLES.values():
        assert html.escape(sample.example).splitlines()[0] in page
        assert reverse("guide:my_import_sample", args=[sample.name]) in page


@pytest.mark.parametrize("name", list(SAMPLES))
def test_each_sample_downloads_and_imports(signed_in, owner, name):
    sample = SAMPLES[name]

    download = signed_in.get(reverse("guide:my_import_sample", args=[name]))
    response = upload(signed_in, download.content, sample.filename)
    signed_in.post(response.url + "confirm/")

    assert sample.filename in download["Content-Disposition"]
    assert response.status_code == 302
    assert Question.objects.in_guide(Guide.objects.get(owner=owner)).count() >= 2


# Importing the same file again


def _import_spanish(signed_in, name="spanish.apkg"):
    data = basic_package({"Spanish": [("ser", "to be", "guid-ser"), ("casa", "house", "g-c")]})
    response = upload(signed_in, data, name)
    return response, PendingImport.objects.get(pk=_pending_id(response))


def test_an_anki_package_imported_before_proposes_updating_its_guide(signed_in, owner):
    first = _import_spanish(signed_in)[1]
    signed_in.post(confirm_url(first))
    guide = Guide.objects.get(owner=owner)
    rate_question(user=owner, question=Question.objects.in_guide(guide).first(), confidence=4)

    response, pending = _import_spanish(signed_in, "spanish (1).apkg")
    page = signed_in.get(response.url).content.decode()
    signed_in.post(confirm_url(pending))

    assert pending.into == guide
    assert "This looks like your guide <strong>“Spanish”</strong>" in page
    assert "Your guide “Spanish” is updated." in page
    assert Guide.objects.filter(owner=owner).count() == 1
    assert QuestionProgress.objects.get(user=owner).confidence == 4


def test_the_person_may_make_a_new_guide_instead_and_take_the_proposal_back(signed_in, owner):
    signed_in.post(confirm_url(_import_spanish(signed_in)[1]))
    guide = Guide.objects.get(owner=owner)
    response, pending = _import_spanish(signed_in)
    into = reverse("guide:my_import_into", args=[pending.pk])

    signed_in.post(into, {"into": "new"})
    page = signed_in.get(response.url).content.decode()
    pending.refresh_from_db()

    assert pending.into is None
    assert "A new guide, “Spanish”, is created." in page
    assert f'<input type="hidden" name="into" value="{guide.pk}">' in page

    signed_in.post(into, {"into": str(guide.pk)})
    pending.refresh_from_db()
    assert pending.into == guide


def test_no_guide_is_proposed_for_a_file_never_imported(signed_in, owner):
    QuestionFactory(section__guide__owner=owner, source_key="anki:other")

    response, pending = _import_spanish(signed_in)

    assert pending.into is None
    assert "This looks like your guide" not in signed_in.get(response.url).content.decode()


def test_a_pending_import_cannot_be_sent_into_someone_elses_guide(signed_in, owner, other_user):
    theirs = QuestionFactory(section__guide__owner=other_user).section.guide
    pending = _import_spanish(signed_in)[1]
    into = reverse("guide:my_import_into", args=[pending.pk])

    responses = [
        signed_in.post(into, {"into": str(theirs.pk)}),
        signed_in.post(into, {"into": "9" * 30}),
    ]

    assert [r.status_code for r in responses] == [404, 400]
    pending.refresh_from_db()
    assert pending.into is None
