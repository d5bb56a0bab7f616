"""Where a partner's checklist comes from: the one place to switch to stored key points."""

from ..mock_interviews.coverage import key_points


def key_points_for(question) -> list[str]:
    """The key points a partner ticks while listening, in the order of the model answer."""
    return key_points(question.answer)
