"""What the feedback shows about a spoken answer beyond its figures: which key points were
heard. `key_points_heard` is the one place that asks the coverage code (coverage by meaning,
`guide.coverage.coverage_for`, as "Check my answer" and the mock summary do)."""

from guide.coverage import coverage_for
from guide.key_points import parse


def key_terms(question) -> list[str]:
    """The bold terms of the question's key points (a point without one counts whole): the
    recogniser's prompt, so that it spells them as the guide does."""
    terms: list[str] = []
    for point in parse(question.key_points):
        terms.extend(point.terms or [point.plain])
    return terms


def key_points_heard(question, text: str) -> list[dict]:
    """[{"text": key point, "status": "covered" | "partly" | "not found", "sentence": the
    sentence of the transcript that matched (or "")}, …] in the key points' order, judged by
    meaning (`guide.coverage`)."""
    return [
        {"text": result.point.plain, "status": result.status, "sentence": result.sentence}
        for result in coverage_for(question, text)
    ]
