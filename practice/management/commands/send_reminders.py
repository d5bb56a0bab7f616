"""Email today's reminder to each person whose local reminder time has passed.

    python manage.py send_reminders [--dry-run] [--now 2026-06-04T08:05+12:00]

Safe to run every few minutes (cron, a systemd timer): each person gets at most one reminder
per local day, on the first run after their chosen time, and only when reviews are due or
their plan has questions for the day; overlapping runs never send twice (practice/reminders.py).
Exits non-zero when an email could not be sent; the next run tries that person again.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils.dateparse import parse_datetime

from practice.plans.reminders import send_reminders


def moment(value: str):
    parsed = parse_datetime(value)
    if parsed is None or parsed.tzinfo is None:
        raise ValueError(value)
    return parsed


moment.__name__ = "moment with a UTC offset"  # argparse names the type in its error


class Command(BaseCommand):
    help = (
        "Send the day's reminder email to each opted-in person whose local reminder time has "
        "passed: at most one a day each, only when something is due or planned. Safe to run "
        "every few minutes."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="say who would get a reminder, and what; send nothing and record nothing",
        )
        parser.add_argument(
            "--now",
            type=moment,
            help="act as if it were this moment (ISO 8601 with an offset, e.g. "
            "2026-06-04T08:05+12:00), to try the command out",
        )

    def handle(self, *args, dry_run, now, verbosity, **options):
        outcomes = send_reminders(now=now, dry_run=dry_run)
        verb = "Would send" if dry_run else "Sent"
        for outcome in outcomes:
            if outcome.sent and verbosity >= 1:
                self.stdout.write(f"{verb} to {outcome.username}: {outcome.reason}")
            elif outcome.failed:
                self.stderr.write(f"Not sent to {outcome.username}: {outcome.reason}")
            elif verbosity >= 2:
                self.stdout.write(f"Nothing for {outcome.username}: {outcome.reason}")
        sent = sum(outcome.sent for outcome in outcomes)
        if verbosity >= 1:
            self.stdout.write(f"{verb} {sent} reminder{'s' if sent != 1 else ''}.")
        failed = sum(outcome.failed for outcome in outcomes)
        if failed:
            raise CommandError(
                f"{failed} reminder{'s' if failed != 1 else ''} could not be sent; "
                "the next run tries again."
            )
