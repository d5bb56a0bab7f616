"""What the feedback shows about a spoken answer beyond its figures: which key points were
heard. `key_points_heard` is the one place that asks the coverage code; switching to coverage
by meaning is a change to this function alone."""

import re

from ..mock_interviews.coverage import coverage, key_points

SENTENCE = re.compile(r"[^.!?]+[.!?]*")


def key_terms(question) -> list[str]:
    """The model answer's key points, also the recogniser's prompt."""
    return key_points(question.answer)


def _sentence_at(text: str, position: int) -> str:
    for match in SENTENCE.finditer(text):
        if match.start() <= position < match.end():
            return match.group().strip()
    return ""


def key_points_heard(question, text: str) -> list[dict]:
    """[{"text": key point, "status": "covered" | "partly" | "not found", "sentence": the
    sentence of the transcript that matched (or "")}, …] in the model answer's order."""
    heard = []
    for point in coverage(key_terms(question), text):
        heard.append(
            {
                "text": point.text,
                "status": "covered" if point.covered else "not found",
                "sentence": _sentence_at(text, point.span[0]) if point.span else "",
            }
        )
    return heard
