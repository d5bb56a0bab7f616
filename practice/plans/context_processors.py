"""The header's Review link carries the count of today's work (signed in only): the same
`Today.to_do` that the home, the review page and the plan page show."""

from functools import cached_property

from .header import to_do_count


class DueCount:
    """Counted on first use, so a page that never prints the header (an htmx fragment) never
    asks; one query for a person without an interview coming, and the page's own Today when
    it computed one."""

    def __init__(self, request):
        self.request = request

    @cached_property
    def count(self) -> int:
        return to_do_count(self.request)


def review_due(request):
    # Error pages can render before the authentication middleware has run: no user then.
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"review_due": DueCount(request)}
