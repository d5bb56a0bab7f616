"""Speech to text on this server: PyAV decodes the recording (every browser's format: webm,
ogg, mp4; its wheel bundles FFmpeg), faster-whisper transcribes it with voice activity
detection on (silences are left out, so talk time is measured and silence gives no invented
words) and word timestamps, prompted with the question and its key terms.

The model is loaded once per process and kept (`get_model`); a worker runs one job at a time
with WHISPER_THREADS threads (1 by default, so web requests keep their CPU)."""

import functools
from dataclasses import dataclass

from django.conf import settings

from .model_files import model_dir

SAMPLE_RATE = 16_000
# Whisper reads at most 224 tokens of prompt; a question and its key terms fit well within.
PROMPT_MAX_CHARS = 600
# Said first in the prompt, so the recogniser keeps fillers instead of tidying them away.
FILLER_PROMPT = "Um, so, uh, you know, I think"


class UndecodableAudio(Exception):
    """The recording could not be read as audio; the message says so in plain words."""


@dataclass(frozen=True)
class Transcription:
    text: str
    words: list[dict]
    duration_seconds: float
    talk_seconds: float


@functools.cache
def get_model(name: str, directory: str, threads: int):
    from faster_whisper import WhisperModel

    path = model_dir(name, directory or None)
    return WhisperModel(
        str(path),
        device="cpu",
        compute_type="int8",
        cpu_threads=threads,
        num_workers=1,
        local_files_only=True,
    )


def configured_model():
    return get_model(settings.WHISPER_MODEL, settings.WHISPER_MODEL_DIR, settings.WHISPER_THREADS)


def decode(file) -> "numpy.ndarray":  # noqa: F821
    """16 kHz mono float samples of a recording (a path or an open binary file)."""
    import av
    from faster_whisper.audio import decode_audio

    try:
        samples = decode_audio(file, sampling_rate=SAMPLE_RATE)
    except (av.error.FFmpegError, ValueError, IndexError, StopIteration) as error:
        raise UndecodableAudio(
            "This recording could not be read as audio: the file may be damaged or cut short."
        ) from error
    if not len(samples):
        raise UndecodableAudio("This recording holds no sound that could be read.")
    return samples


def initial_prompt(question_prompt: str, key_terms: list[str]) -> str:
    prompt = f"{FILLER_PROMPT}. {question_prompt.strip()}"
    if key_terms:
        prompt += " " + ", ".join(key_terms) + "."
    return prompt[:PROMPT_MAX_CHARS]


def transcribe(samples, *, prompt: str, model=None) -> Transcription:
    model = model or configured_model()
    segments, info = model.transcribe(
        samples,
        language="en",
        beam_size=5,
        vad_filter=True,
        word_timestamps=True,
        initial_prompt=prompt,
        condition_on_previous_text=False,
    )
    words, texts = [], []
    for segment in segments:
        texts.append(segment.text.strip())
        words.extend(
            {
                "word": word.word,
                "start": round(float(word.start), 2),
                "end": round(float(word.end), 2),
            }
            for word in segment.words or []
        )
    return Transcription(
        text=" ".join(text for text in texts if text),
        words=words,
        duration_seconds=float(info.duration),
        talk_seconds=float(info.duration_after_vad),
    )
