"""Where to send someone after a form: the `next` they came from, if it stays on this site."""

from django.utils.encoding import iri_to_uri
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request, default: str) -> str:
    """The request's `next` as a percent-encoded local path ("/review/?q=%D1%84"), or
    `default` unless `next` is one: a redirect to it, or an `HX-Redirect` header holding it,
    can then neither leave the site nor break the response. Callers redirect to the URL as
    it is (never `redirect(name)`, which would look up "x" as a view name)."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    is_local_path = target.startswith("/") and not target.startswith(("//", "/\\"))
    if (
        is_local_path
        # Control characters (a newline, NUL) in a header value fail or split the response.
        and target.isprintable()
        and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return iri_to_uri(target)
    return default
