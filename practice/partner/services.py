"""Every change to a partner interview, each one small function in one transaction.

The link's token is 256 bits from `secrets`; only its SHA-256 is stored, looked up by that
hash and compared again in constant time. The partner's browser holds a random seat key
(its hash on the link), so one partner per link; the person may revoke the link or make a
new one (which seats nobody). Every change a screen must follow bumps `PartnerLink.version`.
"""

import hashlib
import hmac
import secrets

from django.db import transaction
from django.db.models import F

from guide.models import Question

from ..mock_interviews import services as mock_services
from ..models import MockItem, MockSession, PartnerFeedback, PartnerLink
from .key_points import key_points_for

MockError = mock_services.MockError


class LinkClosed(MockError):
    pass


class SeatTaken(MockError):
    pass


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def find_link(token: str) -> PartnerLink | None:
    """The link this token opens, or None. Tokens of another length are not looked up."""
    if not 20 <= len(token) <= 100:
        return None
    digest = hash_secret(token)
    link = PartnerLink.objects.select_related("session__guide").filter(token_hash=digest).first()
    if link is None or not hmac.compare_digest(link.token_hash, digest):
        return None
    return link


def is_seated(link: PartnerLink, seat_key: str | None) -> bool:
    """Whether `seat_key` (from the visitor's session) is the one the partner joined with."""
    if not seat_key or not link.seat_hash:
        return False
    return hmac.compare_digest(link.seat_hash, hash_secret(seat_key))


def is_open(link: PartnerLink) -> bool:
    return not link.is_revoked and link.session.is_active


def _bump(link: PartnerLink) -> None:
    PartnerLink.objects.filter(pk=link.pk).update(version=F("version") + 1)


def invite(*, session: MockSession, now) -> tuple[PartnerLink, str]:
    """A new private link for `session` (the first, or one replacing a revoked or shared one:
    the old token stops working and the seat is free again). Returns the link and its token,
    which is not stored."""
    if not session.is_active:
        raise LinkClosed("This mock interview has ended; it can no longer have a partner.")
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        link, created = PartnerLink.objects.select_for_update().get_or_create(
            session=session, defaults={"token_hash": hash_secret(token), "created_at": now}
        )
        if not created:
            link.token_hash = hash_secret(token)
            link.created_at = now
            link.display_name = ""
            link.seat_hash = ""
            link.joined_at = None
            link.revoked_at = None
            link.version = F("version") + 1
            link.save()
            link.refresh_from_db()
    return link, token


def join(*, link: PartnerLink, display_name: str, now) -> str:
    """Seat the partner; returns the seat key for their session. A second partner is refused."""
    seat_key = secrets.token_urlsafe(32)
    with transaction.atomic():
        locked = PartnerLink.objects.select_for_update().select_related("session").get(pk=link.pk)
        if not is_open(locked):
            raise LinkClosed("This interview is closed.")
        if locked.is_joined:
            raise SeatTaken("Someone has already joined this interview as the partner.")
        locked.display_name = display_name
        locked.seat_hash = hash_secret(seat_key)
        locked.joined_at = now
        locked.version = F("version") + 1
        locked.save(update_fields=["display_name", "seat_hash", "joined_at", "version"])
        # The interview starts when the interviewer arrives: the first question's clock too.
        session = locked.session
        if session.position == 0:
            session.items.filter(position=0, revealed_at__isnull=True).update(started_at=now)
    return seat_key


def revoke(*, session: MockSession, now) -> None:
    """Close the link: the partner's page says the interview is closed. Idempotent."""
    with transaction.atomic():
        PartnerLink.objects.filter(session=session, revoked_at__isnull=True).update(
            revoked_at=now, version=F("version") + 1
        )


def _current(link: PartnerLink, position: int) -> tuple[MockSession, MockItem]:
    session = MockSession.objects.select_for_update().get(pk=link.session_id)
    fresh = PartnerLink.objects.get(pk=link.pk)
    if fresh.is_revoked or not session.is_active or fresh.seat_hash != link.seat_hash:
        raise LinkClosed("This interview is closed.")
    if position != session.position:
        raise mock_services.NotCurrent("Your partner's screen has moved on. Reload to continue.")
    return session, session.items.select_related("question").get(position=position)


def save_feedback(*, link, position, ticked, notes, rating, now) -> PartnerFeedback:
    """Store the partner's checklist (`ticked`: indices of key points), notes and rating for
    the current question, replacing what was there."""
    with transaction.atomic():
        _session, item = _current(link, position)
        points = key_points_for(item.question)
        chosen = [point for index, point in enumerate(points) if index in set(ticked)]
        feedback, _created = PartnerFeedback.objects.update_or_create(
            item=item,
            defaults={"ticked": chosen, "notes": notes, "rating": rating, "updated_at": now},
        )
        _bump(link)
    return feedback


def next_question(*, link, from_position, now) -> MockSession:
    """The partner moves on: the answer's clock stops, the next question (or the end) comes.
    A repeated submit for the same position changes nothing."""
    with transaction.atomic():
        try:
            _session, item = _current(link, from_position)
        except mock_services.NotCurrent:
            return MockSession.objects.get(pk=link.session_id)
        if item.revealed_at is None:
            item.revealed_at = now
            item.save(update_fields=["revealed_at"])
        session = mock_services.advance(session=link.session, from_position=from_position, now=now)
        _bump(link)
    return session


def rate_after(*, session: MockSession, position: int, confidence: int, now, adopt=False):
    """The person's self-rating of one question once the interview is over (a partner
    interview shows the model answer only then); `adopt` takes the partner's rating. It moves
    the schedule like every rating; rating again corrects it instead of adding one."""
    with transaction.atomic():
        session = MockSession.objects.select_for_update().get(pk=session.pk)
        if session.is_active:
            raise mock_services.MockError("Rate yourself once the interview is over.")
        item = session.items.select_for_update().select_related("question").get(position=position)
        if item.started_at is None:
            raise mock_services.MockError("That question was never asked.")
        feedback = PartnerFeedback.objects.filter(item=item).first()
        if adopt:
            if feedback is None or feedback.rating is None:
                raise mock_services.MockError("Your partner did not rate that answer.")
            confidence = feedback.rating
        mock_services.record_self_rating(session, item, confidence=confidence, now=now)
        if feedback is not None:
            feedback.adopted_at = now if adopt else None
            feedback.save(update_fields=["adopted_at"])
    return item


def swap_roles(*, link: PartnerLink, user, now) -> tuple[MockSession, str]:
    """The partner, signed in, becomes the one interviewed: a new session for them on the same
    guide, as many questions and minutes (their own weakest first), with a link to send back."""
    old = link.session
    pool = list(
        Question.objects.live()
        .in_guide(old.guide)
        .visible_to(user)
        .select_related("section__guide")
        .in_order()
    )
    count = min(old.items.count(), len(pool))
    if not count:
        raise mock_services.MockError("That guide has no questions you can practise.")
    chosen = mock_services.select_questions(
        user=user, questions=pool, count=count, strategy=MockSession.Strategy.WEAKEST, now=now
    )
    with transaction.atomic():
        session = mock_services.start_mock_session(
            user=user,
            guide=old.guide,
            questions=chosen,
            strategy=MockSession.Strategy.WEAKEST,
            minutes_per_question=old.minutes_per_question,
            timed=old.timed,
            now=now,
        )
        _link, token = invite(session=session, now=now)
    return session, token
