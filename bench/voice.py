"""Spoken answers' bench (a section of `make bench`): how fast and how well the worker's model
transcribes, on speech made here with espeak-ng (a robotic voice: real people score worse).

- a 60 s answer: wall time of decode + VAD + transcription with word timestamps, one thread
  (the worker's default), and the process's peak RSS (model loaded once);
- word error rate per condition: slow and fast speech, pink noise at about 10 dB SNR, and a
  webm/opus round trip at 32 kbit/s (what Chromium's MediaRecorder sends), encoded with PyAV;
- key-term recall (the question's terms heard when said) and false terms (another question's
  terms "heard" though never said), with the question and its terms as the prompt;
- the signed-in pages' p99 (in this process, Django's test client, `make bench`'s data) while
  idle and while a worker process transcribes without pause (WHISPER_THREADS=1).

Writes bench/results-voice.md. Needs espeak-ng and sox (apt-get install espeak-ng sox).
"""

import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import av  # noqa: E402
from faster_whisper import WhisperModel  # noqa: E402

from practice.spoken_answers import figures, transcriber  # noqa: E402
from practice.spoken_answers.model_files import model_dir  # noqa: E402

THREADS = int(os.environ.get("WHISPER_THREADS", "1"))
QUESTIONS = [
    {
        "prompt": "What is gradient descent?",
        "terms": ["learning rate", "loss function", "gradient", "local minimum"],
        "text": "Gradient descent is an optimisation method. It computes the gradient of the "
        "loss function with respect to the weights and takes a step in the opposite "
        "direction. The learning rate sets the size of each step. If it is too large the "
        "updates overshoot, and if it is too small training is slow and may stall in a "
        "local minimum.",
    },
    {
        "prompt": "What is overfitting and how do you prevent it?",
        "terms": ["regularization", "cross validation", "dropout", "training data"],
        "text": "Overfitting means the model memorises the training data instead of the "
        "pattern, so it does well in training and badly on new data. You can prevent it with "
        "regularization, with dropout in neural networks, with more data, and you detect it "
        "with cross validation on held out folds.",
    },
]
# About 165 words: a minute at espeak-ng's 150 words per minute (it speaks a little faster).
ANSWER_WORDS = (" ".join(question["text"] for question in QUESTIONS) + " ").split() * 2
ANSWER_60S = " ".join(ANSWER_WORDS[:165]) + "."


def run(*command):
    subprocess.run(command, check=True, capture_output=True)


def speak(text, path, speed=160):
    raw = path.with_suffix(".raw.wav")
    run("espeak-ng", "-s", str(speed), "-w", str(raw), text)
    run("sox", str(raw), "-r", "16000", "-c", "1", str(path))
    raw.unlink()


def with_noise(path, out):
    seconds = float(subprocess.check_output(["soxi", "-D", str(path)]).decode())
    noise = out.with_suffix(".noise.wav")
    run(
        "sox",
        "-n",
        "-r",
        "16000",
        "-c",
        "1",
        str(noise),
        "synth",
        str(seconds),
        "pinknoise",
        "vol",
        "0.08",
    )
    run("sox", "-m", str(path), str(noise), str(out))
    noise.unlink()


def webm_round_trip(path, out):
    """Encode to webm/opus at 32 kbit/s with PyAV, as a browser would send it."""
    samples = transcriber.decode(str(path))
    container = av.open(str(out), "w", format="webm")
    stream = container.add_stream("libopus", rate=48000)
    stream.bit_rate = 32000
    resampler = av.AudioResampler(format="s16", layout="mono", rate=48000)
    frame = av.AudioFrame.from_ndarray(
        (samples * 32767).astype("int16").reshape(1, -1), format="s16", layout="mono"
    )
    frame.sample_rate = 16000
    for resampled in resampler.resample(frame):
        for packet in stream.encode(resampled):
            container.mux(packet)
    for packet in stream.encode(None):
        container.mux(packet)
    container.close()


def words_of(text):
    return re.findall(r"[a-z0-9']+", text.lower().replace("-", " "))


def wer(reference, hypothesis):
    ref, hyp = words_of(reference), words_of(hypothesis)
    row = list(range(len(hyp) + 1))
    for i, word in enumerate(ref, 1):
        previous, row[0] = row[0], i
        for j, other in enumerate(hyp, 1):
            previous, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, previous + (word != other))
    return row[-1] / max(1, len(ref))


def heard(term, text):
    return " ".join(words_of(term)) in " ".join(words_of(text))


PAGE_REQUESTS = 200


def transcribe_forever(path):
    """What a busy worker does: transcribe, again and again (until killed)."""
    model = WhisperModel(
        str(model_dir("tiny.en")),
        device="cpu",
        compute_type="int8",
        cpu_threads=THREADS,
        local_files_only=True,
    )
    samples = transcriber.decode(path)
    while True:
        transcriber.transcribe(samples, prompt="", model=model)


def p99(timings):
    return sorted(timings)[int(len(timings) * 0.99) - 1]


def pages_under_transcription(long_wav):
    """p99 ms of each signed-in page, idle and while a worker transcribes."""
    from bench.inprocess import prepare_environment

    folder = Path(tempfile.mkdtemp(prefix="bench-voice-pages-"))
    prepare_environment(folder)
    import django

    django.setup()
    from django.test import Client

    from bench.scenarios import scenarios, seed

    seeded = seed(users=10, interview=True)
    signed_in = [
        scenario
        for scenario in scenarios(seeded)
        if scenario.signed_in and scenario.method == "GET"
    ]

    def measure():
        figures_ms = {}
        for scenario in signed_in:
            clients = [Client(HTTP_REFERER="https://testserver/") for _ in seeded.cookies]
            for client, cookie in zip(clients, seeded.cookies, strict=True):
                client.cookies.load(cookie)
            timings = []
            for index in range(PAGE_REQUESTS):
                started = time.perf_counter()
                scenario.send(clients[index % len(clients)], index)
                timings.append((time.perf_counter() - started) * 1000)
            figures_ms[scenario.name] = p99(timings)
        return figures_ms

    idle = measure()
    worker = subprocess.Popen([sys.executable, __file__, "--transcribe-forever", str(long_wav)])
    try:
        time.sleep(3)  # the model loaded and transcribing
        busy = measure()
    finally:
        worker.kill()
        worker.wait()
    return [(name, idle[name], busy[name]) for name in idle]


def main():
    work = Path(tempfile.mkdtemp(prefix="bench-voice-"))
    started = time.perf_counter()
    model = WhisperModel(
        str(model_dir("tiny.en")),
        device="cpu",
        compute_type="int8",
        cpu_threads=THREADS,
        local_files_only=True,
    )
    load_seconds = time.perf_counter() - started

    long_wav = work / "answer-60s.wav"
    speak(ANSWER_60S, long_wav, speed=150)
    long_webm = work / "answer-60s.webm"
    webm_round_trip(long_wav, long_webm)
    started, cpu_started = time.perf_counter(), time.process_time()
    samples = transcriber.decode(str(long_webm))
    result = transcriber.transcribe(
        samples,
        prompt=transcriber.initial_prompt(QUESTIONS[0]["prompt"], QUESTIONS[0]["terms"]),
        model=model,
    )
    long_wall = time.perf_counter() - started
    long_cpu = time.process_time() - cpu_started
    load_average = os.getloadavg()[0]
    long_numbers = figures.figures(
        result.words, duration_seconds=result.duration_seconds, talk_seconds=result.talk_seconds
    )

    conditions = {
        "clean, 160 wpm": lambda src, out: src.rename(out),
        "slow, 120 wpm": None,
        "fast, 220 wpm": None,
        "noise (~10 dB SNR)": with_noise,
        "webm/opus 32 kbit/s": webm_round_trip,
    }
    rows, recall_hits, recall_total, false_terms = [], 0, 0, 0
    for number, (name, transform) in enumerate(conditions.items()):
        errors = []
        for index, question in enumerate(QUESTIONS):
            speed = 120 if name.startswith("slow") else 220 if name.startswith("fast") else 160
            source = work / f"{index}-{speed}.wav"
            speak(question["text"], source, speed=speed)
            target = work / f"{index}-c{number}.{'webm' if 'webm' in name else 'wav'}"
            if transform:
                transform(source, target)
            else:
                target = source
            other = QUESTIONS[1 - index]
            for prompt_terms in (question["terms"], other["terms"]):
                prompt = transcriber.initial_prompt(question["prompt"], prompt_terms)
                text = transcriber.transcribe(
                    transcriber.decode(str(target)), prompt=prompt, model=model
                ).text
                if prompt_terms is question["terms"]:
                    errors.append(wer(question["text"], text))
                    recall_total += len(question["terms"])
                    recall_hits += sum(heard(term, text) for term in question["terms"])
                # Terms of the other question, never said: "heard" would be false.
                false_terms += sum(
                    heard(term, text)
                    for term in other["terms"]
                    if not heard(term, question["text"])
                )
        rows.append((name, sum(errors) / len(errors)))
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    pages = pages_under_transcription(long_wav)

    lines = [
        "# Spoken answers: transcription bench (bench/voice.py)",
        "",
        (
            f"Model tiny.en (int8, CTranslate2), {THREADS} thread(s), on {os.cpu_count()} cores; "
            "speech by espeak-ng (a robotic voice: real people will score worse)."
        ),
        "",
        "| figure | value | target |",
        "| --- | --- | --- |",
        f"| model load | {load_seconds:.1f} s | once per worker |",
        (
            f"| {result.duration_seconds:.0f} s answer (webm/opus) decode + VAD + transcription | "
            f"{long_wall:.1f} s wall, {long_cpu:.1f} CPU-s (load average {load_average:.1f}) "
            "| ≤ 10 s |"
        ),
        (
            f"| its talk time / pace / longest pause | {long_numbers.talk_seconds:.0f} s / "
            f"{long_numbers.words_per_minute} wpm / {long_numbers.longest_pause_seconds} s | |"
        ),
        f"| peak RSS of the process (model + jobs) | {rss_mb:.0f} MB | ≤ 500 MB |",
        (
            f"| key-term recall (prompted with the question's terms) | "
            f"{recall_hits}/{recall_total} = {recall_hits / recall_total:.2f} | |"
        ),
        f"| false terms (another question's terms, never said) | {false_terms} | 0 |",
        "",
        "| condition | WER |",
        "| --- | --- |",
        *[f"| {name} | {error:.1%} |" for name, error in rows],
        "",
        (
            f"Signed-in pages, p99 of {PAGE_REQUESTS} requests in one process (Django's test "
            "client, SQLite), idle and while a worker transcribes without pause "
            "(target: within 1.3×):"
        ),
        "",
        "| page | p99 idle | p99 during transcription | ratio |",
        "| --- | --- | --- | --- |",
        *[
            f"| {name} | {idle:.1f} ms | {busy:.1f} ms | {busy / idle:.2f}× |"
            for name, idle, busy in pages
        ],
        "",
    ]
    report = "\n".join(lines)
    print(report)
    (ROOT / "bench" / "results-voice.md").write_text(report)


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--transcribe-forever":
        transcribe_forever(sys.argv[2])
    else:
        main()
