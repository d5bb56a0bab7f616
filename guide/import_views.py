"""Bring your own material: import a file into a guide of your own, upload → preview → confirm.

The uploaded bytes wait in a `PendingImport` (for an hour) between the preview and the
confirmation and are read again on confirm, so the confirm form carries nothing but the
pending import's id, which only its owner finds (404 for anyone else). Nothing is written to
the guides before the confirmation; a file that cannot be read is refused on the upload form
with the reason and its line, and nothing is kept of it.

The upload's size is checked from the request's Content-Length before its body is read
(413): that view does its CSRF check itself, because Django's middleware would read the body
first to look for the token.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from common.downloads import attachment
from common.text import plural

from .document import DocumentError
from .formats import CSV
from .formats.uploads import detect_format, read_upload
from .import_forms import AUTO, NEW_GUIDE, TOO_LARGE, ColumnsForm, UploadForm
from .import_samples import SAMPLES, sample_bytes
from .importer import ImportReport, import_private_guide, matching_guide
from .limits import MAX_PENDING_PER_PERSON, MAX_UPLOAD_BYTES
from .models import Guide, PendingImport

# Room for the form's other fields and the multipart boundaries around the file.
_FORM_OVERHEAD = 64 * 1024
# Skipped rows listed on the preview; the rest are counted.
SHOWN_SKIPPED = 50


def _declared_size(request) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def _upload_page(request, form, *, status=200, error=""):
    context = {
        "form": form,
        "error": error,
        "limit_mb": MAX_UPLOAD_BYTES // 1024 // 1024,
        "samples": SAMPLES.values(),
    }
    return render(request, "guide/my_import.html", context, status=status)


@csrf_exempt
@login_required
def import_upload(request):
    if request.method == "POST" and _declared_size(request) > MAX_UPLOAD_BYTES + _FORM_OVERHEAD:
        return _upload_page(request, UploadForm(owner=request.user), status=413, error=TOO_LARGE)
    return _import_upload(request)


@csrf_protect
@require_http_methods(["GET", "POST"])
def _import_upload(request):
    posted = request.method == "POST"
    form = UploadForm(
        request.POST if posted else None, request.FILES if posted else None, owner=request.user
    )
    if posted and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read()
        filename = _clean_filename(upload.name)
        chosen = form.cleaned_data["format"]
        format = detect_format(filename, data) if chosen == AUTO else chosen
        into = form.cleaned_data["into"]
        try:
            upload, _report = _dry_run(
                data, filename=filename, format=format, into=into, owner=request.user
            )
        except DocumentError as error:
            form.add_error("file", str(error))
        else:
            if into is None:
                into = _proposed_guide(
                    upload, data, filename=filename, format=format, owner=request.user
                )
            PendingImport.objects.stale().delete()
            pending = PendingImport.objects.create(
                owner=request.user, filename=filename, format=format, data=data, into=into
            )
            older = PendingImport.objects.filter(owner=request.user).order_by("-created_at", "-id")
            older.filter(pk__in=older.values("pk")[MAX_PENDING_PER_PERSON:]).delete()
            return redirect("guide:my_import_preview", pending.pk)
    return _upload_page(request, form, status=400 if form.errors else 200)


def _proposed_guide(upload, data, *, filename, format, owner):
    """A file imported before updates the guide it made, as Anki updates the notes it already
    has, unless that import would fail: then it stays a new guide, and the preview says why."""
    match = matching_guide(upload.document, owner=owner)
    if match is None:
        return None
    try:
        _dry_run(data, filename=filename, format=format, into=match.guide, owner=owner)
    except DocumentError:
        return None
    return match.guide


def _clean_filename(name: str | None) -> str:
    """The upload's name as shown and kept: no control characters (a NUL cannot be stored)."""
    name = "".join(character for character in name or "" if character.isprintable())
    return name.strip()[-200:] or "upload"


def _dry_run(data, *, filename, format, into, owner, columns=None):
    """Read the file and import it without saving: what it holds and what would happen."""
    upload = read_upload(data, filename=filename, format=format, columns=columns)
    report = import_private_guide(
        upload.document,
        owner=owner,
        into=into,
        keyed=upload.keyed,
        pro_tips=upload.pro_tips,
        dry_run=True,
    )
    return upload, report


def _own_pending(request, import_id) -> PendingImport:
    """The signed-in person's pending import, still fresh; 404 otherwise."""
    return get_object_or_404(
        PendingImport.objects.fresh().filter(owner=request.user).select_related("into", "owner"),
        pk=import_id,
    )


def _read(pending: PendingImport, columns=None):
    return _dry_run(
        bytes(pending.data),
        filename=pending.filename,
        format=pending.format,
        into=pending.into,
        owner=pending.owner,
        columns=columns if columns is not None else pending.columns,
    )


def _preview_page(request, pending, *, columns_form=None, error="", status=200):
    upload = report = None
    try:
        upload, report = _read(pending)
    except DocumentError as problem:
        error = error or str(problem)
    if pending.format == CSV and columns_form is None:
        columns = upload.columns if upload else _columns_without_choice(pending)
        if columns is not None:
            columns_form = ColumnsForm(columns=columns)
    match = matching_guide(upload.document, owner=pending.owner) if upload else None
    context = {
        "pending": pending,
        "match": match,
        "upload": upload,
        "report": report,
        "summary": _summary(report) if report else None,
        "skipped": upload.skipped[:SHOWN_SKIPPED] if upload else [],
        "more_skipped": max(len(upload.skipped) - SHOWN_SKIPPED, 0) if upload else 0,
        "columns_form": columns_form,
        "error": error,
    }
    status = 400 if error or (columns_form is not None and columns_form.errors) else status
    return render(request, "guide/my_import_preview.html", context, status=status)


def _columns_without_choice(pending):
    """The file's columns as it says them, to offer again when a choice made it unreadable."""
    try:
        upload, _report = _read(pending, columns={})
    except DocumentError:
        return None
    return upload.columns


def _summary(report: ImportReport) -> dict:
    def counts(kind):
        return {
            outcome: report.count(kind, outcome) for outcome in ("created", "updated", "unchanged")
        }

    return {"sections": counts("section"), "questions": counts("question")}


@login_required
@require_GET
def import_preview(request, import_id):
    return _preview_page(request, _own_pending(request, import_id))


@login_required
@require_POST
def import_columns(request, import_id):
    """The person's choice of CSV columns, kept with the pending import if the file reads."""
    pending = _own_pending(request, import_id)
    try:
        columns = _read(pending, columns={})[0].columns
    except DocumentError:
        columns = None
    if pending.format != CSV or columns is None:
        return _preview_page(request, pending, error="This file has no columns to choose.")
    form = ColumnsForm(request.POST, columns=columns)
    if not form.is_valid():
        return _preview_page(request, pending, columns_form=form)
    try:
        _read(pending, columns=form.chosen())
    except DocumentError as error:
        return _preview_page(request, pending, columns_form=form, error=str(error))
    pending.columns = form.chosen()
    pending.save(update_fields=["columns"])
    return redirect("guide:my_import_preview", pending.pk)


@login_required
@require_POST
def import_into(request, import_id):
    """Change where a pending import goes: a new guide ("new") or one of the person's own."""
    pending = _own_pending(request, import_id)
    choice = request.POST.get("into", "")
    if choice == NEW_GUIDE:
        pending.into = None
    else:
        guides = Guide.objects.owned_by(request.user)
        if not (choice.isascii() and choice.isdigit() and len(choice) <= 9):
            return _preview_page(request, pending, error="Choose a new guide or one of yours.")
        pending.into = get_object_or_404(guides, pk=int(choice))
    pending.save(update_fields=["into"])
    return redirect("guide:my_import_preview", pending.pk)


@login_required
@require_POST
def import_confirm(request, import_id):
    pending = _own_pending(request, import_id)
    try:
        upload = read_upload(
            bytes(pending.data),
            filename=pending.filename,
            format=pending.format,
            columns=pending.columns,
        )
        report = import_private_guide(
            upload.document,
            owner=request.user,
            into=pending.into,
            keyed=upload.keyed,
            pro_tips=upload.pro_tips,
        )
    except DocumentError as error:
        return _preview_page(request, pending, error=str(error))
    pending.delete()
    guide = Guide.objects.owned_by(request.user).get(slug=report.slug)
    created = report.count("question", "created")
    updated = report.count("question", "updated")
    unchanged = report.count("question", "unchanged")
    messages.success(
        request,
        f"Imported {pending.filename}: {plural(created, 'question')} added, {updated:,} "
        f"updated, {unchanged:,} unchanged.",
    )
    return redirect(guide.get_edit_url())


@require_GET
def import_sample(request, name):
    """A sample file of one format "Import a file" accepts, the one the page shows."""
    sample = SAMPLES.get(name)
    if sample is None:
        raise Http404("No such sample.")
    response = HttpResponse(sample_bytes(sample), content_type=sample.content_type)
    response["Content-Disposition"] = attachment(sample.filename, fallback=sample.filename)
    return response
