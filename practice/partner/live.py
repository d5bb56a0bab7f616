"""What each screen of a partner interview shows, and the tag that says when it changed.

Both screens poll every 2 s with `If-None-Match: <tag>`; an unchanged tag answers 304 with
`HX-Reswap: none`, so a waiting screen costs one indexed query and no rendering. The
person's tag moves with every partner write (`version`) and with the session's own state
(the partner moving on, either side ending it); the partner's moves only with what the
partner does not do themselves (the person revoking, ending, or making a new link), so their
notes box is never replaced while they type.
"""

from dataclasses import dataclass

from ..models import Confidence, MockItem, MockSession, PartnerFeedback, PartnerLink
from .key_points import key_points_for


def person_tag(session: MockSession, link: PartnerLink | None) -> str:
    version = f"{link.pk}.{link.version}" if link else "none"
    return f'"p{version}.{session.status}.{session.position}"'


def partner_tag(session: MockSession, link: PartnerLink) -> str:
    return f'"q{link.pk}.{int(link.is_revoked)}.{session.status}.{session.position}"'


@dataclass(frozen=True)
class Activity:
    """What the partner has done on the current question, as counts the person may see
    (never the key points themselves: they would give the model answer away)."""

    ticked: int
    points: int
    rated: int | None
    has_notes: bool

    @property
    def rating_label(self) -> str:
        return f"{self.rated} – {Confidence(self.rated).label}" if self.rated else ""


def activity(item: MockItem, feedback: PartnerFeedback | None) -> Activity:
    points = len(key_points_for(item.question))
    if feedback is None:
        return Activity(ticked=0, points=points, rated=None, has_notes=False)
    return Activity(
        ticked=len(feedback.ticked),
        points=points,
        rated=feedback.rating,
        has_notes=bool(feedback.notes.strip()),
    )


@dataclass(frozen=True)
class PastFeedback:
    """A question the partner has moved on from, with what they noted (the person may see
    it all now)."""

    item: MockItem
    points: list[tuple[str, bool]]
    feedback: PartnerFeedback | None


def past_feedback(session: MockSession) -> list[PastFeedback]:
    items = (
        session.items.filter(position__lt=session.position)
        .select_related("question", "partner_feedback")
        .order_by("position")
    )
    return [_with_points(item) for item in items]


def _with_points(item: MockItem) -> PastFeedback:
    feedback = getattr(item, "partner_feedback", None)
    ticked = set(feedback.ticked) if feedback else set()
    points = [(point, point in ticked) for point in key_points_for(item.question)]
    return PastFeedback(item=item, points=points, feedback=feedback)


def feedback_by_item(session: MockSession) -> dict[int, PastFeedback]:
    """Every started item's partner feedback, for the summary."""
    items = session.items.filter(started_at__isnull=False).select_related(
        "question", "partner_feedback"
    )
    return {item.pk: _with_points(item) for item in items}
