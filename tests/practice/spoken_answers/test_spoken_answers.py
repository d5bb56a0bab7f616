"""Answering aloud: upload, the job queue, the feedback page, privacy, limits and faults."""

import io
import json
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from practice.models import SpokenAnswer
from practice.partner.services import invite
from practice.spoken_answers import services
from practice.spoken_answers.model_files import ModelMissing, model_dir
from tests.factories import QuestionFactory, start_mock

from .conftest import run_jobs, silence_wav

Status = SpokenAnswer.Status


@pytest.fixture
def question(db):
    return QuestionFactory(
        prompt="What is gradient descent?",
        answer="- It follows the **negative gradient** downhill.\n"
        "- Each step lowers the **loss function**.\n"
        "- The **learning rate** sets the size of a step.",
    )


def upload(client, question, data: bytes, *, name="answer.wav", content_type="audio/wav", **extra):
    audio = SimpleUploadedFile(name, data, content_type=content_type)
    return client.post(
        reverse("practice:spoken_upload", args=[question.pk]), {"audio": audio, **extra}
    )


def answer_of(client, question, data=None) -> SpokenAnswer:
    response = upload(client, question, data or silence_wav(2))
    assert response.status_code == 302, response.content
    return SpokenAnswer.objects.latest("id")


def test_an_upload_is_stored_and_queued_before_the_answer_page(client, owner, question):
    client.force_login(owner)
    response = upload(client, question, silence_wav(2))
    answer = SpokenAnswer.objects.get()
    assert response["Location"] == answer.get_absolute_url()
    assert answer.status == Status.QUEUED
    assert answer.user == owner
    assert Path(answer.audio.path).read_bytes()[:4] == b"RIFF"
    assert DBTaskResult.objects.ready().count() == 1


def test_the_page_says_transcribing_and_polls_until_done(
    client, owner, question, fake_transcription
):
    client.force_login(owner)
    answer = answer_of(client, question)
    pending = client.get(answer.get_absolute_url(), headers={"HX-Request": "true"})
    assert "Transcribing…" in pending.text
    assert 'hx-trigger="every 2s"' in pending.text
    assert "Refresh" in pending.text
    run_jobs()
    done = client.get(answer.get_absolute_url(), headers={"HX-Request": "true"})
    assert "hx-trigger" not in done.text
    assert '<mark class="filler" title="filler word"> Um,</mark>' in done.text
    assert "120 wpm" in done.text  # 8 words in 4 s of talk
    assert "um ×1 (at least)" in done.text
    assert "you know ×1" in done.text
    assert "2.5 s" in done.text  # the longest pause
    assert reverse("practice:spoken_audio", args=[answer.pk]) in done.text


def test_the_prompt_holds_the_question_and_its_key_terms(
    client, owner, question, fake_transcription
):
    client.force_login(owner)
    answer_of(client, question)
    run_jobs()
    (prompt,) = fake_transcription["prompts"]
    assert "What is gradient descent?" in prompt
    assert "negative gradient, loss function, learning rate" in prompt


def test_key_points_heard_show_the_matching_sentence(client, owner, question, fake_transcription):
    fake_transcription["value"] = fake_transcription["value"].__class__(
        text="We follow the negative gradient downhill. Then we stop.",
        words=[{"word": " We", "start": 0, "end": 0.2}],
        duration_seconds=3,
        talk_seconds=3,
    )
    client.force_login(owner)
    answer = answer_of(client, question)
    run_jobs()
    answer.refresh_from_db()
    assert answer.key_points[0] == {
        "text": "It follows the negative gradient downhill.",
        "status": "covered",
        "sentence": "We follow the negative gradient downhill.",
    }
    assert answer.key_points[2]["status"] == "not found"
    page = client.get(answer.get_absolute_url())
    assert "Key points heard: 1 of 3" in page.text
    assert "“We follow the negative gradient downhill.”" in page.text


def test_earlier_attempts_figures_are_shown(client, owner, question, fake_transcription):
    client.force_login(owner)
    first = answer_of(client, question)
    run_jobs()
    second = answer_of(client, question)
    run_jobs()
    page = client.get(second.get_absolute_url())
    assert "Your earlier answers to this question" in page.text
    assert first.get_absolute_url() in page.text


def test_the_question_page_offers_answer_aloud_with_a_file_form(client, owner, question):
    client.force_login(owner)
    page = client.get(question.get_absolute_url())
    assert "Answer aloud" in page.text
    assert 'accept="audio/*" capture' in page.text
    assert 'enctype="multipart/form-data"' in page.text


def test_review_offers_answer_aloud_for_the_current_question(client, owner, question):
    client.force_login(owner)
    page = client.get(reverse("practice:review"))
    assert "Answer aloud" in page.text
    assert reverse("practice:spoken_upload", args=[question.pk]) in page.text


def test_other_people_get_404_for_a_recording(client, owner, other_user, question):
    client.force_login(owner)
    answer = answer_of(client, question)
    client.force_login(other_user)
    for name in ("practice:spoken_answer", "practice:spoken_audio"):
        assert client.get(reverse(name, args=[answer.pk])).status_code == 404
    assert client.post(reverse("practice:spoken_delete", args=[answer.pk])).status_code == 404
    assert SpokenAnswer.objects.filter(pk=answer.pk).exists()


def test_visitors_are_sent_to_sign_in(client, question):
    response = upload(client, question, silence_wav(1))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert not SpokenAnswer.objects.exists()


def test_the_owner_can_play_the_recording(client, owner, question):
    client.force_login(owner)
    answer = answer_of(client, question)
    response = client.get(reverse("practice:spoken_audio", args=[answer.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "audio/wav"
    assert b"".join(response.streaming_content)[:4] == b"RIFF"


def test_deleting_removes_the_row_and_the_file(
    client, owner, question, django_capture_on_commit_callbacks
):
    client.force_login(owner)
    answer = answer_of(client, question)
    path = Path(answer.audio.path)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("practice:spoken_delete", args=[answer.pk]))
    assert response.status_code == 302
    assert not SpokenAnswer.objects.exists()
    assert not path.exists()


def test_download_my_data_has_transcripts_and_a_zip_of_recordings(
    client, owner, question, fake_transcription
):
    client.force_login(owner)
    answer = answer_of(client, question)
    run_jobs()
    answer.refresh_from_db()
    data = json.loads(b"".join(client.get(reverse("accounts:export_json")).streaming_content))
    (row,) = data["spoken_answers"]
    assert row["transcript"] == "Um, it is important, you know, like really."
    assert row["words_per_minute"] == 120
    assert row["filler_count"] == 3
    zipped = client.get(reverse("practice:spoken_download"))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(zipped.streaming_content)))
    assert archive.namelist() == [row["audio_file"]]
    assert archive.read(row["audio_file"])[:4] == b"RIFF"


def test_deleting_the_account_deletes_the_recordings(
    client, owner, question, django_capture_on_commit_callbacks
):
    client.force_login(owner)
    path = Path(answer_of(client, question).audio.path)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:delete"),
            {"password": "correct horse battery staple", "confirm": "on"},
        )
    assert response.status_code == 302, response.content
    assert not SpokenAnswer.objects.exists()
    assert not path.exists()


def test_only_the_last_five_recordings_of_a_question_are_kept(
    client, owner, question, django_capture_on_commit_callbacks
):
    client.force_login(owner)
    with django_capture_on_commit_callbacks(execute=True):
        answers = [answer_of(client, question) for _ in range(6)]
    kept = set(SpokenAnswer.objects.values_list("pk", flat=True))
    assert kept == {answer.pk for answer in answers[1:]}
    assert not Path(answers[0].audio.path).exists()


def test_a_lower_number_kept_on_the_profile_applies_at_once(client, owner, question):
    client.force_login(owner)
    answers = [answer_of(client, question) for _ in range(3)]
    response = client.post(reverse("accounts:spoken_answers"), {"spoken_answers_kept": "1"})
    assert response.status_code == 302
    assert list(SpokenAnswer.objects.values_list("pk", flat=True)) == [answers[-1].pk]
    assert "Recordings to keep of each question" in client.get(reverse("accounts:profile")).text


def test_a_body_larger_than_the_limit_is_refused_before_it_is_read(
    client, owner, question, settings
):
    settings.SPOKEN_ANSWER_MAX_BYTES = 1000
    client.force_login(owner)
    response = upload(client, question, silence_wav(2))
    assert response.status_code == 400
    assert "too large: the limit is" in response.text
    assert not SpokenAnswer.objects.exists()


def test_a_file_that_is_not_audio_is_refused(client, owner, question):
    client.force_login(owner)
    response = upload(client, question, b"%PDF-1.7 not audio", name="cv.pdf", content_type="")
    assert response.status_code == 400
    assert "not an audio recording" in response.text
    assert not SpokenAnswer.objects.exists()


def test_a_recording_longer_than_the_limit_fails_readably(
    client, owner, question, settings, fake_transcription
):
    settings.SPOKEN_ANSWER_MAX_SECONDS = 1
    client.force_login(owner)
    answer = answer_of(client, question, silence_wav(4))
    run_jobs()
    answer.refresh_from_db()
    assert answer.status == Status.FAILED
    assert "the limit is 0 min 1 s" in answer.error or "limit is" in answer.error
    assert not fake_transcription["prompts"]


def test_an_undecodable_recording_fails_with_try_again(client, owner, question):
    client.force_login(owner)
    answer = answer_of(client, question, b"\x1a\x45\xdf\xa3" + b"\x00garbage" * 50)
    run_jobs()
    answer.refresh_from_db()
    assert answer.status == Status.FAILED
    page = client.get(answer.get_absolute_url())
    assert "could not be read as audio" in page.text or "holds no sound" in page.text
    assert "Try again" in page.text


def test_a_job_run_twice_transcribes_once(client, owner, question, fake_transcription):
    client.force_login(owner)
    answer = answer_of(client, question)
    assert services.transcribe(answer.pk) == "done"
    assert services.transcribe(answer.pk) == "skipped"
    assert len(fake_transcription["prompts"]) == 1


def test_a_job_of_a_killed_worker_is_picked_up_again_and_finishes_once(
    client, owner, question, fake_transcription
):
    """A worker died mid-job: its queue row stays "running", the answer "transcribing"."""
    client.force_login(owner)
    answer = answer_of(client, question)
    long_ago = timezone.now() - timedelta(hours=1)
    DBTaskResult.objects.update(status="RUNNING", started_at=long_ago)
    SpokenAnswer.objects.filter(pk=answer.pk).update(
        status=Status.TRANSCRIBING, started_at=long_ago, attempts=1
    )
    run_jobs()  # the worker puts it back in the queue, then runs it
    answer.refresh_from_db()
    assert answer.status == Status.DONE
    assert answer.transcript == "Um, it is important, you know, like really."
    assert len(fake_transcription["prompts"]) == 1
    assert not DBTaskResult.objects.running().exists()


def test_a_recording_that_keeps_killing_workers_is_given_up(client, owner, question):
    client.force_login(owner)
    answer = answer_of(client, question)
    long_ago = timezone.now() - timedelta(hours=1)
    SpokenAnswer.objects.filter(pk=answer.pk).update(
        status=Status.TRANSCRIBING, started_at=long_ago, attempts=services.MAX_ATTEMPTS
    )
    services.requeue_stalled()
    answer.refresh_from_db()
    assert answer.status == Status.FAILED
    assert "Try again" in answer.error


def test_a_failed_recording_can_be_queued_again(client, owner, question, fake_transcription):
    client.force_login(owner)
    answer = answer_of(client, question)
    SpokenAnswer.objects.filter(pk=answer.pk).update(status=Status.FAILED, error="x")
    client.post(reverse("practice:spoken_retry", args=[answer.pk]))
    run_jobs()
    answer.refresh_from_db()
    assert answer.status == Status.DONE


def test_a_mock_interview_answer_aloud_shows_on_its_summary(
    client, owner, question, fake_transcription
):
    session = start_mock(user=owner, questions=[question])
    item = session.items.get()
    client.force_login(owner)
    page = client.get(reverse("practice:mock_session", args=[session.pk]))
    assert f'name="mock_item" value="{item.pk}"' in page.text
    answer = answer_of_mock(client, question, item)
    assert answer.mock_item == item
    run_jobs()
    session.status = session.Status.FINISHED
    session.ended_at = timezone.now()
    session.save()
    summary = client.get(reverse("practice:mock_summary", args=[session.pk]))
    assert "Answered aloud" in summary.text
    assert "120 wpm" in summary.text


def test_a_partner_interview_summary_shows_the_spoken_figures_too(
    client, owner, question, fake_transcription
):
    session = start_mock(user=owner, questions=[question])
    invite(session=session, now=timezone.now())
    item = session.items.get()
    client.force_login(owner)
    answer_of_mock(client, question, item)
    run_jobs()
    session.status = session.Status.FINISHED
    session.ended_at = timezone.now()
    session.save()

    summary = client.get(reverse("practice:partner_summary", args=[session.pk]))

    assert "Answered aloud" in summary.text
    assert "120 wpm" in summary.text


def answer_of_mock(client, question, item):
    response = upload(client, question, silence_wav(2), mock_item=str(item.pk))
    assert response.status_code == 302
    return SpokenAnswer.objects.latest("id")


def test_after_the_reveal_the_spoken_answer_stands_beside_the_typed_one(
    client, owner, question, fake_transcription
):
    session = start_mock(user=owner, questions=[question])
    item = session.items.get()
    client.force_login(owner)
    answer_of_mock(client, question, item)
    run_jobs()
    client.post(reverse("practice:mock_reveal", args=[session.pk]), {"position": "0"})
    page = client.get(reverse("practice:mock_session", args=[session.pk]))
    assert "You answered aloud" in page.text
    assert "Um, it is important, you know, like really." in page.text


def test_a_body_announced_larger_than_the_limit_is_refused_unread(
    client, owner, question, settings
):
    settings.SPOKEN_ANSWER_MAX_BYTES = 1000
    client.force_login(owner)
    response = upload(client, question, silence_wav(10))  # 320 kB: past limit + form room
    assert response.status_code == 400
    assert "too large: the limit is" in response.text
    assert not SpokenAnswer.objects.exists()


def test_a_missing_model_file_is_named(tmp_path):
    (tmp_path / "model.bin").write_bytes(b"")
    with pytest.raises(ModelMissing, match=r"config\.json is missing"):
        model_dir("tiny.en", tmp_path)


@pytest.mark.django_db
def test_the_real_model_transcribes_speech(owner, question, speech_wav, whisper_model):
    """espeak-ng's voice through tiny.en, once: the words, the fillers and the figures."""
    with speech_wav.open("rb") as file:
        upload_file = SimpleUploadedFile("answer.wav", file.read(), content_type="audio/wav")
    answer = services.save_recording(user=owner, question=question, upload=upload_file)
    run_jobs()
    answer.refresh_from_db()
    assert answer.status == Status.DONE, answer.error
    text = answer.transcript.lower()
    assert "gradient" in text
    assert "learning rate" in text
    assert 8 < answer.duration_seconds < 12
    assert answer.words_per_minute
    assert 100 < answer.words_per_minute < 220
    assert answer.fillers.get("you know") == 1
