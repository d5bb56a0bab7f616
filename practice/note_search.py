"""A person's own "My answer" notes in search: theirs alone, each holding every word of the
query in either spelling (British or American) and with a common ending ("train" finds
"training", "STAR" does not find "start"). A person has at most one note per question they
can read, so the candidates come from one query over their own rows and the words are
matched here."""

import re
from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.db.models import Q
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from guide.models import Question
from guide.rendering import plain_text
from guide.search import query_words, spellings

from .models import AnswerNote

EXCERPT_WORDS = 24
_ENDINGS = "s|es|d|ed|ing|er|ers|ly|al|ation|ations"
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class NoteHit:
    question: Question
    excerpt: SafeString  # a few words of the note, with <mark> around the words found

    @property
    def url(self) -> str:
        return f"{self.question.get_revealed_url()}#my-answer-{self.question.pk}"


def _pattern(words: list[str]) -> re.Pattern:
    """Any spelling of the words as whole words, with or without a common ending."""
    forms = sorted({form for word in words for form in spellings(word)}, key=len, reverse=True)
    alternatives = "|".join(map(re.escape, forms))
    return re.compile(rf"\b(?:{alternatives})(?:{_ENDINGS})?\b", re.IGNORECASE)


def search_notes(query: str, *, user, limit: int) -> list[NoteHit]:
    words = query_words(query)
    if not words or not user.is_authenticated:
        return []
    notes = AnswerNote.objects.for_user(user).filter(
        question__in=Question.objects.live().visible_to(user)
    )
    # A cheap filter in the database: every word appears somewhere, in some spelling.
    for word in words:
        notes = notes.filter(reduce(or_, (Q(text__icontains=form) for form in spellings(word))))
    hits = []
    for note in notes.select_related("question__section__guide").order_by("-updated_at"):
        text = plain_text(note.text)
        if all(_pattern([word]).search(text) for word in words):
            hits.append(NoteHit(question=note.question, excerpt=_excerpt(text, _pattern(words))))
        if len(hits) == limit:
            break
    return hits


def _excerpt(text: str, pattern: re.Pattern) -> SafeString:
    """About EXCERPT_WORDS words around the first match, escaped, with the matches marked."""
    words = text.split()
    first = next((i for i, word in enumerate(words) if pattern.search(word)), 0)
    start = max(first - EXCERPT_WORDS // 3, 0)
    fragment = _CONTROL.sub("", " ".join(words[start : start + EXCERPT_WORDS]))
    # Marked with control characters first, then escaped: the marks are the only markup.
    marked = pattern.sub(lambda match: f"\x02{match.group(0)}\x03", fragment)
    marked = escape(marked).replace("\x02", "<mark>").replace("\x03", "</mark>")
    before = "… " if start > 0 else ""
    after = " …" if start + EXCERPT_WORDS < len(words) else ""
    return mark_safe(f"{before}{marked}{after}")  # noqa: S308
