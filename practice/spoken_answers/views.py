"""Pages of spoken answers: upload (recorded in the browser or a file), the feedback page
(which polls while the worker transcribes), the recording itself (to its owner only), delete,
try again, and every recording in one zip."""

import tempfile
import zipfile

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import FileResponse, Http404
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from common.downloads import attachment
from common.htmx import wants_fragment
from guide.models import Question

from ..models import MockItem, SpokenAnswer
from . import services
from .page import feedback_context
from .uploads import RecordingRefused, check_request_size, too_large_message


class _SizeLimit(FileUploadHandler):
    """Stops reading an upload as soon as it passes the limit, whatever Content-Length said."""

    def __init__(self, request=None):
        super().__init__(request)
        self.received = 0
        self.exceeded = False

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > settings.SPOKEN_ANSWER_MAX_BYTES:
            self.exceeded = True
            raise StopUpload(connection_reset=True)
        return raw_data

    def file_complete(self, file_size):
        return None


def own_answer(request, answer_id) -> SpokenAnswer:
    """The spoken answer if it is the signed-in person's; 404 otherwise (ids reveal nothing)."""
    return get_object_or_404(
        SpokenAnswer.objects.for_user(request.user).select_related("question__section__guide"),
        pk=answer_id,
    )


def _refused(request, question, message, mock_item=None):
    return render(
        request,
        "practice/spoken_answer_refused.html",
        {"question": question, "message": message, "mock_item": mock_item},
        status=400,
    )


@csrf_exempt  # checked below, once the size is known to be acceptable
@require_POST
def upload(request, question_id):
    """Store a recording of an answer to the question and queue it for transcription. The
    size is checked from Content-Length before the body is read, then while it is read."""
    question = get_object_or_404(
        Question.objects.live().visible_to(request.user).select_related("section__guide"),
        pk=question_id,
    )
    if not request.user.is_authenticated:
        return redirect_to_login(question.get_absolute_url())
    try:
        check_request_size(request.META.get("CONTENT_LENGTH"))
    except RecordingRefused as error:
        return _refused(request, question, str(error))
    limit = _SizeLimit(request)
    request.upload_handlers.insert(0, limit)
    refused = CsrfViewMiddleware(_no_response).process_view(request, _no_response, (), {})
    if refused is not None:
        return refused
    request.FILES  # noqa: B018 (reads the body through the size limit)
    if limit.exceeded:
        return _refused(request, question, too_large_message())
    mock_item = None
    if request.POST.get("mock_item"):
        mock_item = get_object_or_404(
            MockItem.objects.filter(session__user=request.user, question=question),
            pk=_int(request.POST["mock_item"]),
        )
    try:
        answer = services.save_recording(
            user=request.user,
            question=question,
            mock_item=mock_item,
            upload=request.FILES.get("audio"),
        )
    except RecordingRefused as error:
        return _refused(request, question, str(error), mock_item)
    return redirect(answer)


def _no_response(*args, **kwargs):
    return None


def _int(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise Http404 from None


@login_required
@require_GET
@vary_on_headers("HX-Request")
def spoken_answer(request, answer_id):
    """The feedback page; while the recording is transcribed, htmx polls for its result."""
    answer = own_answer(request, answer_id)
    context = feedback_context(answer)
    if wants_fragment(request):
        return render(request, "practice/_spoken_result.html", context)
    return render(request, "practice/spoken_answer.html", context)


@login_required
@require_GET
def audio(request, answer_id):
    """The recording, to its owner only (everyone else gets 404)."""
    answer = own_answer(request, answer_id)
    try:
        file = answer.audio.open("rb")
    except FileNotFoundError:
        raise Http404("The recording's file is missing.") from None
    response = FileResponse(file, content_type=answer.content_type or "application/octet-stream")
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def delete(request, answer_id):
    answer = own_answer(request, answer_id)
    question = answer.question
    services.delete_spoken_answer(answer)
    messages.success(request, "The recording and its transcript have been deleted.")
    return redirect(question.get_absolute_url() + "#answer-aloud")


@login_required
@require_POST
def try_again(request, answer_id):
    answer = own_answer(request, answer_id)
    services.try_again(answer)
    return redirect(answer)


@login_required
@require_GET
def download(request):
    """Every recording of the person in one zip (their transcripts and figures are in the JSON
    of "Download my data"). Written to a temporary file, never held in memory."""
    answers = (
        SpokenAnswer.objects.for_user(request.user)
        .select_related("question__section__guide")
        .order_by("created_at", "id")
    )
    archive = tempfile.TemporaryFile()  # noqa: SIM115 (closed by the response)
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_STORED) as zipped:
        for answer in answers.iterator():
            try:
                with (
                    answer.audio.open("rb") as source,
                    zipped.open(answer.download_name, "w") as target,
                ):
                    for chunk in iter(lambda source=source: source.read(1 << 16), b""):
                        target.write(chunk)
            except FileNotFoundError:
                continue
    archive.seek(0)
    response = FileResponse(archive, content_type="application/zip")
    filename = f"{request.user.get_username()}-recordings.zip"
    response["Content-Disposition"] = attachment(filename, fallback="recordings.zip")
    return response
