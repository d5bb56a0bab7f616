"""Highlighting, in a person's mock answer, the sentences that matched key points (the judging
itself is tested in tests/guide/test_coverage.py)."""

from guide.coverage import score_points
from guide.key_points import parse
from practice.mock_interviews.coverage import highlight_segments


def test_matched_sentences_are_highlighted_in_the_users_text():
    text = "Hello. Dropout switches off random neurons while training. Thanks!"
    points = score_points(parse("**Dropout** deactivates random neurons in training."), text)

    segments = highlight_segments(text, points)

    assert ("Dropout switches off random neurons while training.", True) in segments
    assert "".join(segment for segment, _ in segments) == text


def test_overlapping_matches_are_highlighted_once():
    text = "High bias underfits. High variance overfits."
    points = score_points(parse("**High bias** underfits\n**High variance** overfits"), text)

    segments = highlight_segments(text, points)

    assert "".join(segment for segment, _ in segments) == text
    assert [segment for segment, matched in segments if matched]


def test_nothing_typed_highlights_nothing():
    assert highlight_segments("", []) == []
