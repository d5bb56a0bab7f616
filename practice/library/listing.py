"""What the library page lists, filtered and sorted, with how many people practise each guide.

"Practising" a guide means having rated one of its questions or having added it from the
library; the count is all readers learn of each other.
"""

import math
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Q
from django.utils import timezone

from guide.models import Guide, GuideReader
from practice.models import QuestionProgress

SORTS = {"popular": "Most practised", "newest": "Newest"}
MAX_QUERY_LENGTH = 100
PAGE_SIZE = 24
PRACTITIONERS_KEY = "library:practitioners"
PRACTITIONERS_SECONDS = 10 * 60


@dataclass(frozen=True)
class LibraryFilters:
    query: str = ""
    field: str = ""
    level: str = ""
    sort: str = "popular"

    @classmethod
    def from_request(cls, params) -> "LibraryFilters":
        sort = params.get("sort", "popular")
        return cls(
            query=" ".join(params.get("q", "").split())[:MAX_QUERY_LENGTH],
            field=params.get("field", "")[:200],
            level=params.get("level", "")[:200],
            sort=sort if sort in SORTS else "popular",
        )


def practitioner_counts(guide_ids) -> dict[int, int]:
    """How many distinct people practise each guide: readers and raters alike. Kept for
    PRACTITIONERS_SECONDS: counting reads every progress row of the guides listed (on a site
    used for a year, 150,000 rows and 90 ms for each library page), and a popularity figure
    a few minutes old misleads no one. A guide not counted yet (newly published) is counted
    on its own."""
    now = timezone.now().timestamp()
    counted_at, kept = cache.get(PRACTITIONERS_KEY) or (now, {})
    if now - counted_at >= PRACTITIONERS_SECONDS:
        counted_at, kept = now, {}
    missing = [guide_id for guide_id in guide_ids if guide_id not in kept]
    if missing:
        # Added to the counts of `counted_at`, which still expire with them.
        kept = {**kept, **_count_practitioners(missing)}
        cache.set(PRACTITIONERS_KEY, (counted_at, kept), PRACTITIONERS_SECONDS)
    return {guide_id: kept[guide_id] for guide_id in guide_ids}


def _count_practitioners(guide_ids) -> dict[int, int]:
    people: dict[int, set[int]] = {guide_id: set() for guide_id in guide_ids}
    readers = GuideReader.objects.filter(guide_id__in=guide_ids).values_list("guide_id", "user_id")
    raters = (
        QuestionProgress.objects.filter(question__section__guide_id__in=guide_ids)
        .values_list("question__section__guide_id", "user_id")
        .distinct()
    )
    for guide_id, user_id in [*readers, *raters]:
        people[guide_id].add(user_id)
    return {guide_id: len(users) for guide_id, users in people.items()}


@dataclass(frozen=True)
class LibraryPage:
    """One page of the listing: its guides (each with `practitioners`), how many guides match
    in all, and where this page is among them (1-based)."""

    guides: list[Guide]
    count: int
    number: int
    pages: int

    @property
    def previous(self) -> int | None:
        return self.number - 1 if self.number > 1 else None

    @property
    def next(self) -> int | None:
        return self.number + 1 if self.number < self.pages else None


def page_number(value) -> int:
    """The page asked for; anything that is not a page number asks for the first."""
    try:
        return max(1, int(value))
    except (TypeError, ValueError):
        return 1


def library_guides(filters: LibraryFilters, number: int = 1) -> LibraryPage:
    """The guides matching `filters`, sorted, PAGE_SIZE to a page (past the last page: the
    last). Every match is sorted from a few columns; only the page's guides are read whole,
    with their counts, so a library of thousands of guides costs a page what twenty do."""
    guides = Guide.objects.in_library()
    if filters.query:
        for word in filters.query.split():
            guides = guides.filter(
                Q(title__icontains=word) | Q(intro__icontains=word) | Q(subject__icontains=word)
            )
    if filters.field:
        guides = guides.filter(subject=filters.field)
    if filters.level:
        guides = guides.filter(level=filters.level)
    rows = list(guides.values_list("pk", "title", "published_at", "updated_at"))
    counts = practitioner_counts([pk for pk, *_rest in rows])
    if filters.sort == "newest":
        rows.sort(key=lambda row: (-(row[2] or row[3]).timestamp(), row[0]))
    else:
        # The id last: guides tied on the rest keep one order from page to page.
        rows.sort(key=lambda row: (-counts[row[0]], row[1].casefold(), row[0]))
    pages = max(1, math.ceil(len(rows) / PAGE_SIZE))
    number = min(number, pages)
    chosen = [pk for pk, *_rest in rows[(number - 1) * PAGE_SIZE : number * PAGE_SIZE]]
    by_pk = Guide.objects.filter(pk__in=chosen).with_counts().select_related("owner").in_bulk()
    page = [by_pk[pk] for pk in chosen if pk in by_pk]
    for guide in page:
        guide.practitioners = counts[guide.pk]
    return LibraryPage(guides=page, count=len(rows), number=number, pages=pages)


def filter_choices() -> tuple[list[str], list[str]]:
    """The fields and levels that guides in the library have, for the filter menus."""
    guides = Guide.objects.in_library().order_by()
    fields = sorted(set(guides.exclude(subject="").values_list("subject", flat=True)))
    levels = sorted(set(guides.exclude(level="").values_list("level", flat=True)))
    return fields, levels
