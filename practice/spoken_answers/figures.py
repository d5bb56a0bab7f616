"""The figures of a spoken answer, from the words the recogniser heard (each with its start and
end in seconds): pace over talk time, filler words, the longest pause, and the transcript cut
into pieces with the fillers marked. Pure functions: no model, no database."""

from collections import Counter
from dataclasses import dataclass

# The pace an interviewer finds easy to follow, in words per minute of talk time.
PACE_BAND = (120, 160)
# One-word fillers, and the spellings the recogniser uses for them.
FILLER_WORDS = {
    "um": "um",
    "umm": "um",
    "uhm": "um",
    "hmm": "um",
    "uh": "uh",
    "uhh": "uh",
    "er": "uh",
    "erm": "uh",
    "like": "like",
    "basically": "basically",
    "actually": "actually",
    "right": "right",
}
FILLER_PAIRS = {("you", "know"): "you know", ("sort", "of"): "sort of", ("kind", "of"): "kind of"}
# The recogniser drops some of these, so their count is a lower bound ("at least").
UNDERCOUNTED = frozenset({"um", "uh"})
PUNCTUATION = ".,!?;:\"'()[]…-–—"


@dataclass(frozen=True)
class Figures:
    duration_seconds: float
    talk_seconds: float
    words_per_minute: float | None
    fillers: dict[str, int]
    filler_count: int
    longest_pause_seconds: float


def normalized(word: str) -> str:
    return word.strip().lower().strip(PUNCTUATION)


def filler_spans(words: list[dict]) -> list[tuple[range, str]]:
    """Each filler said, in order: the indices of its words and the filler's name."""
    tokens = [normalized(word["word"]) for word in words]
    spans = []
    index = 0
    while index < len(tokens):
        pair = FILLER_PAIRS.get(tuple(tokens[index : index + 2]))
        if pair:
            spans.append((range(index, index + 2), pair))
            index += 2
            continue
        if tokens[index] in FILLER_WORDS:
            spans.append((range(index, index + 1), FILLER_WORDS[tokens[index]]))
        index += 1
    return spans


def count_fillers(words: list[dict]) -> dict[str, int]:
    """{"um": 2, "you know": 1}: each filler once per time it was said, most said first."""
    return dict(Counter(filler for _, filler in filler_spans(words)).most_common())


def longest_pause(words: list[dict]) -> float:
    """The longest silence between two words, in seconds (0 with fewer than two words)."""
    gaps = [
        later["start"] - earlier["end"] for earlier, later in zip(words, words[1:], strict=False)
    ]
    return round(max([0.0, *gaps]), 1)


def words_per_minute(word_count: int, talk_seconds: float) -> float | None:
    if talk_seconds < 1 or not word_count:
        return None
    return round(word_count * 60 / talk_seconds)


def figures(words: list[dict], *, duration_seconds: float, talk_seconds: float) -> Figures:
    fillers = count_fillers(words)
    return Figures(
        duration_seconds=round(duration_seconds, 1),
        talk_seconds=round(talk_seconds, 1),
        words_per_minute=words_per_minute(len(words), talk_seconds),
        fillers=fillers,
        filler_count=sum(fillers.values()),
        longest_pause_seconds=longest_pause(words),
    )


def pace_verdict(wpm: float | None) -> str:
    if wpm is None:
        return "No pace: too little speech was heard."
    low, high = PACE_BAND
    if wpm < low:
        return f"Slower than the {low}–{high} words per minute most listeners find easy."
    if wpm > high:
        return f"Faster than the {low}–{high} words per minute most listeners find easy."
    return f"Within the {low}–{high} words per minute most listeners find easy."


def marked_transcript(words: list[dict], transcript: str) -> list[tuple[str, bool]]:
    """The transcript as (text, is_filler) pieces, for <mark>ing the fillers."""
    if not words:
        return [(transcript, False)] if transcript else []
    positions = {index for indices, _ in filler_spans(words) for index in indices}
    pieces: list[tuple[str, bool]] = []
    for index, word in enumerate(words):
        is_filler = index in positions
        text = word["word"]
        if pieces and pieces[-1][1] == is_filler and not is_filler:
            pieces[-1] = (pieces[-1][0] + text, False)
        else:
            pieces.append((text, is_filler))
    return pieces


def filler_labels(fillers: dict[str, int]) -> list[str]:
    """ "um ×2 (at least)", "you know ×1": how the page lists them."""
    return [
        f"{filler} ×{count}" + (" (at least)" if filler in UNDERCOUNTED else "")
        for filler, count in fillers.items()
    ]
