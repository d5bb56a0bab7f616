"""Run a transcription worker: the database queue's worker (django-tasks-db) with the speech
model loaded once before the first job, and, every minute, the jobs of workers that died put
back in the queue (`requeue_stalled`). One job at a time; WHISPER_THREADS threads (1 by
default). Stops after the current job on SIGINT/SIGTERM; a second signal stops at once.

    python manage.py transcription_worker            # run until stopped
    python manage.py transcription_worker --batch    # run what is queued, then exit
"""

import logging
import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import Worker

from practice.spoken_answers import services, transcriber
from practice.spoken_answers.model_files import ModelMissing

REQUEUE_EVERY_SECONDS = 60


class Command(BaseCommand):
    help = "Transcribe spoken answers from the job queue (one job at a time)."

    def add_arguments(self, parser):
        parser.add_argument("--batch", action="store_true", help="Run the queued jobs, then exit.")
        parser.add_argument(
            "--interval", type=float, default=1.0, help="Seconds between looks at the queue."
        )
        parser.add_argument(
            "--no-model-check",
            action="store_true",
            help="Do not load the model before the first job (it loads on the first job).",
        )

    def handle(self, *, batch, interval, no_model_check, verbosity, **options):
        # The queue's worker runs in batches here: its "starting"/"no more tasks" lines would
        # repeat every second. Failures still show.
        logging.getLogger("django_tasks_db").setLevel(
            logging.INFO if verbosity > 1 else logging.WARNING
        )
        if not no_model_check:
            try:
                transcriber.configured_model()
            except ModelMissing as error:
                raise CommandError(str(error)) from error
        worker = Worker(
            queue_names=["default"],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id=get_random_string(32),
            excluded_queue_names=[],
        )
        worker.configure_signals()
        self.stdout.write(f"Transcription worker {worker.worker_id} ready.")
        last_requeue = 0.0
        while worker.running:
            if time.monotonic() - last_requeue >= REQUEUE_EVERY_SECONDS:
                requeued = services.requeue_stalled()
                if requeued:
                    self.stdout.write(f"Queued again {requeued} stalled transcription(s).")
                last_requeue = time.monotonic()
            worker.run()  # every job ready now, one at a time
            if batch:
                return
            time.sleep(interval)
