"""Every request of a signed-in person runs in their time zone, so that `{{ moment|date }}`,
`timezone.localtime()` and `timezone.localdate()` speak their local time; visitors get UTC.

The zone's name is kept in the session: written at sign-in and when the person changes it,
read here with no query (the session is loaded anyway to find the user). A session from
before time zones existed looks it up once. Another device signed in earlier keeps the old
zone until it signs in again: the price of not reading the settings row on every request.
"""

from django.utils import timezone
from django.utils.cache import patch_cache_control

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


def private_responses(get_response):
    """Every response to a signed-in person may hold their data (pages, htmx fragments,
    downloads): `Cache-Control: private, no-store` keeps it out of shared caches and off the
    disk of a shared computer. Without a session cookie nobody is signed in, so visitors'
    pages are left as they are, and their session is not even loaded."""

    def middleware(request):
        response = get_response(request)
        signed_in = request.session.session_key is not None and request.user.is_authenticated
        if signed_in:
            patch_cache_control(response, private=True, no_store=True)
        return response

    return middleware
