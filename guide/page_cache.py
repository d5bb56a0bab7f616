"""A guide's body is the same for every reader, and rendering it costs far more than
fetching it. Renderings are cached per guide and `Guide.content_version` (which every content
write path raises), so an edit or an import is visible at once and nothing needs
invalidating.

- The page body is rendered once per version; each question carries an empty slot
  (`QUESTION_SLOT`) that a page built on top may fill with a reader's own state.
- For anonymous readers with nothing personal on the page, the whole page is cached.
"""

import re

from django.contrib import messages
from django.core.cache import cache
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from .models import Guide, Question

CACHE_SECONDS = 60 * 60
# The empty slot `guide/_guide_body.html` leaves beside each question, by question id.
QUESTION_SLOT = re.compile(r'<span class="question-slot" id="question-slot-(\d+)"></span>')


def _key(kind: str, guide_id: int, version: int) -> str:
    return f"guide-{kind}:{guide_id}:{version}"


def guide_body(guide_id: int, version: int) -> SafeString:
    """The rendered body of a guide page at `version`."""
    key = _key("body", guide_id, version)
    html = cache.get(key)
    if html is None:
        html = _render_body(guide_id)
        cache.set(key, html, CACHE_SECONDS)
    # Our own template's output, escaped when it was rendered.
    return mark_safe(html)  # noqa: S308


def _render_body(guide_id: int) -> str:
    guide = Guide.objects.with_counts().get(pk=guide_id)
    sections = guide.sections.live().prefetch_related(
        Prefetch("questions", queryset=Question.objects.filter(archived=False).order_by("number"))
    )
    context = {"guide": guide, "sections": sections, "has_tips": guide.tips.exists()}
    return render_to_string("guide/_guide_body.html", context)


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
