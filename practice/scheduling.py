"""Spaced repetition with FSRS-6 (the `fsrs` package): confidence 1–5 → an FSRS rating.

Fuzzing is off so a user's schedule is exactly the replay of their rating history.
FSRS counts Hard as a pass, so only 3 – Okay maps to it: 2 – Shaky is not interview-ready
and counts as Again. 3, 4 and 5 each map to their own rating, so they schedule differently.
Migration practice/0003 replays every history with this map; change both together.
"""

from datetime import datetime, timedelta

import fsrs

SCHEDULER = fsrs.Scheduler(enable_fuzzing=False)

FSRS_RATING_FOR_CONFIDENCE = {
    1: fsrs.Rating.Again,
    2: fsrs.Rating.Again,
    3: fsrs.Rating.Hard,
    4: fsrs.Rating.Good,
    5: fsrs.Rating.Easy,
}


def new_card(card_id: int) -> fsrs.Card:
    # card_id given explicitly: the library's default sleeps a millisecond to make one.
    return fsrs.Card(card_id=card_id)


def review(card: fsrs.Card, *, confidence: int, at: datetime) -> fsrs.Card:
    reviewed, _log = SCHEDULER.review_card(card, FSRS_RATING_FOR_CONFIDENCE[confidence], at)
    return reviewed


def retrievability(card: fsrs.Card, *, at: datetime) -> float:
    """Probability of recall now, 0–1; 0 for a card never reviewed."""
    if card.last_review is None:
        return 0.0
    return SCHEDULER.get_card_retrievability(card, at)


def next_intervals(card: fsrs.Card, *, at: datetime) -> dict[int, timedelta]:
    """How long until the card is due again for each confidence, like Anki's button labels."""
    return {
        confidence: review(card, confidence=confidence, at=at).due - at
        for confidence in FSRS_RATING_FOR_CONFIDENCE
    }


def humanize_interval(delta: timedelta) -> str:
    """'1 min', '10 min', '3 h', '4 d', '2 mo', '1 y': short enough for a button."""
    seconds = max(delta.total_seconds(), 0)
    if seconds < 3600:
        return f"{max(round(seconds / 60), 1)} min"
    if seconds < 23.5 * 3600:
        return f"{round(seconds / 3600)} h"
    days = seconds / 86400
    if days < 31:
        return f"{round(days)} d"
    if days < 365:
        return f"{round(days / 30.4)} mo"
    return f"{days / 365:.1f} y".replace(".0 y", " y")


def retrievability_of(stability: float | None, last_review: datetime | None, *, at) -> float:
    """`retrievability` from the two numbers it depends on, without building a card: the
    progress page asks it of every question a person rated. Same formula as the library's
    `Scheduler.get_card_retrievability` (whole days elapsed)."""
    if stability is None or last_review is None:
        return 0.0
    elapsed_days = max(0, (at - last_review).days)
    return (1 + SCHEDULER._FACTOR * elapsed_days / stability) ** SCHEDULER._DECAY
