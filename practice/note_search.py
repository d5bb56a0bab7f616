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
from guide.search import MEANING, WORDS, query_words, spellings
from guide.search_meaning import MIN_SIMILARITY, similar_texts

from .models import AnswerNote

EXCERPT_WORDS = 24
_ENDINGS = "s|es|d|ed|ing|er|ers|ly|al|ation|ations"
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class NoteHit:
    question: Question
    excerpt: SafeString  # a few words of the note, with <mark> around the words found
    why: str = WORDS  # or MEANING: found by sentence embedding, not by its words

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


MAX_NOTES_BY_MEANING = 500


def search_notes_by_meaning(query: str, *, user, limit: int, exclude=()) -> list[NoteHit]:
    """The person's own notes nearest to the query by meaning (their newest notes, at most
    MAX_NOTES_BY_MEANING, embedded on the fly), best first, leaving out `exclude` (question
    ids already found by their words)."""
    if not query.strip() or not user.is_authenticated:
        return []
    notes = list(
        AnswerNote.objects.for_user(user)
        .filter(question__in=Question.objects.live().visible_to(user))
        .exclude(question_id__in=list(exclude))
        .select_related("question__section__guide")
        .order_by("-updated_at")[:MAX_NOTES_BY_MEANING]
    )
    texts = [plain_text(note.text) for note in notes]
    scored = [
        (similarity, note, text)
        for similarity, note, text in zip(similar_texts(query, texts), notes, texts, strict=True)
        if similarity >= MIN_SIMILARITY
    ]
    scored.sort(key=lambda item: -item[0])
    return [
        NoteHit(question=note.question, excerpt=_plain_excerpt(text), why=MEANING)
        for _similarity, note, text in scored[:limit]
    ]


def _plain_excerpt(text: str) -> SafeString:
    words = _CONTROL.sub("", text).split()
    after = " …" if len(words) > EXCERPT_WORDS else ""
    return mark_safe(escape(" ".join(words[:EXCERPT_WORDS])) + after)  # noqa: S308
