"""Rebuild the search documents of every guide from its content.

    python manage.py rebuild_search_index [--dry-run]

Every write of content keeps its guide's documents up to date; run this once after the
migration that adds search (content already in the database has none yet), or to repair.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from guide.models import Guide, SearchDocument


class Command(BaseCommand):
    help = "Rebuild the search documents of every guide, shipped and private."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="rebuild and count the documents, then roll everything back",
        )

    def handle(self, *args, dry_run, verbosity, **options):
        with transaction.atomic():
            guide_ids = list(Guide.objects.values_list("pk", flat=True))
            for guide_id in guide_ids:
                # Through the content-change hook: results cached for visitors go stale too.
                Guide.content_changed(guide_id)
            count = SearchDocument.objects.count()
            transaction.set_rollback(dry_run)
        if verbosity:
            note = " [dry run: nothing saved]" if dry_run else ""
            guides = f"{len(guide_ids)} guide{'' if len(guide_ids) == 1 else 's'}"
            self.stdout.write(f"Search index: {count} documents from {guides}{note}")
