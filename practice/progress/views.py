"""The progress pages: every guide's progress at a glance, and one guide's dashboard."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from guide.models import Guide

from ..models import InterviewDate
from ..readiness import countdown_text, days_until
from . import report as progress_report


@login_required
@require_GET
def progress_overview(request):
    visible = Guide.objects.live().visible_to(request.user).with_counts()
    guides = list(progress_report.with_rated_counts(visible, request.user))
    if len(guides) == 1:
        return redirect("practice:progress", slug=guides[0].slug)
    return render(request, "practice/progress_overview.html", {"guides": guides})


@login_required
@require_GET
def progress(request, slug):
    guide = get_object_or_404(Guide.objects.live().visible_to(request.user), slug=slug)
    interview = InterviewDate.objects.for_user(request.user).filter(guide=guide).first()
    now = timezone.now()
    tz = timezone.get_current_timezone()
    upcoming = interview if interview and interview.is_upcoming(now, tz) else None
    report = progress_report.guide_progress(
        request.user, guide, now=now, interview_at=upcoming.moment(tz) if upcoming else None
    )
    context = {"guide": guide, "report": report, "interview": upcoming}
    if upcoming:
        context["countdown"] = countdown_text(days_until(upcoming.interview_on, now=now, tz=tz))
    return render(request, "practice/progress.html", context)
