"""Coverage by meaning: which key points of a question a person's answer says, as hints.

    coverage_for(question, text) -> list[PointResult]

For each key point (`Question.key_points`), every sentence of the answer (and each pair of
neighbouring sentences) is compared with it two ways:

- by meaning: the cosine similarity of their sentence embeddings (`common.embeddings`);
- by key terms: how much of the point's **bold** term is there (its words in any form:
  "splitting" is "split", "regularisation" is "regularization"; a bracketed alternative or
  abbreviation counts: "Leave-One-Out (LOO)" is found as "LOO", "PR-AUC" as "PR AUC"), and how
  many of the point's other content words are there.

The two make one score, `similarity + TERM_WEIGHT * terms` (and at least PARTLY when a key
term is there whole); the best sentence's score says *covered* (≥ COVERED), *partly*
(≥ PARTLY) or *not found*. The thresholds were tuned on
bench/coverage_labels.jsonl (`bench/coverage_eval.py` prints how well each part does alone
and together). It is a hint: a right-sounding answer about the right topic can still be
wrong, and the person's own rating is what moves their schedule.
"""

import re
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from common import embeddings

from .key_points import KeyPoint, parse

# Tuned on bench/coverage_labels.jsonl (see bench/results-coverage.md).
TERM_WEIGHT = 0.20
COVERED = 0.65
PARTLY = 0.50
COVERED_LABEL, PARTLY_LABEL, MISSING_LABEL = "covered", "partly", "not found"
MAX_SENTENCES = 60

_WORD = re.compile(r"[A-Za-z0-9]+")
_SENTENCE = re.compile(r"[^.!?;\n]+[.!?;]*", re.UNICODE)
_BRACKETS = re.compile(r"\(([^)]*)\)")
STOP_WORDS = frozenset(
    """a an and are as at be by can do does for from has have how in into is it its of on or
    so than that the their then there these this to was were what when where which while who
    why will with you your e g eg i e ie use used using each every more most less very not no
    other such also only just like may might must should would could""".split()  # noqa: SIM905
)


def stem(word: str) -> str:
    """A rough stem, enough to join "splitting"/"split", "fitted"/"fit", "scaler"/"scaling",
    "regularisation"/"regularization" and plurals."""
    word = word.lower().replace("isation", "ization").replace("ise", "ize").replace("yse", "yze")
    for suffix in (
        "izations", "ization", "ations", "ation", "ings", "ing", "ized", "izes", "ize",
        "ers", "er", "ed", "ies", "es", "s", "ly",
    ):  # fmt: skip
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)] + ("y" if suffix == "ies" else "")
            break
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "lsz":
        word = word[:-1]
    return word


def _stems(text: str) -> list[str]:
    return [stem(w) for w in _WORD.findall(text) if w.lower() not in STOP_WORDS]


def term_forms(term: str) -> list[list[str]]:
    """The ways a term may be written, each as its stems: the term without its brackets, what
    the brackets hold, and the initials of a term of several words ("Leave-One-Out" → LOO)."""
    inside = [part.strip() for part in _BRACKETS.findall(term)]
    outside = " ".join(_BRACKETS.sub(" ", term).split())
    forms = []
    for text in [outside, *inside]:
        words = [w for w in re.split(r"[\s/]+", text) if w]
        if not words:
            continue
        forms.append(_stems(text))
        parts = [p for w in words for p in re.split(r"-", w) if p]
        if len(parts) >= 2 and all(p[0].isalpha() for p in parts):
            forms.append([stem("".join(p[0] for p in parts))])
    return [form for form in forms if form]


def term_score(point: KeyPoint, stems: set[str]) -> float:
    """How much of the point's key terms `stems` (a sentence's) hold: for each bold term the
    best of its forms (the fraction of its words found), averaged over the terms; and the
    fraction of the rest of the point's content words, whichever is higher."""
    scores = []
    for term in point.terms:
        forms = term_forms(term)
        if forms:
            scores.append(max(sum(s in stems for s in form) / len(form) for form in forms))
    terms = sum(scores) / len(scores) if scores else 0.0
    words = set(_stems(point.plain)) - {s for t in point.terms for f in term_forms(t) for s in f}
    overlap = len(words & stems) / len(words) if words else 0.0
    return max(terms, overlap)


@dataclass(frozen=True)
class Sentence:
    text: str
    start: int
    end: int
    stems: set[str] = field(default_factory=set)


def sentences(text: str) -> list[Sentence]:
    """The answer's sentences and each pair of neighbours (a point may take two), with their
    character offsets in `text`."""
    found = [
        Sentence(
            m.group().strip(),
            m.start() + len(m.group()) - len(m.group().lstrip()),
            m.end() - len(m.group()) + len(m.group().rstrip()),
        )
        for m in _SENTENCE.finditer(text)
        if _WORD.search(m.group())
    ][:MAX_SENTENCES]
    pairs = [
        Sentence(text[a.start : b.end].strip(), a.start, b.end)
        for a, b in zip(found, found[1:], strict=False)
    ]
    return [Sentence(s.text, s.start, s.end, set(_stems(s.text))) for s in found + pairs]


@dataclass(frozen=True)
class PointResult:
    point: KeyPoint
    status: str  # COVERED_LABEL, PARTLY_LABEL or MISSING_LABEL
    score: float  # similarity + TERM_WEIGHT * terms, of the best sentence
    similarity: float
    terms: float
    # The sentence of the answer that matched best ("" when not found), and where it is.
    sentence: str = ""
    span: tuple[int, int] | None = None

    @property
    def covered(self) -> bool:
        return self.status == COVERED_LABEL

    @property
    def partly(self) -> bool:
        return self.status == PARTLY_LABEL


def combine(similarity, terms, weight=TERM_WEIGHT):
    """The score of each sentence: similarity plus the weighted key-term share; a sentence
    that holds a key term whole (or every content word of the point) is at least "partly"."""
    return np.maximum(similarity + weight * terms, np.where(terms >= 1.0, PARTLY, 0.0))


def status_for(score: float) -> str:
    if score >= COVERED:
        return COVERED_LABEL
    if score >= PARTLY:
        return PARTLY_LABEL
    return MISSING_LABEL


@lru_cache(maxsize=2048)
def _point_vector(text: str) -> np.ndarray:
    return embeddings.embed_one(text)


def score_points(points: list[KeyPoint], text: str) -> list[PointResult]:
    """Judge each point against `text` (see the module's docstring)."""
    candidates = sentences(text)
    if not candidates:
        return [PointResult(p, MISSING_LABEL, 0.0, 0.0, 0.0) for p in points]
    vectors = embeddings.embed([c.text for c in candidates])
    results = []
    for point in points:
        similarity = vectors @ _point_vector(point.plain)
        terms = np.array([term_score(point, c.stems) for c in candidates])
        scores = combine(similarity, terms)
        best = int(scores.argmax())
        status = status_for(float(scores[best]))
        found = status != MISSING_LABEL
        results.append(
            PointResult(
                point=point,
                status=status,
                score=float(scores[best]),
                similarity=float(similarity[best]),
                terms=float(terms[best]),
                sentence=candidates[best].text if found else "",
                span=(candidates[best].start, candidates[best].end) if found else None,
            )
        )
    return results


def coverage_for(question, text: str) -> list[PointResult]:
    """The key points of `question` (a `guide.models.Question`) judged against `text`, a
    person's typed or transcribed answer; [] when the question has no key points."""
    points = parse(question.key_points)
    if not points:
        return []
    return score_points(points, text)
