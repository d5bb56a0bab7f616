"""Search across guides: questions (prompt, answer, pro tip) and strategy tips, best match
first, each with an excerpt that marks the words found.

The database does the work on `SearchDocument` rows (see the model): PostgreSQL's full-text
search (a stored, weighted vector with a GIN index, English stemming, `ts_rank`,
`ts_headline`) or SQLite's FTS5 (Porter stemming, BM25, `snippet`). Whole words are matched
in any form stemming joins ("trained" finds "training"; "STAR" does not find "start").

The text is indexed as written and each word of a query is also looked for in its other
spelling, British or American (`spellings`): "regularization" finds "regularisation", and the
excerpt still quotes the guide as its author wrote it.

Search by meaning joins in (`search_meaning`): the documents nearest to the query by sentence
embedding. The two ranked lists are merged by reciprocal rank fusion (each list gives a
document 1 / (RRF_K + its rank)); each result says why it matched: the words, similar
meaning, or both.

When no document holds every word, the closest by words are offered instead, under a line
that says so (`Results.closest`): documents holding any of the words, or a word that begins
like one of them (its first letters, so that "tranformer" finds "transformer"), most words
first.

Only shipped guides and the searcher's own are searched, never an archived one.
"""

import re
from dataclasses import dataclass
from functools import reduce
from operator import and_, or_

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection
from django.db.models import F
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from . import search_meaning
from .models import (
    MATCH_START,
    MATCH_STOP,
    POSTGRES_STAND_INS,
    Guide,
    SearchDocument,
    Section,
    Tip,
    postgres_text,
    question_url,
)

MAX_WORDS = 10
RRF_K = 60
# Typo-tolerant prefixes for the closest results: the first letters of a longer word.
PREFIX_LETTERS = 4
DEFAULT_TIPS_TITLE = "Strategy tips"
EXCERPT_WORDS = 24
_FROM_STAND_INS = str.maketrans({v: k for k, v in POSTGRES_STAND_INS.items()})

# PostgreSQL's English stop words (its tsearch_data/english.stop), left out of every query so
# that "what is the STAR method" finds the same on SQLite, whose index keeps them.
_STOP_WORDS = """
    i me my myself we our ours ourselves you your yours yourself yourselves he him his himself
    she her hers herself it its itself they them their theirs themselves what which who whom
    this that these those am is are was were be been being have has had having do does did
    doing a an the and but if or because as until while of at by for with about against between
    into through during before after above below to from up down in out on off over under again
    further then once here there when where why how all any both each few more most other some
    such no nor not only own same so than too very s t can will just don should now
"""
STOP_WORDS = frozenset(_STOP_WORDS.split())

# (pattern, the two spellings of its middle group); words are lower case.
_SPELLINGS = [
    # organise, organised, organisation, optimiser / organize, …
    (re.compile(r"^([a-z]{3,}i)(s|z)(e|es|ed|ing|ation|ations|er|ers)$"), ("s", "z")),
    # analyse, analysed, paralysing / analyze, …
    (re.compile(r"^([a-z]{2,}y)(s|z)(e|es|ed|ing|er|ers)$"), ("s", "z")),
    # colour, behavioural, favourite, honourable / color, …
    (
        re.compile(r"^([a-z]{2,})(our|or)(s|ed|ing|al|ally|ful|ite|ites|able|ably|less)?$"),
        ("our", "or"),
    ),
    # centre, metres, fibre / center, meters, fiber
    (re.compile(r"^([a-z]{2,}[tb])(re|er)(s?)$"), ("re", "er")),
]


def spellings(word: str) -> set[str]:
    """The word (in lower case) and its other spelling, British or American. The rules are
    broad: a made-up other spelling ("vectour") matches nothing, so it costs nothing."""
    word = word.lower()
    found = {word}
    for pattern, (one, other) in _SPELLINGS:
        if match := pattern.match(word):
            stem, middle, ending = match.groups()
            found.add(f"{stem}{other if middle == one else one}{ending or ''}")
    return found


def query_words(query: str) -> list[str]:
    """The words of a query that count, lower case, each once, at most MAX_WORDS."""
    words = dict.fromkeys(re.findall(r"\w+", query.lower()))
    return [word for word in words if word not in STOP_WORDS][:MAX_WORDS]


WORDS, SOME_WORDS, MEANING = "the words", "some of the words", "similar meaning"


@dataclass(frozen=True)
class Hit:
    kind: str  # "question" or "tip"
    url: str
    number: int | None  # the question's number; None for a tip
    title: SafeString  # the prompt or the tip's title, with <mark> around the words found
    place: str  # "Guide title · Section 2 — Title", or the guide's tips heading for a tip
    excerpt: SafeString  # a few lines of the answer, pro tip or tip, marked the same way
    rank: float  # higher is better
    # Why it matched: WORDS, SOME_WORDS and/or MEANING.
    reasons: tuple[str, ...] = (WORDS,)

    @property
    def why(self) -> str:
        return " and ".join(self.reasons)


@dataclass(frozen=True)
class Results:
    hits: list[Hit]
    # True when no document held every word: the hits by words are the closest ones.
    closest: bool = False


def search(query: str, *, user, limit: int) -> list[Hit]:
    """Questions and tips of the guides `user` may read that hold every word of `query`, best
    first: a word in a prompt or title weighs most, then the answer, then the pro tip."""
    words = query_words(query)
    if not words:
        return []
    guides = Guide.objects.live().readable_by(user).order_by().values("pk")
    found = _by_words(words, guides, limit)
    documents = _documents([pk for pk, *_marked in found])
    return [_hit(documents[pk], *marked) for pk, *marked in found if pk in documents]


def _documents(pks) -> dict[int, dict]:
    """What each result shows and links to, by id: one query for the words' results and the
    meaning's together, so that a search runs the same queries however many it finds."""
    rows = SearchDocument.objects.filter(pk__in=list(pks)).values(*_FIELDS, "title").order_by()
    return {row["pk"]: row for row in rows}


def _by_words(words, guides, limit, *, closest=False):
    """(id, rank, title, body, extra) of the best `limit` documents holding the words (any of
    them when `closest`), the words marked in the title and in excerpts of body and extra."""
    if connection.vendor == "postgresql":
        return _search_postgresql(words, guides, limit, closest=closest)
    return _search_sqlite(words, guides, limit, closest=closest)


def hybrid_search(query: str, *, user, limit: int) -> Results:
    """The words' results (or, when none holds every word, the closest) merged with the
    nearest by meaning, by reciprocal rank fusion; each hit says why it matched."""
    words = query_words(query)
    if not words:
        return Results(hits=[])
    guides = Guide.objects.live().readable_by(user).order_by().values("pk")
    by_words = _by_words(words, guides, limit)
    closest = not by_words
    if closest:
        by_words = _by_words(words, guides, limit, closest=True)
    by_meaning = dict(search_meaning.nearest(query, search_meaning.states(guides), limit=limit))
    scores: dict[int, float] = {}
    for rank, (pk, *_marked) in enumerate(by_words):
        scores[pk] = 1 / (RRF_K + rank + 1)
    for rank, pk in enumerate(by_meaning):
        scores[pk] = scores.get(pk, 0) + 1 / (RRF_K + rank + 1)
    marked = {pk: marks for pk, *marks in by_words}
    documents = _documents(scores)
    for pk, document in documents.items():
        if pk not in marked:
            words_of = document["body"] or document["extra"]
            excerpt = " ".join(words_of.split()[:EXCERPT_WORDS])
            marked[pk] = (0.0, document["title"], excerpt, "")
    ranked = [pk for pk in sorted(scores, key=lambda pk: (-scores[pk], pk)) if pk in documents]
    ranked = ranked[:limit]
    word_pks = {pk for pk, *_marks in by_words}
    hits = []
    for pk in ranked:
        document = documents[pk]
        _rank, title, body, extra = marked[pk]
        reasons = ()
        if pk in word_pks:
            reasons += (SOME_WORDS if closest else WORDS,)
        if pk in by_meaning:
            reasons += (MEANING,)
        hit = _hit(document, scores[pk], title, body, extra)
        hits.append(Hit(**{**hit.__dict__, "reasons": reasons}))
    return Results(hits=hits, closest=closest)


def _prefix(word: str) -> str | None:
    return word[:PREFIX_LETTERS] if len(word) > PREFIX_LETTERS + 1 else None


def _search_postgresql(words, guides, limit, *, closest=False):
    def forms(word):
        found = [SearchQuery(form, config="english") for form in sorted(spellings(word))]
        if closest and (prefix := _prefix(word)):
            found.append(SearchQuery(f"{prefix}:*", config="english", search_type="raw"))
        return reduce(or_, found)

    query = reduce(or_ if closest else and_, (forms(w) for w in words))

    def marked(field, **options):
        return SearchHeadline(
            postgres_text(field),
            query,
            config="english",
            start_sel=MATCH_START,
            stop_sel=MATCH_STOP,
            **options,
        )

    rank = SearchRank(F("vector"), query)
    # The best `limit` first, from the index alone; then the rows, excerpts and all, of those.
    best = (
        SearchDocument.objects.filter(guide_id__in=guides, vector=query)
        .annotate(rank=rank)
        .order_by("-rank", "pk")
        .values("pk")[:limit]
    )
    excerpt = {"max_words": EXCERPT_WORDS, "min_words": EXCERPT_WORDS // 2}
    documents = (
        SearchDocument.objects.filter(pk__in=best)
        .annotate(
            rank=rank,
            title_marked=marked("title", highlight_all=True),
            body_marked=marked("body", **excerpt),
            extra_marked=marked("extra", **excerpt),
        )
        .order_by("-rank", "pk")
        .values_list("pk", "rank", "title_marked", "body_marked", "extra_marked")
    )
    return [(pk, rank, *_restored(*marked)) for pk, rank, *marked in documents]


def _restored(*texts: str) -> list[str]:
    """PostgreSQL's excerpts with the characters `postgres_text` stood in for put back."""
    return [text.translate(_FROM_STAND_INS) for text in texts]


_SQLITE_SEARCH = """
    SELECT guide_search_fts.rowid, -guide_search_fts.rank,
        highlight(guide_search_fts, 0, %s, %s),
        snippet(guide_search_fts, 1, %s, %s, '', %s),
        snippet(guide_search_fts, 2, %s, %s, '', %s)
    FROM guide_search_fts
    JOIN guide_searchdocument ON guide_searchdocument.id = guide_search_fts.rowid
    WHERE guide_search_fts MATCH %s AND guide_searchdocument.guide_id IN ({guides})
    ORDER BY guide_search_fts.rank
    LIMIT %s
"""


def _search_sqlite(words, guides, limit, *, closest=False):
    # Each word in quotes (an FTS5 string, so no word is read as an operator), in any spelling.
    def forms(word):
        found = [f'"{form}"' for form in sorted(spellings(word))]
        if closest and (prefix := _prefix(word)):
            found.append(f'"{prefix}"*')
        return "(" + " OR ".join(found) + ")"

    match = (" OR " if closest else " AND ").join(forms(w) for w in words)
    guides_sql, guides_params = guides.query.sql_with_params()
    marks = [MATCH_START, MATCH_STOP]
    params = [*marks, *marks, EXCERPT_WORDS, *marks, EXCERPT_WORDS, match, *guides_params, limit]
    with connection.cursor() as cursor:
        cursor.execute(_SQLITE_SEARCH.format(guides=guides_sql), params)
        return [tuple(row) for row in cursor.fetchall()]


# What a result shows and links to: plain values, not model instances (a page holds up to 50).
_FIELDS = (
    "pk",
    "body",
    "extra",
    "guide__slug",
    "guide__title",
    "guide__tips_title",
    "question__number",
    "question__section__number",
    "question__section__title",
    "tip__order",
)


def _hit(document, rank, title, body, extra) -> Hit:
    # Quote the answer unless only the pro tip holds a word of the query.
    if MATCH_START in extra and MATCH_START not in body:
        excerpt = _with_ellipses(extra, document["extra"])
    else:
        excerpt = _with_ellipses(body, document["body"])
    slug, guide_title = document["guide__slug"], document["guide__title"]
    number = document["question__number"]
    if number is not None:
        section = Section(
            number=document["question__section__number"],
            title=document["question__section__title"],
        )
        kind, url, place = "question", question_url(slug, number), f"{guide_title} · {section}"
    else:
        tip = Tip(order=document["tip__order"], guide=Guide(slug=slug))
        tips_title = document["guide__tips_title"] or DEFAULT_TIPS_TITLE
        kind, url, place = "tip", tip.get_absolute_url(), f"{guide_title} · {tips_title}"
    return Hit(
        kind=kind,
        url=url,
        number=number,
        title=_as_html(title),
        place=place,
        excerpt=_as_html(excerpt),
        rank=rank,
    )


def _with_ellipses(fragment: str, whole: str) -> str:
    """The fragment with "…" where it cuts the whole text short."""
    plain = fragment.replace(MATCH_START, "").replace(MATCH_STOP, "")
    start = whole.find(plain)
    if start < 0:
        return fragment
    before = "… " if start > 0 else ""
    after = " …" if start + len(plain) < len(whole) else ""
    return f"{before}{fragment}{after}"


def _as_html(text: str) -> SafeString:
    # The text is the searched plain text, escaped; the marks are the only markup added.
    html = escape(text).replace(MATCH_START, "<mark>").replace(MATCH_STOP, "</mark>")
    return mark_safe(html)  # noqa: S308
