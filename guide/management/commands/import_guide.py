"""Import guide documents (the plain-text format of guide/content/*.txt) into the database.

    python manage.py import_guide guide/content/ai-ml-interview-guide.txt [--dry-run] [--force]

Every file is parsed before anything is written, and all files are imported in one
transaction, so a mistake in any of them leaves the database as it was. Re-importing a
file is safe: rows are updated in place and questions that left the file are archived, but a
row staff changed in the admin since the last import is kept and listed ("kept …"); `--force`
replaces it with the file's text and lists what it replaced.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from guide.document import DocumentError, read_document
from guide.importer import import_guide


class Command(BaseCommand):
    help = (
        "Create or update guides from text documents. Rows are matched by guide title, "
        "section and question number; questions missing from a document are archived. "
        "Rows edited in the admin since the last import are kept unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help="guide document(s)")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="run the import and print the report, then roll everything back",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="overwrite rows edited in the admin since the last import (each is listed)",
        )

    def handle(self, *args, paths, dry_run, force, verbosity, **options):
        try:
            documents = [read_document(path) for path in paths]
            self._refuse_shared_slugs(documents)
            with transaction.atomic():
                reports = [
                    import_guide(document, dry_run=dry_run, force=force) for document in documents
                ]
        except DocumentError as error:
            raise CommandError(str(error)) from error
        for report in reports:
            if verbosity == 0:
                continue
            for warning in report.warnings:
                self.stderr.write(self.style.WARNING(f"Warning: {warning}"))
            self.stdout.write(report.summary())
            if verbosity >= 2:
                self.stdout.writelines(f"  created {label}" for label in report.created)

    @staticmethod
    def _refuse_shared_slugs(documents):
        # Two files for one guide would overwrite each other within a single run.
        seen = {}
        for document in documents:
            if document.slug in seen:
                raise DocumentError(
                    document.source,
                    None,
                    f'its title makes the same guide address "{document.slug}" as '
                    f"{seen[document.slug]}",
                )
            seen[document.slug] = document.source
