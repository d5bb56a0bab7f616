"""Answers a partner interview's unchanged polls with 304 before sessions and authentication.

Most polls find nothing changed: here that costs one indexed query, and no session read,
user query or rendering. The tag in If-None-Match must be the one the current state signs
for its owner (see live.py), so a 304 goes only to a screen that was sent that tag; anything
else (a changed state, no tag, another path) goes on to the views, which check who asks.
"""

import hmac

from django.urls import Resolver404, resolve

from . import live, services

POLLS = {"practice:partner_person_live", "practice:partner_live"}


def _current_tag(match) -> str | None:
    if match.view_name == "practice:partner_person_live":
        return live.current_person_tag(match.kwargs["session_id"])
    token = match.kwargs["token"]
    if not 20 <= len(token) <= 100:
        return None
    return live.current_partner_tag(services.hash_secret(token))


def unchanged_polls(get_response):
    def middleware(request):
        tag = request.headers.get("If-None-Match")
        if tag and request.method == "GET" and request.path_info.endswith("/live/"):
            try:
                match = resolve(request.path_info)
            except Resolver404:
                match = None
            if match is not None and match.view_name in POLLS:
                current = _current_tag(match)
                if current is not None and hmac.compare_digest(tag, current):
                    return live.not_modified(current)
        return get_response(request)

    return middleware
