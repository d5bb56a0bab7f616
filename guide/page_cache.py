"""A guide's body is the same for every reader, and rendering it costs far more than
fetching it. Renderings are cached per guide and `Guide.content_version` (which every content
write path raises), so an edit or an import is visible at once and nothing needs
invalidating.

- The page body is rendered once per version; each question carries an empty slot
  (`QUESTION_SLOT`) that a page built on top may fill with a reader's own state.
- A question page's content (the question with its section and guide, its heading and its
  pager) is kept per version too, so a page built on it reads no content rows.
- For anonymous readers with nothing personal on the page, the whole page is cached.

Keys hold the guide's id and version, never a person's: a private guide's renderings are only
ever reached after the page's own visibility query has found the guide for its owner.
"""

import hashlib
import re
from dataclasses import dataclass
from typing import NamedTuple

from django.contrib import messages
from django.core.cache import cache
from django.db.models import Prefetch
from django.template.defaultfilters import pluralize
from django.template.loader import render_to_string
from django.urls import reverse
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
    html, description = cache.get_or_set(key, lambda: _render_body(guide_id), CACHE_SECONDS)
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


@dataclass(frozen=True)
class Neighbour:
    """The question before or after one in reading order, as its page's pager links it."""

    number: int
    prompt: str
    url: str


@dataclass(frozen=True)
class QuestionParts:
    """What a question page shows of its content, the same for every reader."""

    question: Question  # with its section and guide loaded
    head: SafeString  # breadcrumbs, the article's opening, the number and the prompt
    pager: SafeString  # the previous / next links


def question_parts(guide_id: int, version: int, number: int) -> QuestionParts | None:
    """The live question `number` of the guide at `version`, or None (not cached: any number
    can be asked for)."""
    key = _key(f"question-{number}", guide_id, version)
    parts = cache.get(key)
    if parts is None:
        parts = _render_question(guide_id, version, number)
        if parts is not None:
            cache.set(key, parts, CACHE_SECONDS)
    return parts


class OutlineEntry(NamedTuple):
    """One live question of a guide, with what pages that list it need of it and its section."""

    pk: int
    number: int
    prompt: str
    section_id: int
    section_number: int
    section_title: str


def outline(guide_id: int, version: int) -> list[OutlineEntry]:
    """The guide's live questions in reading order, read once per version: question pages
    find their neighbours in it, the progress page its questions."""
    return cache.get_or_set(
        _key("outline", guide_id, version), lambda: _read_outline(guide_id), CACHE_SECONDS
    )


def _read_outline(guide_id: int) -> list[OutlineEntry]:
    questions = Question.objects.live().filter(section__guide_id=guide_id).in_order()
    fields = ("pk", "number", "prompt", "section_id", "section__number", "section__title")
    return [OutlineEntry(*row) for row in questions.values_list(*fields)]


def _render_question(guide_id: int, version: int, number: int) -> QuestionParts | None:
    entries = outline(guide_id, version)
    place = next((index for index, entry in enumerate(entries) if entry.number == number), None)
    if place is None:
        return None
    question = (
        Question.objects.live()
        .filter(section__guide_id=guide_id, number=number)
        .select_related("section__guide")
        .get()
    )
    slug = question.section.guide.slug

    def neighbour(index: int) -> Neighbour | None:
        if not 0 <= index < len(entries):
            return None
        entry = entries[index]
        url = reverse("practice:question", args=[slug, entry.number])
        return Neighbour(entry.number, entry.prompt, url)

    context = {
        "question": question,
        "guide": question.section.guide,
        "previous": neighbour(place - 1),
        "next": neighbour(place + 1),
    }
    return QuestionParts(
        question=question,
        head=render_to_string("guide/_question_head.html", context),
        pager=render_to_string("guide/_question_pager.html", context),
    )


def page_is_shareable(request, *, query: str = "", any_query: bool = False) -> bool:
    """Nothing personal on the page: an anonymous visitor, no query string but `query` (or
    any, for a page keyed by its query: `any_query`), no pending message."""
    return (
        not request.user.is_authenticated
        and (any_query or request.META.get("QUERY_STRING", "") in ("", query))
        and not request.htmx
        and not len(messages.get_messages(request))
    )


def shipped_content_stamp() -> str:
    """Changes whenever what a visitor can read changes: a shipped or published guide edited,
    imported, archived, restored, added, published, unpublished, hidden or deleted (one small
    query over the guides)."""
    versions = Guide.objects.in_library().order_by("pk")
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


def cached_page(guide_id: int, version: int, page: str = "") -> bytes | None:
    """A whole page stored for visitors: the guide page, or (`page`) one of its other pages."""
    return cache.get(_key(f"page{page}", guide_id, version))


def store_page(guide_id: int, version: int, content: bytes, page: str = "") -> None:
    cache.set(_key(f"page{page}", guide_id, version), content, CACHE_SECONDS)
