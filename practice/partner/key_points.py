"""Where a partner's checklist comes from: the question's stored key points (guide.key_points),
each named by its bold terms when it has them, else by its text."""


def key_points_for(question) -> list[str]:
    """The key points a partner ticks while listening, in the order of the model answer."""
    return [
        " / ".join(point.terms) if point.terms else point.plain
        for point in question.parsed_key_points()
    ]
