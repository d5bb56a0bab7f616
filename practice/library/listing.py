"""What the library page lists, filtered and sorted, with how many people practise each guide.

"Practising" a guide means having rated one of its questions or having added it from the
library; the count is all readers learn of each other.
"""

from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Q
from django.utils import timezone

from guide.models import Guide, GuideReader
from practice.models import QuestionProgress

SORTS = {"popular": "Most practised", "newest": "Newest"}
MAX_QUERY_LENGTH = 100
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


def library_guides(filters: LibraryFilters) -> list[Guide]:
    guides = Guide.objects.in_library().with_counts().select_related("owner")
    if filters.query:
        for word in filters.query.split():
            guides = guides.filter(
                Q(title__icontains=word) | Q(intro__icontains=word) | Q(subject__icontains=word)
            )
    if filters.field:
        guides = guides.filter(subject=filters.field)
    if filters.level:
        guides = guides.filter(level=filters.level)
    rows = list(guides)
    counts = practitioner_counts([guide.pk for guide in rows])
    for guide in rows:
        guide.practitioners = counts.get(guide.pk, 0)
    if filters.sort == "newest":
        rows.sort(key=lambda g: (g.published_at or g.updated_at).timestamp(), reverse=True)
    else:
        rows.sort(key=lambda g: (-g.practitioners, g.title.casefold()))
    return rows


def filter_choices() -> tuple[list[str], list[str]]:
    """The fields and levels that guides in the library have, for the filter menus."""
    guides = Guide.objects.in_library().order_by()
    fields = sorted(set(guides.exclude(subject="").values_list("subject", flat=True)))
    levels = sorted(set(guides.exclude(level="").values_list("level", flat=True)))
    return fields, levels
