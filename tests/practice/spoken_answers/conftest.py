"""Spoken answers in tests: recordings under a temporary MEDIA_ROOT, speech made with
espeak-ng, and the jobs run in this process by the real worker command (batch mode). The real
model is loaded once per test session, by the few tests that need it."""

import io
import shutil
import subprocess
import wave
from unittest import mock

import pytest
from django.core.management import call_command

from practice.spoken_answers import transcriber

SPEECH = (
    "Um, gradient descent updates the weights by following the negative gradient of the "
    "loss function. You know, the learning rate controls the step size."
)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def speak(text: str, path, *, words_per_minute: int = 160) -> None:
    """A 16 kHz mono WAV of `text` said by espeak-ng (what Chromium's fake microphone plays)."""
    for tool in ("espeak-ng", "sox"):
        if not shutil.which(tool):
            pytest.fail(f"{tool} is needed: apt-get install espeak-ng sox")
    raw = path.with_suffix(".raw.wav")
    subprocess.run(["espeak-ng", "-s", str(words_per_minute), "-w", str(raw), text], check=True)
    subprocess.run(["sox", str(raw), "-r", "16000", "-c", "1", str(path)], check=True)
    raw.unlink()


@pytest.fixture(scope="session")
def speech_wav(tmp_path_factory):
    path = tmp_path_factory.mktemp("speech") / "answer.wav"
    speak(SPEECH, path)
    return path


def silence_wav(seconds: float) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as file:
        file.setnchannels(1)
        file.setsampwidth(2)
        file.setframerate(16000)
        file.writeframes(b"\x00\x00" * int(16000 * seconds))
    return buffer.getvalue()


@pytest.fixture(scope="session")
def whisper_model():
    """The configured model (tiny.en), loaded once for the whole session."""
    return transcriber.configured_model()


@pytest.fixture
def fake_transcription(monkeypatch):
    """Transcription without the model: what `transcribe` returns is set by the test."""
    result = {
        "value": transcriber.Transcription(
            text="Um, it is important, you know, like really.",
            words=[
                {"word": " Um,", "start": 0.0, "end": 0.3},
                {"word": " it", "start": 0.5, "end": 0.6},
                {"word": " is", "start": 0.6, "end": 0.7},
                {"word": " important,", "start": 0.7, "end": 1.2},
                {"word": " you", "start": 3.7, "end": 3.8},
                {"word": " know,", "start": 3.8, "end": 4.0},
                {"word": " like", "start": 4.1, "end": 4.3},
                {"word": " really.", "start": 4.3, "end": 4.8},
            ],
            duration_seconds=6.0,
            talk_seconds=4.0,
        )
    }
    prompts = []

    def fake(samples, *, prompt, model=None):
        prompts.append(prompt)
        return result["value"]

    monkeypatch.setattr(transcriber, "transcribe", fake)
    result["prompts"] = prompts
    return result


def run_jobs() -> None:
    """What a worker does: every queued job, one at a time, then return. The worker closes
    "old" connections between jobs, which would close the test's own transaction: not here."""
    with mock.patch(
        "django_tasks_db.management.commands.db_worker.close_old_connections",
        return_value=None,
    ):
        call_command("transcription_worker", batch=True, no_model_check=True, verbosity=0)
