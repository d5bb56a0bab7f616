"""What a recording may be: at most SPOKEN_ANSWER_MAX_BYTES, and audio in a container the
decoder reads (recognised by its first bytes, not by the name or type the browser sends).
The size is checked from the request's Content-Length before the body is read, and again on
the file itself. The length in time (SPOKEN_ANSWER_MAX_SECONDS) is checked when the worker
decodes it."""

from django.conf import settings

# Room for the multipart form around the file (boundaries, the token, the headers).
FORM_OVERHEAD_BYTES = 64 * 1024


class RecordingRefused(Exception):
    """Why an upload is not accepted, in words for the person who sent it."""


def limit_text() -> str:
    megabytes = settings.SPOKEN_ANSWER_MAX_BYTES // (1024 * 1024)
    minutes = settings.SPOKEN_ANSWER_MAX_SECONDS // 60
    return f"{minutes} minutes and {megabytes} MB"


def too_large_message() -> str:
    return f"That recording is too large: the limit is {limit_text()} per recording."


def check_request_size(content_length: str | None) -> None:
    """Refuse a body that announces more than a recording may hold, before reading it."""
    try:
        length = int(content_length or 0)
    except ValueError:
        length = 0
    if length > settings.SPOKEN_ANSWER_MAX_BYTES + FORM_OVERHEAD_BYTES:
        raise RecordingRefused(too_large_message())


def sniff_audio(head: bytes) -> str | None:
    """The container a file's first bytes announce ("webm", "ogg", …), or None."""
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return "webm"
    if head.startswith(b"OggS"):
        return "ogg"
    if head[4:8] == b"ftyp":
        return "mp4"
    if head.startswith(b"RIFF") and head[8:12] == b"WAVE":
        return "wav"
    if head.startswith(b"fLaC"):
        return "flac"
    if head.startswith(b"ID3") or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0):
        return "mp3"
    return None


EXTENSIONS = {
    "webm": "webm",
    "ogg": "ogg",
    "mp4": "m4a",
    "wav": "wav",
    "flac": "flac",
    "mp3": "mp3",
}


def check_upload(upload) -> str:
    """The file's extension to store it under; raises RecordingRefused."""
    if upload is None or not upload.size:
        raise RecordingRefused("Choose a recording to upload (the file was empty or missing).")
    if upload.size > settings.SPOKEN_ANSWER_MAX_BYTES:
        raise RecordingRefused(too_large_message())
    content_type = (upload.content_type or "").split(";")[0].strip().lower()
    if content_type and not content_type.startswith(
        ("audio/", "video/webm", "video/mp4", "video/ogg", "application/octet-stream")
    ):
        raise RecordingRefused("Only audio recordings can be uploaded (webm, ogg, m4a, mp3, wav).")
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    kind = sniff_audio(head)
    if kind is None:
        raise RecordingRefused(
            "That file is not an audio recording this app can read "
            "(webm, ogg, m4a/mp4, mp3, wav or flac)."
        )
    return EXTENSIONS[kind]
