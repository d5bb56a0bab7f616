"""Timings of search and coverage by meaning (common/embeddings.py, guide/search_meaning.py,
guide/coverage.py), in one process, no database: `make bench` runs it after bench/run.py.

    .venv/bin/python bench/meaning.py [N]

Embeds N (15,000 by default) generated questions as indexing does (two texts each), times a
query against an in-memory index of them (embedding the query included), and times scoring
a typed answer against a question's key points. Writes bench/results-meaning.md.
"""

import random
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from common import embeddings  # noqa: E402
from guide import search_meaning  # noqa: E402
from guide.coverage import score_points  # noqa: E402
from guide.key_points import derive, parse  # noqa: E402

QUERIES = [
    "imbalanced",
    "neural network vanishing",
    "tranformer",
    "how to stop a model memorising training data",
]
ANSWER = (
    "Leakage is when the model sees something at training time it won't have later. For "
    "example, fitting the scaler on the full dataset before the split lets the test rows "
    "shape the training. Also features computed after the event, like a refund flag when "
    "predicting fraud. I always split first and use a pipeline."
)
KEY_POINTS = (
    "- **Target leakage:** Features derived from the target or computed after the event.\n"
    "- **Train-test contamination:** Scaling/encoding fit on the entire dataset before splitting."
)


def documents(n: int) -> list[list[str]]:
    # Words of the shipped guide, drawn at random with a fixed seed: the same text every run.
    text = (ROOT / "guide" / "content" / "ai-ml-interview-guide.txt").read_text()
    words = sorted({w.lower() for w in text.split() if w.isalpha() and len(w) > 3})
    rng = random.Random(7)
    made = []
    for _ in range(n):
        prompt = " ".join(rng.choices(words, k=8)).capitalize() + "?"
        answer = "\n".join(
            f"- **{rng.choice(words)}** {' '.join(rng.choices(words, k=12))}." for _ in range(3)
        )
        made.append(search_meaning.document_texts(prompt, "\n".join(derive(answer)), answer))
    return made


def timed(function, repeat):
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), max(times)


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 15_000
    started = time.perf_counter()
    embeddings.model()
    load_s = time.perf_counter() - started
    texts = documents(n)
    started = time.perf_counter()
    blobs = search_meaning.encode(texts)
    embed_s = time.perf_counter() - started
    matrix = np.concatenate([search_meaning.decode(b) for b in blobs]).astype(np.float32)
    search_meaning._cache[(0, 0)] = search_meaning._GuideIndex(
        pks=np.arange(n, dtype=np.int64), matrix=matrix
    )
    rows = [
        "# Search and coverage by meaning: timings",
        "",
        f"- Model load (once per process): {load_s * 1000:.0f} ms",
        (
            f"- Embedding {n:,} questions for the index (2 texts each): {embed_s:.1f} s "
            f"({embed_s / n * 1000:.2f} ms a question); index in memory: "
            f"{matrix.nbytes / 1e6:.1f} MB"
        ),
    ]
    for query in QUERIES:
        median, worst = timed(lambda q=query: search_meaning.nearest(q, [(0, 0)], limit=50), 20)
        rows.append(
            f"- Query “{query}” over {n:,} questions: median {median:.1f} ms, max {worst:.1f} ms"
        )
    points = parse(KEY_POINTS)
    median, worst = timed(lambda: score_points(points, ANSWER), 50)
    rows.append(
        f"- Coverage of a 4-sentence answer against 2 key points: median {median:.1f} ms, "
        f"max {worst:.1f} ms"
    )
    text = "\n".join(rows) + "\n"
    print(text)
    (ROOT / "bench" / "results-meaning.md").write_text(text)


if __name__ == "__main__":
    main()
