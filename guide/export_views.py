"""Take it away: any guide a person can see as CSV; their own guides also as a guide document,
which imports back into the same guide unchanged. The Anki package carries the person's own
"My answer" notes, so `practice` serves it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_GET

from common.downloads import attachment

from .document import DocumentError, format_document
from .exporter import document_from_guide
from .formats.anki_export import csv_notes
from .models import Guide


def download(content, guide: Guide, extension: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = attachment(
        f"{guide.title}.{extension}", fallback=f"{guide.slug}.{extension}"
    )
    return response


def _visible_guide(request, slug) -> Guide:
    return get_object_or_404(Guide.objects.live().readable_by(request.user), slug=slug)


@require_GET
def export_csv(request, slug):
    guide = _visible_guide(request, slug)
    return download(csv_notes(guide), guide, "csv", "text/csv; charset=utf-8")


@login_required
@require_GET
def export_document(request, guide_id):
    guide = get_object_or_404(Guide.objects.owned_by(request.user), pk=guide_id)
    try:
        text = format_document(document_from_guide(guide))
    except DocumentError as error:
        messages.error(
            request, f"This guide cannot be written as a guide document: {error.message}."
        )
        return redirect(guide.get_edit_url())
    return download(text, guide, "txt", "text/plain; charset=utf-8")
