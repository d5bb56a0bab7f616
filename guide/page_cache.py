"""A guide's body is the same for every reader, and rendering it costs far more than
fetching it. Renderings are cached per guide and `Guide.content_version` (which every content
write path raises), so an edit or an import is visible at once and nothing needs
invalidating.

- The page body is rendered once per version; each question carries an empty slot
  (`QUESTION_SLOT`) that a page built on top may fill with a reader's own state.
- For anonymous readers with nothing personal on the page, the whole page is cached.
"""

import hashlib
import re

from django.contrib import messages
from django.core.cache import cache
from django.db.models import Prefetch
from django.template.defaultfilters import pluralize
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from .models import Guide, Question

CACHE_SECONDS = 60 * 60
# The empty slot `guide/_guide_body.html` leaves beside each question, by question id.
QUESTION_SLOT = re.compile(r'<span class="question-slot" id="question-slot-(\d+)"></span>')


def _key(kind: str, guide_id: int, version: int) -> str:
    return f"guide-{kind}:{guide_id}:{version}"


def guide_body(guide_id: int, version: int) -> tuple[SafeString, str]:
    """The rendered body of a guide page at `version` and its meta description (plain text)."""
    key = _key("body-and-description", guide_id, version)
    parts = cache.get(key)
    if parts is None:
        parts = _render_body(guide_id)
        cache.set(key, parts, CACHE_SECONDS)
    html, description = parts
    # Our own template's output, escaped when it was rendered.
    return mark_safe(html), description  # noqa: S308


def _render_body(guide_id: int) -> tuple[str, str]:
    guide = Guide.objects.with_counts().get(pk=guide_id)
    sections = guide.sections.live().prefetch_related(
        Prefetch("questions", queryset=Question.objects.filter(archived=False).order_by("number"))
    )
    context = {"guide": guide, "sections": sections, "has_tips": guide.tips.exists()}
    return render_to_string("guide/_guide_body.html", context), _describe(guide)


def _describe(guide) -> str:
    """The guide page's meta description: its title, level and role, and what it holds."""
    facts = " · ".join(fact for fact in (guide.level, guide.role) if fact)
    questions = f"{guide.question_count} interview question{pluralize(guide.question_count)}"
    sections = f"{guide.section_count} section{pluralize(guide.section_count)}"
    heading = f"{guide.title} — {facts}" if facts else guide.title
    return f"{heading}. {questions} with model answers, in {sections}."


def page_is_shareable(request, *, query_allowed: bool = False) -> bool:
    """Nothing personal on the page: an anonymous visitor, no pending message, and no query
    unless the page is keyed by it (`query_allowed`)."""
    return (
        not request.user.is_authenticated
        and (query_allowed or not request.GET)
        and not request.htmx
        and not len(messages.get_messages(request))
    )


def shipped_content_stamp() -> str:
    """Changes whenever what a visitor can read changes: a shipped guide edited, imported,
    archived, restored, added or deleted (one small query over the guides)."""
    versions = Guide.objects.live().filter(owner=None).order_by("pk")
    return ".".join(
        f"{pk}-{version}" for pk, version in versions.values_list("pk", "content_version")
    )


def cached_search_page(query: str) -> tuple[str, bytes | None]:
    """The key for a visitor's search page for `query` over today's content, and the page
    stored under it (None when not yet)."""
    digest = hashlib.sha256(f"{query}\0{shipped_content_stamp()}".encode()).hexdigest()
    key = f"search-page:{digest}"
    return key, cache.get(key)


def store_search_page(key: str, content: bytes) -> None:
    cache.set(key, content, CACHE_SECONDS)


def cached_page(guide_id: int, version: int) -> bytes | None:
    return cache.get(_key("page", guide_id, version))


def store_page(guide_id: int, version: int, content: bytes) -> None:
    cache.set(_key("page", guide_id, version), content, CACHE_SECONDS)
