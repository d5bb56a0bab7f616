"""Highlighting in a person's answer the sentences that matched key points: the judging itself
is `guide.coverage.coverage_for` (by meaning and key terms)."""


def highlight_segments(text: str, points) -> list[tuple[str, bool]]:
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
