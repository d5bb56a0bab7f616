"""Key-point coverage: which of the model answer's **bold** terms the user's own answer
mentions. Case-insensitive and tolerant of plurals, hyphens and punctuation; small words
("the", "of", …) may be missing and a couple of extra words may sit in between."""

import re
from dataclasses import dataclass

BOLD = re.compile(r"\*\*(.+?)\*\*", re.DOTALL)
WORD = re.compile(r"[^\W_]+", re.UNICODE)
SMALL_WORDS = frozenset(
    "a an and are as at be by for from in is it of on or the to with".split()  # noqa: SIM905
)
# How many extra words may sit between the words of a key point in the user's text.
SLACK = 2


@dataclass(frozen=True)
class KeyPoint:
    text: str
    covered: bool
    # Where the user's text mentions it: (start, end) character offsets, or None.
    span: tuple[int, int] | None = None


def key_points(answer_markdown: str) -> list[str]:
    """The terms the model answer puts in bold, in order, without trailing punctuation and
    without repeats: "**Supervised Learning:**" → "Supervised Learning"."""
    points = []
    for match in BOLD.finditer(answer_markdown):
        text = " ".join(match.group(1).split()).strip(" :;,.–—-")
        if text and text.lower() not in {point.lower() for point in points}:
            points.append(text)
    return points


def _forms(word: str) -> frozenset[str]:
    """The word and the singulars it could be: "biases" → {biases, biase, bias}."""
    word = word.lower()
    forms = {word}
    if len(word) > 3 and word.endswith("s"):
        forms.add(word[:-1])
    if len(word) > 4 and word.endswith("es"):
        forms.add(word[:-2])
    if len(word) > 4 and word.endswith("ies"):
        forms.add(word[:-3] + "y")
    return frozenset(forms)


def _words(text: str) -> list[tuple[frozenset[str], int, int]]:
    return [(_forms(m.group()), m.start(), m.end()) for m in WORD.finditer(text)]


def _find(point_words, text_words):
    """Span of the first place where the point's words appear in order, close together."""
    if not point_words:
        return None
    window = len(point_words) + SLACK * (len(point_words) - 1)
    for start, (forms, _, _) in enumerate(text_words):
        if not forms & point_words[0]:
            continue
        found, index = 1, start
        for position in range(start + 1, min(start + window, len(text_words))):
            if found == len(point_words):
                break
            if text_words[position][0] & point_words[found]:
                found, index = found + 1, position
        if found == len(point_words):
            return text_words[start][1], text_words[index][2]
    return None


def coverage(points: list[str], text: str) -> list[KeyPoint]:
    text_words = _words(text)
    results = []
    for point in points:
        words = [forms for forms, _, _ in _words(point)]
        significant = [forms for forms in words if not forms & SMALL_WORDS] or words
        span = _find(significant, text_words)
        results.append(KeyPoint(text=point, covered=span is not None, span=span))
    return results


def highlight_segments(text: str, points: list[KeyPoint]) -> list[tuple[str, bool]]:
    """The user's text cut into (segment, is_match) pieces for <mark> highlighting."""
    spans = sorted({point.span for point in points if point.span})
    segments, cursor = [], 0
    for start, end in spans:
        if start < cursor:  # overlapping matches: extend the previous highlight
            start = cursor
            if end <= cursor:
                continue
        if start > cursor:
            segments.append((text[cursor:start], False))
        segments.append((text[start:end], True))
        cursor = end
    if cursor < len(text):
        segments.append((text[cursor:], False))
    return segments
