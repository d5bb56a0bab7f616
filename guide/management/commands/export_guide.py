"""Write a guide back out in the plain-text document format that import_guide reads.

    python manage.py export_guide ai-ml-interview [--output guide/content/ai-ml.txt]

Only live content is written (archived sections and questions stay in the database), so
importing the output again leaves the database as it is.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from guide.document import DocumentError, format_document
from guide.exporter import document_from_guide
from guide.models import Guide


class Command(BaseCommand):
    help = "Write a guide as a text document (to stdout, or to --output FILE)."

    def add_arguments(self, parser):
        parser.add_argument(
            "slug", metavar="SLUG", help="the guide's address, e.g. ai-ml-interview"
        )
        parser.add_argument("--output", metavar="FILE", help="write here instead of stdout")

    def handle(self, *args, slug, output, **options):
        # Shipped guides only: a person's own guide is theirs (their data download holds it).
        shipped = Guide.objects.filter(owner=None)
        guide = shipped.filter(slug=slug).first()
        if guide is None:
            known = ", ".join(shipped.order_by("slug").values_list("slug", flat=True))
            raise CommandError(f'No guide "{slug}". Known guides: {known or "none"}.')
        document = document_from_guide(guide)
        if document.slug != guide.slug:
            # Import matches guides by the slug of the title, so this file would make a new one.
            self.stderr.write(
                self.style.WARNING(
                    f'Warning: the title "{guide.title}" makes the address "{document.slug}", '
                    f'not "{guide.slug}"; importing this file would create a separate guide.'
                )
            )
        try:
            text = format_document(document)
        except DocumentError as error:
            raise CommandError(str(error)) from error
        if output is None:
            self.stdout.write(text, ending="")
            return
        try:
            Path(output).write_text(text, encoding="utf-8")
        except OSError as error:
            raise CommandError(f"{output}: cannot be written ({error.strerror})") from error
        self.stdout.write(f"Wrote {guide.slug} to {output}")
