"""When to answer an HTMX request with a fragment instead of the full page."""


def wants_fragment(request) -> bool:
    """A fragment only for a plain HTMX swap: boosted navigation and history restores need
    the whole page (otherwise the back button shows a bare fragment)."""
    htmx = request.htmx
    return bool(htmx) and not htmx.boosted and not htmx.history_restore_request


def current_path(request) -> str | None:
    """The local path htmx says the page is on (`HX-Current-URL`); None when the header is
    missing, names another site, or cannot be parsed (e.g. "http://[::1" is a ValueError)."""
    try:
        return request.htmx.current_url_abs_path
    except ValueError:
        return None
