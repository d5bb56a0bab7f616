from datetime import timedelta

from django import template
from django.utils import timezone
from django.utils.timesince import timesince

from practice.models import Confidence

register = template.Library()


@register.filter
def clock(seconds) -> str:
    """135 → "2:15"; 3725 → "1:02:05"."""
    seconds = int(seconds or 0)
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{seconds:02d}"
    return f"{minutes}:{seconds:02d}"


@register.filter
def one_decimal(value) -> str:
    return "–" if value is None else f"{value:.1f}"


@register.filter
def percent(value) -> str:
    return "–" if value is None else f"{round(value * 100)}%"


@register.filter
def confidence_label(value) -> str:
    """3 → "Okay": the words of a confidence level, the same on every page."""
    return Confidence(value).label


@register.filter
def ago(moment) -> str:
    """How long ago, like "2 hours, 5 minutes ago"; "just now" under a minute, not "0 minutes"."""
    if timezone.now() - moment < timedelta(minutes=1):
        return "just now"
    return f"{timesince(moment)} ago"
