from datetime import timedelta
from math import ceil

from django import template

register = template.Library()


def _count(number: int, unit: str) -> str:
    return f"{number} {unit}" if number == 1 else f"{number} {unit}s"


@register.filter
def duration(value: timedelta) -> str:
    """A length of time for people: "15 minutes", "1 hour", "1 hour 30 minutes"."""
    hours, minutes = divmod(ceil(value.total_seconds() / 60), 60)
    parts = [_count(hours, "hour")] if hours else []
    if minutes or not hours:
        parts.append(_count(minutes, "minute"))
    return " ".join(parts)
