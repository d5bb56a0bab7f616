"""The transcription job, run by `manage.py transcription_worker` (django-tasks' database
backend; in Django 6 the import becomes `from django.tasks import task`)."""

from django_tasks import task

from . import services


@task()
def transcribe_spoken_answer(spoken_answer_id: int) -> str:
    """Idempotent: a second run of the same job (after a worker died mid-job) finds the answer
    claimed or done and leaves it alone."""
    return services.transcribe(spoken_answer_id)
