"""Every request of a signed-in person runs in their time zone, so that `{{ moment|date }}`,
`timezone.localtime()` and `timezone.localdate()` speak their local time; visitors get UTC.

The zone's name is kept in the session: written at sign-in and when the person changes it,
read here with no query (the session is loaded anyway to find the user). A session from
before time zones existed looks it up once. Another device signed in earlier keeps the old
zone until it signs in again: the price of not reading the settings row on every request.
"""

from django.utils import timezone

from . import time_zones
from .models import preferences_for

SESSION_KEY = "time_zone"


def remember_time_zone(request, name: str) -> None:
    request.session[SESSION_KEY] = name


def remember_time_zone_at_sign_in(sender, request, user, **kwargs) -> None:
    """user_logged_in receiver: every way of signing in (the form, sign-up, tests'
    force_login) ends here."""
    remember_time_zone(request, preferences_for(user).time_zone)


def _zone_name(request) -> str:
    if not request.user.is_authenticated:
        return time_zones.DEFAULT
    if SESSION_KEY not in request.session:
        remember_time_zone_at_sign_in(None, request, request.user)
    return request.session[SESSION_KEY]


def local_time(get_response):
    def middleware(request):
        timezone.activate(time_zones.zone(_zone_name(request)))
        try:
            return get_response(request)
        finally:
            timezone.deactivate()

    return middleware
