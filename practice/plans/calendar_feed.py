"""A person's interview plan as a private iCalendar feed that calendar apps subscribe to.

The URL holds a secret token instead of a session (calendar apps cannot sign in): the profile
turns the feed on, makes a new token to revoke the old URL, or turns it off
(`accounts.Preferences.calendar_token`). The feed holds each upcoming interview, and one study
event for each planned day at the person's reminder time, carrying the day's counts. UIDs are
stable, so a calendar app that fetches again updates its events instead of adding copies.
"""

from datetime import UTC, datetime, timedelta

from django.http import Http404, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_safe
from icalendar import Calendar, Event

from accounts import time_zones
from accounts.models import Preferences

from .today import Today, today_summary, work_text

INTERVIEW_LENGTH = timedelta(hours=1)
SHORTEST_STUDY = timedelta(minutes=15)


def _interview_event(guide_plan, *, today: Today, stamp: datetime, host: str, plan_url: str):
    interview = guide_plan.interview
    event = Event()
    event.add("uid", f"interview-{interview.pk}@{host}")
    event.add("dtstamp", stamp)
    event.add("summary", f"Interview: {guide_plan.guide.title}")
    if interview.time_given:
        start = interview.moment(today.tz).astimezone(UTC)
        event.add("dtstart", start)
        event.add("dtend", start + INTERVIEW_LENGTH)
    else:
        # A date alone is an all-day event on that date, in every time zone.
        event.add("dtstart", interview.interview_on)
        event.add("dtend", interview.interview_on + timedelta(days=1))
    event.add("description", f"Target recall {interview.target_percent}%. Your plan: {plan_url}")
    event.add("url", plan_url)
    return event


def _study_days(today: Today) -> dict:
    """{local day: [(guide, reviews, new)]} over every plan; today's counts are what is left
    of today, as on the home page and the plan page (`GuidePlan.days`)."""
    days: dict = {}
    for guide_plan in today.plans:
        for plan_day in guide_plan.days:
            counts = (plan_day.review_count, plan_day.new_count)
            if sum(counts):
                days.setdefault(plan_day.date, []).append((guide_plan.guide, *counts))
    return days


def _study_event(day, guides, *, today: Today, preferences, stamp, host, review_url):
    reviews = sum(count for _guide, count, _new in guides)
    new = sum(count for _guide, _reviews, count in guides)
    minutes = today.pace.minutes(reviews + new)
    start = datetime.combine(day, preferences.reminder_time, tzinfo=today.tz).astimezone(UTC)
    event = Event()
    event.add("uid", f"study-{preferences.user_id}-{day:%Y%m%d}@{host}")
    event.add("dtstamp", stamp)
    event.add("summary", f"Interview prep: {work_text(reviews, new, minutes)}")
    event.add("dtstart", start)
    event.add("dtend", start + max(timedelta(minutes=minutes), SHORTEST_STUDY))
    # With several interviews, each guide's share of the day.
    lines = [
        f"{guide.title}: {work_text(r, n, today.pace.minutes(r + n))}" for guide, r, n in guides
    ]
    lines = lines if len(guides) > 1 else [guides[0][0].title]
    event.add("description", "\n".join([*lines, f"Start: {review_url}"]))
    event.add("url", review_url)
    return event


def build_calendar(preferences, *, today: Today, absolute, host: str) -> Calendar:
    """The feed of one person (`preferences.user`) as of `today`; `absolute(path)` makes a
    link absolute."""
    calendar = Calendar()
    calendar.add("prodid", "-//Interview Prep//Interview plan//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", "Interview prep")
    calendar.add("x-published-ttl", "PT1H")
    stamp = today.now.astimezone(UTC)
    for guide_plan in today.plans:
        plan_url = absolute(reverse("practice:plan", args=[guide_plan.guide.slug]))
        calendar.add_component(
            _interview_event(guide_plan, today=today, stamp=stamp, host=host, plan_url=plan_url)
        )
    review_url = absolute(reverse("practice:review"))
    for day, guides in sorted(_study_days(today).items()):
        calendar.add_component(
            _study_event(
                day,
                guides,
                today=today,
                preferences=preferences,
                stamp=stamp,
                host=host,
                review_url=review_url,
            )
        )
    return calendar


@require_safe
def calendar_feed(request, token):
    """No session and no CSRF: the token in the URL is the key, and a GET changes nothing."""
    # The URL takes only token_urlsafe's alphabet (a slug), so no NUL byte reaches the query.
    preferences = Preferences.objects.filter(calendar_token=token).select_related("user").first()
    if preferences is None or not preferences.user.is_active:
        raise Http404("No calendar feed has this link.")
    today = today_summary(preferences.user, tz=time_zones.zone(preferences.time_zone))
    calendar = build_calendar(
        preferences,
        today=today,
        absolute=request.build_absolute_uri,
        host=request.get_host().partition(":")[0],
    )
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="interview-prep.ics"'
    response["Cache-Control"] = "private, no-cache"
    response["X-Robots-Tag"] = "noindex"
    return response
