"""The header's count of today's work (`Today.to_do`), kept per person between pages.

Counting it reads the person's interviews, the progress rows of the planned guides and the
due rows of the others, and digests every card to find the kept plan: about 3 ms, which was
the largest part of a signed-in page that shows no plan of its own (bench/results-notes.md).
The count is kept in this process's cache under a key naming what it was counted from:

- the person (their id and when they joined: an id SQLite hands out again after an account
  is deleted names someone else) and their `TodayVersion`, which every write of theirs that
  can change the count moves on in its own transaction (`practice.today_version`);
- the time zone the day is counted in;

and only until the next moment the count can change by itself: the next question coming
due, the next local hour (the plans are made per hour), an interview's start; and at most
`KEPT_SECONDS`, which bounds what someone else's write can leave unseen (staff archiving a
question, an author taking their guide out of the library): the header's count, for a
minute; the pages themselves always read the rows.

The version is read before the rows: a write that lands in between makes a count under the
old version that is never asked for again.
"""

from datetime import datetime, timedelta

from django.core.cache import cache
from django.db.models import Count, Min, Q
from django.utils import timezone

from .. import today_version
from .inputs import planning_moment
from .today import Today, interviews_of, live_progress, today_summary

KEPT_SECONDS = 60


def _key(user, tz) -> str:
    version = today_version.current(user.pk)
    zone = getattr(tz, "key", str(tz))
    return f"to-do:{user.pk}:{user.date_joined.timestamp()}:{version}:{zone}"


def _next_change(today: Today, now: datetime) -> datetime:
    """The first moment after `now` at which `today.to_do` can change with no write: a row
    coming due, the next local hour, an interview's start."""
    moments = [planning_moment(now, today.tz) + timedelta(hours=1)]
    moments += [due.next_later for due in today.unplanned if due.next_later]
    for guide_plan in today.plans:
        moments.append(guide_plan.interview.moment(today.tz))
        moments += [row.due for row in guide_plan.progress.values() if row.due > now]
    return min(moment for moment in moments if moment > now)


def _count(request, now: datetime, tz) -> tuple[int, datetime]:
    """Today's count and the first moment it can change by itself."""
    user = request.user
    interviews = interviews_of(user, now)
    if not interviews:
        counts = (
            live_progress()
            .filter(user=user)
            .aggregate(
                due_now=Count("pk", filter=Q(due__lte=now)),
                next_due=Min("due", filter=Q(due__gt=now)),
            )
        )
        return counts["due_now"], counts["next_due"] or now + timedelta(seconds=KEPT_SECONDS)
    # The page may read the same Today (the review page, the plan page, the home).
    request._today = today_summary(user, now=now, tz=tz, interviews=interviews)
    return request._today.to_do, _next_change(request._today, now)


def to_do_count(request) -> int:
    """`Today.to_do` for the signed-in person: the request's own Today when the page
    computed one, else the kept count, else counted now and kept."""
    if hasattr(request, "_today"):
        return request._today.to_do
    now = timezone.now()
    tz = timezone.get_current_timezone()
    key = _key(request.user, tz)
    kept = cache.get(key)
    if kept is not None and now.timestamp() < kept[1]:
        return kept[0]
    count, changes_at = _count(request, now, tz)
    until = min(changes_at, now + timedelta(seconds=KEPT_SECONDS))
    cache.set(key, (count, until.timestamp()), KEPT_SECONDS)
    return count
