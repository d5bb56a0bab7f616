"""When to answer an HTMX request with a fragment instead of the full page."""


def wants_fragment(request) -> bool:
    """A fragment only for a plain HTMX swap: boosted navigation and history restores need
    the whole page (otherwise the back button shows a bare fragment)."""
    htmx = request.htmx
    return bool(htmx) and not htmx.boosted and not htmx.history_restore_request
