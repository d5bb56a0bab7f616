"""What each screen of a partner interview shows, and the tag that says when it changed.

Both screens poll (the person every 1.5 s, the partner every 2 s) with `If-None-Match: <tag>`;
an unchanged tag answers 304 with `HX-Reswap: none` from `middleware.unchanged_polls`, before
sessions and authentication: one indexed query and no rendering. A tag is an HMAC of the
state it was drawn from and of whose it is (the person's user id, the partner's seat), so only
someone who was sent it can get a 304 with it, and it says nothing about the state. The
person's tag moves with every partner write (`version`) and with the session's own state
(the partner moving on, either side ending it); the partner's moves only with what the
partner does not do themselves (the person revoking, ending, or making a new link), so their
notes box is never replaced while they type.
"""

from dataclasses import dataclass

from django.http import HttpResponse
from django.utils.crypto import salted_hmac

from ..models import Confidence, MockItem, MockSession, PartnerFeedback, PartnerLink
from .key_points import key_points_for


def _signed(kind: str, *state) -> str:
    digest = salted_hmac(f"partner-poll-{kind}", repr(state), algorithm="sha256").hexdigest()
    return f'"{kind}-{digest[:32]}"'


def person_state_tag(session_id, user_id, status, position, link_id, version) -> str:
    return _signed("person", session_id, user_id, status, position, link_id, version)


def partner_state_tag(link_id, seat_hash, revoked: bool, status, position) -> str:
    return _signed("partner", link_id, seat_hash, revoked, status, position)


def person_tag(session: MockSession, link: PartnerLink | None) -> str:
    return person_state_tag(
        session.pk,
        session.user_id,
        session.status,
        session.position,
        link.pk if link else None,
        link.version if link else None,
    )


def partner_tag(session: MockSession, link: PartnerLink) -> str:
    return partner_state_tag(
        link.pk, link.seat_hash, link.is_revoked, session.status, session.position
    )


def current_person_tag(session_id) -> str | None:
    """The person's tag as the database has it now (one query), or None: no such session."""
    row = (
        MockSession.objects.filter(pk=session_id)
        .values_list("user_id", "status", "position", "partner_link__pk", "partner_link__version")
        .first()
    )
    return person_state_tag(session_id, *row) if row else None


def current_partner_tag(token_hash: str) -> str | None:
    row = (
        PartnerLink.objects.filter(token_hash=token_hash)
        .values_list("pk", "seat_hash", "revoked_at", "session__status", "session__position")
        .first()
    )
    if row is None:
        return None
    link_id, seat_hash, revoked_at, status, position = row
    return partner_state_tag(link_id, seat_hash, revoked_at is not None, status, position)


def not_modified(tag: str) -> HttpResponse:
    response = HttpResponse(status=304)
    response["ETag"] = tag
    response["HX-Reswap"] = "none"
    response["Cache-Control"] = "no-store"
    return response


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
