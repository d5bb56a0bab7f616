"""The guide page is the same for every reader except a signed-in person's confidence
badges, and rendering it costs far more than fetching it. Renderings are cached per guide
and `Guide.content_version` (which every content write path raises), so an edit or an
import is visible at once and nothing needs invalidating.

- The page body is rendered once per version; a reader's badges are filled into their slots
  in one pass.
- For anonymous readers with nothing personal on the page, the whole page is cached.
"""

import re
from types import SimpleNamespace

from django.contrib import messages
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

CACHE_SECONDS = 60 * 60
BADGE_SLOT = re.compile(r'<span class="confidence-badge-slot" id="confidence-badge-(\d+)"></span>')
ID_MARK = "000000000"  # stands for the question id in a badge rendered once per confidence


def _key(kind: str, guide_id: int, version: int) -> str:
    return f"guide-{kind}:{guide_id}:{version}"


def guide_body(guide_id: int, version: int, render) -> tuple[SafeString, str]:
    """The rendered body of a guide page at `version` and its meta description (plain text);
    `render()` makes both on a miss."""
    key = _key("body-and-description", guide_id, version)
    parts = cache.get(key)
    if parts is None:
        html, description = render()
        parts = (str(html), description)
        cache.set(key, parts, CACHE_SECONDS)
    html, description = parts
    # Our own template's output, escaped when it was rendered.
    return mark_safe(html), description  # noqa: S308


def page_is_shareable(request) -> bool:
    """Nothing personal on the page: an anonymous visitor, no query, no pending message."""
    return (
        not request.user.is_authenticated
        and not request.GET
        and not request.htmx
        and not len(messages.get_messages(request))
    )


def cached_page(guide_id: int, version: int) -> bytes | None:
    return cache.get(_key("page", guide_id, version))


def store_page(guide_id: int, version: int, content: bytes) -> None:
    cache.set(_key("page", guide_id, version), content, CACHE_SECONDS)


def with_badges(html: SafeString, progress_by_question: dict) -> SafeString:
    """Fill each rated question's badge slot with its confidence badge."""
    if not progress_by_question:
        return html
    rendered: dict[int, str] = {}

    def badge(progress) -> str:
        if progress.confidence not in rendered:
            context = {"question": SimpleNamespace(pk=ID_MARK), "progress": progress}
            rendered[progress.confidence] = render_to_string(
                "practice/_confidence_badge.html", context
            )
        return rendered[progress.confidence]

    def fill(match):
        progress = progress_by_question.get(int(match.group(1)))
        if progress is None:
            return match.group(0)
        return badge(progress).replace(ID_MARK, match.group(1), 1)

    # Badges come from our own template, so the result is as safe as its parts.
    return mark_safe(BADGE_SLOT.sub(fill, html))  # noqa: S308
