"""The header's count of today's work (`Today.to_do`), kept per person between pages.

Counting it reads the person's interviews, the progress rows of the planned guides and the
due rows of the others, and digests every card to find the kept plan: about 3 ms, which was
the largest part of a signed-in page that shows no plan of its own (bench/results-notes.md).
The count is kept in this process's cache, one entry a person and time zone (the person by
their id and when they joined: an id SQLite hands out again after an account is deleted names
someone else), with:

- their `TodayVersion` when it was counted: every write of theirs that can change the count,
  and a change to the content of a guide they own or practise, moves it on in its own
  transaction (`practice.today_version`), and a count of another version is counted again;
- the moments at which questions come due over the next minute, each adding one as its
  moment passes (a person with thousands of questions has one coming due every few seconds);
- when it ends: the next local hour (the plans are made per hour), an interview's start, or
  `KEPT_SECONDS` from the count, which bounds what other writes can leave unseen (staff
  archiving a question of a shipped guide, an author taking a guide out of the library): in
  the header's number, for a minute; the pages themselves always read the rows.

The version is read before the rows: a write that lands in between leaves a count under the
old version, which the next page counts again.
"""

import bisect
from datetime import datetime, timedelta

from django.core.cache import cache
from django.utils import timezone

from .. import today_version
from .inputs import planning_moment, unplanned_rows
from .today import Today, interviews_of, live_progress, today_summary

KEPT_SECONDS = 60


def _key(user, tz) -> str:
    zone = getattr(tz, "key", str(tz))
    return f"to-do:{user.pk}:{user.date_joined.timestamp()}:{zone}"


def _planned_arrivals(today: Today, now: datetime, until: datetime) -> list[datetime]:
    """Rows of the interviews' guides that join today's count when they come due before
    `until`: in a guide planned today, a question rated today that FSRS wants again (the
    plan's own reviews count already); in a guide whose interview is later today, any."""
    moments = []
    for guide_plan in today.plans:
        planned = set(guide_plan.today.review_ids) if guide_plan.today else set()
        for row in guide_plan.progress.values():
            if not now < row.due <= until:
                continue
            if guide_plan.today is None or (
                row.question_id not in planned and row.last_review >= guide_plan.today_starts
            ):
                moments.append(row.due)
    return moments


def _count(request, now: datetime, tz) -> tuple[int, list[float], datetime]:
    """Today's count at `now`; the moments before `until` at which a question comes due and
    adds one to it; and `until`, the end of what this foresees: the next local hour (the
    plans are made per hour), an interview's start, or KEPT_SECONDS from now."""
    user = request.user
    until = now + timedelta(seconds=KEPT_SECONDS)
    interviews = interviews_of(user, now)
    if not interviews:
        rows = live_progress().filter(user=user)
        count = rows.filter(due__lte=now).count()
        arrivals = list(rows.filter(due__gt=now, due__lte=until).values_list("due", flat=True))
        return count, sorted(moment.timestamp() for moment in arrivals), until
    # The page may read the same Today (the review page, the plan page, the home).
    today = request._today = today_summary(user, now=now, tz=tz, interviews=interviews)
    ends = [until, planning_moment(now, tz) + timedelta(hours=1)]
    ends += [moment for gp in today.plans if (moment := gp.interview.moment(tz)) > now]
    until = min(ends)
    planned = [guide_plan.guide.pk for guide_plan in today.plans]
    coming = unplanned_rows(user, planned, before=until).filter(due__gt=now)
    arrivals = list(coming.values_list("due", flat=True))
    arrivals += _planned_arrivals(today, now, until)
    return today.to_do, sorted(moment.timestamp() for moment in arrivals), until


def to_do_count(request) -> int:
    """`Today.to_do` for the signed-in person: the request's own Today when the page
    computed one, else the kept count (plus the questions come due since it was counted),
    else counted now and kept."""
    if hasattr(request, "_today"):
        return request._today.to_do
    now = timezone.now()
    tz = timezone.get_current_timezone()
    key = _key(request.user, tz)
    version = today_version.current(request.user.pk)
    kept = cache.get(key)
    if kept is not None and kept[0] == version and now.timestamp() < kept[3]:
        _version, count, arrivals, _until = kept
        return count + bisect.bisect_right(arrivals, now.timestamp())
    count, arrivals, until = _count(request, now, tz)
    # One entry a person and zone, replaced when their version moves on.
    cache.set(key, (version, count, arrivals, until.timestamp()), KEPT_SECONDS)
    return count
