"""The header's Review link carries the number of questions due now (signed in only)."""

from functools import cached_property

from django.utils import timezone

from .models import QuestionProgress


class DueCount:
    """Counted on first use, so a page that never prints the header (an htmx fragment) never
    asks; one COUNT query otherwise."""

    def __init__(self, user):
        self.user = user

    @cached_property
    def count(self) -> int:
        return QuestionProgress.objects.for_user(self.user).live().due(timezone.now()).count()


def review_due(request):
    # Error pages can render before the authentication middleware has run: no user then.
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"review_due": DueCount(user)}
