"""What the interview planner needs again and again, kept in Django's cache so that the
header's count, the home, the review page and the plan page do not plan on every request.

Nothing here is ever deleted or goes stale: each key holds everything its value depends on.
- A guide's outline (its live questions' ids and sections, in reading order) is the guide's
  own, keyed by the guide and its `content_version`, which every content write bumps
  (archiving included).
- A plan is keyed by the user and a digest of every input of `planning.plan_interview`: each
  question's FSRS card as the progress rows say now, the moment planned from (the hour,
  `plans.planning_moment`), the interview's moment, time zone, target and budget, and what
  was done today. A rating, a corrected rating, a changed date or time zone, or a new hour
  make a new key; a key no longer asked for just expires.

The cache is each process's own memory (config/settings/base.py): a deploy starts afresh,
so a changed planner never meets a plan the old one made.
"""

import hashlib
from collections.abc import Iterable, Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from django.core.cache import cache

from guide import page_cache

from . import planner as planning

# A plan is keyed by its hour, so it is never asked for after that.
PLAN_SECONDS = 60 * 60

Outline = list[tuple[int, int]]  # (question id, section id) in reading order


def outlines(guides: Iterable) -> dict[int, Outline]:
    """Each guide's outline, by guide id: from the guide's own, kept per content version
    (`guide.page_cache.outline`, which the question and progress pages read too)."""
    return {
        guide.pk: [
            (entry.pk, entry.section_id)
            for entry in page_cache.outline(guide.pk, guide.content_version)
        ]
        for guide in guides
    }


def _moment(value: datetime | None) -> float | None:
    return None if value is None else value.timestamp()


def _digest(questions: Sequence[planning.PlanQuestion], **inputs) -> str:
    cards = tuple(
        (
            question.question_id,
            question.section_id,
            None
            if (card := question.card) is None
            else (
                card.state.value,
                card.step,
                card.stability,
                card.difficulty,
                _moment(card.due),
                _moment(card.last_review),
            ),
        )
        for question in questions
    )
    text = repr((sorted(inputs.items()), cards))
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def plan(
    user_id: int,
    questions: Sequence[planning.PlanQuestion],
    *,
    now: datetime,
    interview_at: datetime,
    tz: ZoneInfo,
    target: float,
    budget: int | None,
    done_today: planning.DoneToday,
) -> tuple[planning.InterviewPlan, str]:
    """`planning.plan_interview` with these arguments, planned once and then kept; and the
    key it is kept under, which names this plan (for what is rendered from it alone)."""
    digest = _digest(
        questions,
        now=now.timestamp(),
        interview_at=interview_at.timestamp(),
        tz=getattr(tz, "key", str(tz)),
        target=target,
        budget=budget,
        done=(done_today.started, done_today.reviewed),
    )
    key = f"plan:{user_id}:{digest}"
    found = cache.get_or_set(
        key,
        lambda: planning.plan_interview(
            questions,
            now=now,
            interview_at=interview_at,
            tz=tz,
            target=target,
            budget=budget,
            done_today=done_today,
        ),
        PLAN_SECONDS,
    )
    return found, key
