"""How well coverage (guide/coverage.py) tells covered key points from missed ones, on the
hand-labelled pairs of bench/coverage_labels.jsonl.

    .venv/bin/python bench/coverage_eval.py [--tune] [--full-minilm]

For each method — key terms alone, embeddings alone, and the two combined as the app does —
it prints the AUC (covered vs not found, and found at all — covered or partly — vs not
found) and, at the app's thresholds, precision and recall of "covered" and of "found at
all". `--tune` searches the term weight and both thresholds (with the floor for a whole key term
held at the current PARTLY) and prints the best; the chosen
values live in guide/coverage.py. `--full-minilm` also scores embeddings with the whole
MiniLM (numpy forward pass) instead of the static model made from it, for comparison.
Writes bench/results-coverage.md.
"""

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from common import embeddings  # noqa: E402
from guide import coverage  # noqa: E402
from guide.key_points import KeyPoint  # noqa: E402

LABELS = ROOT / "bench" / "coverage_labels.jsonl"
RESULTS = ROOT / "bench" / "results-coverage.md"


def auc(scores, positive) -> float:
    """The probability that a positive scores above a negative (ties count half)."""
    scores, positive = np.asarray(scores), np.asarray(positive, dtype=bool)
    pos, neg = scores[positive], scores[~positive]
    if not len(pos) or not len(neg):
        return float("nan")
    greater = (pos[:, None] > neg[None, :]).sum() + 0.5 * (pos[:, None] == neg[None, :]).sum()
    return float(greater / (len(pos) * len(neg)))


def precision_recall(predicted, positive):
    predicted, positive = np.asarray(predicted, bool), np.asarray(positive, bool)
    hits = (predicted & positive).sum()
    precision = hits / predicted.sum() if predicted.sum() else float("nan")
    return float(precision), float(hits / positive.sum())


def features(rows, embed=None):
    """(similarity, terms) of the best sentence for each row, as the app computes them, with
    `embed` in place of the static model when given."""
    sims, terms = [], []
    for row in rows:
        point = KeyPoint(row["point"])
        candidates = coverage.sentences(row["answer"])
        texts = [c.text for c in candidates]
        vectors = (embed or embeddings.embed)([*texts, point.plain])
        similarity = vectors[:-1] @ vectors[-1]
        term = np.array([coverage.term_score(point, c.stems) for c in candidates])
        sims.append(similarity)
        terms.append(term)
    return sims, terms


def best(sims, terms, weight, floor=True):
    """The best sentence's score: `coverage.combine` (with its floor for a whole key term when
    `floor`), or similarity alone when weight is 0 and floor False."""
    if not floor:
        return np.array([(s + weight * t).max() for s, t in zip(sims, terms, strict=True)])
    return np.array(
        [coverage.combine(s, t, weight).max() for s, t in zip(sims, terms, strict=True)]
    )


def report(name, scores, rows, covered_at, partly_at):
    label = np.array([row["label"] for row in rows])
    covered, found = label == "covered", label != "missing"
    sure = label != "partly"
    lines = [
        f"| {name} | {auc(scores[sure], covered[sure]):.3f} | {auc(scores, found):.3f} | "
        + " | ".join(
            f"{v:.2f}"
            for v in (
                *precision_recall(scores >= covered_at, covered),
                *precision_recall(scores >= partly_at, found),
            )
        )
        + f" | {covered_at:.2f} / {partly_at:.2f} |"
    ]
    return lines


def tune(sims, terms, rows):
    label = np.array([row["label"] for row in rows])
    found = label != "missing"
    covered = label == "covered"
    best_weight = max(np.arange(0, 1.01, 0.05), key=lambda w: auc(best(sims, terms, w), found))
    scores = best(sims, terms, best_weight)

    def f1(threshold, positive):
        p, r = precision_recall(scores >= threshold, positive)
        return 0 if not p + r or p != p else 2 * p * r / (p + r)

    grid = np.arange(0.2, 1.2, 0.01)
    covered_at = max(grid, key=lambda t: f1(t, covered))
    partly_at = max((t for t in grid if t < covered_at), key=lambda t: f1(t, found))
    return float(best_weight), float(covered_at), float(partly_at)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tune", action="store_true")
    parser.add_argument("--full-minilm", action="store_true")
    args = parser.parse_args(argv)
    rows = [json.loads(line) for line in LABELS.read_text().splitlines() if line.strip()]
    started = time.perf_counter()
    sims, terms = features(rows)
    per_pair_ms = (time.perf_counter() - started) / len(rows) * 1000
    weight, covered_at, partly_at = coverage.TERM_WEIGHT, coverage.COVERED, coverage.PARTLY
    out = [
        f"# Coverage on {len(rows)} labelled pairs (bench/coverage_labels.jsonl)",
        "",
        (
            f"{sum(r['label'] == 'covered' for r in rows)} covered, "
            f"{sum(r['label'] == 'partly' for r in rows)} partly, "
            f"{sum(r['label'] == 'missing' for r in rows)} not found; "
            f"{len({r['guide'] for r in rows})} guides, {len({r['question'] for r in rows})} "
            "questions. AUC covered: covered vs not found (partly left out); AUC found: covered "
            'or partly vs not found. P/R covered: precision and recall of "covered" at the '
            'covered threshold; P/R found: of "covered or partly" at the partly threshold.'
        ),
        "",
        (
            "| method | AUC covered | AUC found | P covered | R covered | P found | R found "
            "| thresholds |"
        ),
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    terms_only = np.array([t.max() for t in terms])
    sims_only = best(sims, terms, 0.0, floor=False)
    if args.tune:
        weight, covered_at, partly_at = tune(sims, terms, rows)
        print(f"tuned: TERM_WEIGHT={weight:.2f} COVERED={covered_at:.2f} PARTLY={partly_at:.2f}")
    t_cov, t_part = _own_thresholds(terms_only, rows)
    s_cov, s_part = _own_thresholds(sims_only, rows)
    out += report("key terms alone", terms_only, rows, t_cov, t_part)
    out += report("embeddings alone (static MiniLM)", sims_only, rows, s_cov, s_part)
    out += report(
        f"combined (similarity + {weight:.2f} × terms), the app's",
        best(sims, terms, weight),
        rows,
        covered_at,
        partly_at,
    )
    if args.full_minilm:
        from common.build_embeddings import MiniLM, weights_directory

        full = MiniLM(weights_directory())
        full_sims, _ = features(rows, embed=full.embed)
        full_only = best(full_sims, terms, 0.0, floor=False)
        f_cov, f_part = _own_thresholds(full_only, rows)
        out += report("embeddings alone (full MiniLM)", full_only, rows, f_cov, f_part)
        out += report(
            f"combined with full MiniLM (+ {weight:.2f} × terms)",
            best(full_sims, terms, weight),
            rows,
            *_own_thresholds(best(full_sims, terms, weight), rows),
        )
    out += [
        "",
        (
            "Thresholds of the single methods are each one's own best (F1), for a fair "
            "comparison; "
            "the app's are those in guide/coverage.py."
        ),
        (
            f"Scoring: {per_pair_ms:.2f} ms per (answer, key point) pair with the static model, "
            "sentence splitting and embedding included."
        ),
    ]
    text = "\n".join(out) + "\n"
    print(text)
    RESULTS.write_text(text)


def _own_thresholds(scores, rows):
    label = np.array([row["label"] for row in rows])
    grid = np.unique(np.round(scores, 3))

    def f1(threshold, positive):
        p, r = precision_recall(scores >= threshold, positive)
        return 0 if p != p or not p + r else 2 * p * r / (p + r)

    covered_at = max(grid, key=lambda t: f1(t, label == "covered"))
    below = [t for t in grid if t < covered_at] or [covered_at]
    partly_at = max(below, key=lambda t: f1(t, label != "missing"))
    return float(covered_at), float(partly_at)


if __name__ == "__main__":
    main()
