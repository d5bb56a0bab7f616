"""A guide as an Anki package, with the signed-in person's own "My answer" notes in a field of
their own (the rest of the package is the same for everyone who can see the guide)."""

from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from guide.export_views import download
from guide.formats.anki_export import anki_package
from guide.models import Guide

from .models import AnswerNote


@require_GET
def export_anki(request, slug):
    guide = get_object_or_404(Guide.objects.live().readable_by(request.user), slug=slug)
    my_answers = {}
    if request.user.is_authenticated:
        notes = AnswerNote.objects.for_user(request.user).filter(question__section__guide=guide)
        my_answers = dict(notes.values_list("question_id", "html"))
    package = anki_package(guide, my_answers=my_answers)
    return download(package, guide, "apkg", "application/octet-stream")
