"""Writes of spoken answers: store and queue a recording, transcribe one, requeue the jobs of
workers that died, keep only the newest recordings per question, delete."""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django_tasks import task

from accounts.models import Preferences

from ..models import SpokenAnswer
from . import figures, transcriber
from .feedback import key_points_heard, key_terms
from .model_files import ModelMissing
from .uploads import check_upload

logger = logging.getLogger(__name__)
Status = SpokenAnswer.Status
# A recording that was being transcribed when its worker died this many times is given up.
MAX_ATTEMPTS = 3


def save_recording(*, user, question, upload, mock_item=None, now=None) -> SpokenAnswer:
    """Store the file, then the row and its job in one transaction: when this returns, the
    recording and its job are on disk and in the database (a restart loses neither). Raises
    uploads.RecordingRefused with a message for the person."""
    extension = check_upload(upload)
    now = now or timezone.now()
    answer = SpokenAnswer(
        user=user,
        question=question,
        mock_item=mock_item,
        content_type=(upload.content_type or "").split(";")[0][:100],
        size=upload.size,
        created_at=now,
    )
    answer.audio.save(f"recording.{extension}", upload, save=False)
    try:
        with transaction.atomic():
            answer.save()
            transcribe_spoken_answer.enqueue(answer.pk)
    except BaseException:
        answer.audio.storage.delete(answer.audio.name)
        raise
    apply_retention(user=user, question=question)
    return answer


def kept_per_question(user) -> int:
    preferences = Preferences.objects.filter(user=user).first()
    return preferences.spoken_answers_kept if preferences else 5


def apply_retention(*, user, question) -> int:
    """Delete this person's oldest recordings of the question beyond the number they keep."""
    kept = kept_per_question(user)
    if not kept:
        return 0
    old = SpokenAnswer.objects.for_user(user).filter(question=question).newest_first()[kept:]
    removed = 0
    for answer in list(old):
        delete_spoken_answer(answer)
        removed += 1
    return removed


def apply_retention_everywhere(user) -> int:
    questions = SpokenAnswer.objects.for_user(user).values_list("question", flat=True).distinct()
    return sum(apply_retention(user=user, question=question) for question in list(questions))


def delete_spoken_answer(answer: SpokenAnswer) -> None:
    """The row, then its file once the deletion is committed."""
    storage, name = answer.audio.storage, answer.audio.name
    with transaction.atomic():
        answer.delete()
        transaction.on_commit(lambda: storage.delete(name))


def personal_files(user) -> list[tuple[object, str]]:
    """The stored recordings of a person: (storage, name) pairs, for account deletion."""
    return [
        (answer.audio.storage, answer.audio.name)
        for answer in SpokenAnswer.objects.for_user(user).only("audio")
    ]


def _claim(answer_id: int, now) -> bool:
    claimed = SpokenAnswer.objects.filter(pk=answer_id, status=Status.QUEUED).update(
        status=Status.TRANSCRIBING, started_at=now, attempts=F("attempts") + 1
    )
    return bool(claimed)


def _finish(answer_id: int, started_at, **fields) -> bool:
    """Write the outcome only if this attempt still holds the claim (a slow worker whose job
    was given to another must not write a second result)."""
    return bool(
        SpokenAnswer.objects.filter(
            pk=answer_id, status=Status.TRANSCRIBING, started_at=started_at
        ).update(finished_at=timezone.now(), **fields)
    )


@task()
def transcribe_spoken_answer(spoken_answer_id: int) -> str:
    """The job (django-tasks; in Django 6 the import becomes `from django.tasks import task`),
    run by `manage.py transcription_worker`. Idempotent: a second run of the same job (after a
    worker died mid-job) finds the answer claimed or done and leaves it alone."""
    return transcribe(spoken_answer_id)


def transcribe(answer_id: int) -> str:
    """Run one transcription: claim the queued answer, decode, check the length, transcribe,
    compute the figures and key points, and store them in one update. Returns what happened."""
    started_at = timezone.now()
    if not _claim(answer_id, started_at):
        return "skipped"
    answer = SpokenAnswer.objects.select_related("question").get(pk=answer_id)
    try:
        with answer.audio.open("rb") as file:
            samples = transcriber.decode(file)
        seconds = len(samples) / transcriber.SAMPLE_RATE
        limit = settings.SPOKEN_ANSWER_MAX_SECONDS
        if seconds > limit + 1:
            raise transcriber.UndecodableAudio(
                f"This recording is {_duration_text(seconds)} long; the limit is "
                f"{_duration_text(limit)}. Try again with a shorter answer."
            )
        prompt = transcriber.initial_prompt(answer.question.prompt, key_terms(answer.question))
        result = transcriber.transcribe(samples, prompt=prompt)
    except transcriber.UndecodableAudio as error:
        _finish(answer_id, started_at, status=Status.FAILED, error=str(error))
        return "failed"
    except FileNotFoundError:
        _finish(
            answer_id,
            started_at,
            status=Status.FAILED,
            error="The recording's file is missing on the server. Try again.",
        )
        return "failed"
    except ModelMissing as error:
        # The operator's problem, not the person's: put the job back for a working worker.
        logger.error("Spoken answer %s not transcribed: %s", answer_id, error)
        SpokenAnswer.objects.filter(pk=answer_id, started_at=started_at).update(
            status=Status.QUEUED, started_at=None
        )
        raise
    numbers = figures.figures(
        result.words, duration_seconds=result.duration_seconds, talk_seconds=result.talk_seconds
    )
    done = _finish(
        answer_id,
        started_at,
        status=Status.DONE,
        error="",
        transcript=result.text,
        words=result.words,
        key_points=key_points_heard(answer.question, result.text),
        duration_seconds=numbers.duration_seconds,
        talk_seconds=numbers.talk_seconds,
        words_per_minute=numbers.words_per_minute,
        filler_count=numbers.filler_count,
        fillers=numbers.fillers,
        longest_pause_seconds=numbers.longest_pause_seconds,
    )
    return "done" if done else "superseded"


def _duration_text(seconds: float) -> str:
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes} min {rest} s" if rest else f"{minutes} minutes"


def requeue_stalled(now=None) -> int:
    """Put back in the queue the answers whose worker died mid-job (claimed longer ago than
    SPOKEN_ANSWER_STALE_SECONDS) and the queued ones whose job is gone; give up on an answer
    that was claimed MAX_ATTEMPTS times. Returns how many were queued again."""
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    stale = now - timedelta(seconds=settings.SPOKEN_ANSWER_STALE_SECONDS)
    stalled = SpokenAnswer.objects.filter(
        Q(status=Status.TRANSCRIBING, started_at__lt=stale)
        | Q(status=Status.QUEUED, created_at__lt=stale)
    )
    requeued = 0
    for answer in stalled:
        with transaction.atomic():
            if answer.attempts >= MAX_ATTEMPTS:
                SpokenAnswer.objects.filter(pk=answer.pk, status=answer.status).update(
                    status=Status.FAILED,
                    finished_at=now,
                    error="Transcription stopped several times before it finished. Try again.",
                )
                continue
            changed = SpokenAnswer.objects.filter(
                pk=answer.pk, status=answer.status, started_at=answer.started_at
            ).update(status=Status.QUEUED, started_at=None)
            if changed:
                transcribe_spoken_answer.enqueue(answer.pk)
                requeued += 1
    # The dead workers' jobs stay "running" in the queue's table otherwise.
    DBTaskResult.objects.running().filter(
        task_path=transcribe_spoken_answer.module_path, started_at__lt=stale
    ).update(status="FAILED", finished_at=now)
    return requeued


def try_again(answer: SpokenAnswer) -> None:
    """Queue a failed answer's recording once more."""
    with transaction.atomic():
        changed = SpokenAnswer.objects.filter(pk=answer.pk, status=Status.FAILED).update(
            status=Status.QUEUED, error="", started_at=None, attempts=0
        )
        if changed:
            transcribe_spoken_answer.enqueue(answer.pk)
