"""The review queue: what is due now (most overdue first), then questions never rated."""

from dataclasses import dataclass, field
from datetime import datetime

from guide.models import Question

from .models import QuestionProgress
from .scheduling import humanize_interval


@dataclass
class ReviewQueue:
    due: list[QuestionProgress] = field(default_factory=list)
    new_count: int = 0
    next_due: datetime | None = None
    next_due_in: str = ""
    current: Question | None = None
    current_progress: QuestionProgress | None = None

    @property
    def current_is_new(self) -> bool:
        return self.current is not None and self.current_progress is None


# Due questions listed on the review page (the queue itself takes them one at a time).
DUE_SHOWN = 50


def review_queue(user, *, now: datetime, limit: int = DUE_SHOWN) -> ReviewQueue:
    progress = QuestionProgress.objects.for_user(user).live()
    due = list(progress.due(now).select_related("question__section__guide")[:limit])
    unrated = Question.objects.live().visible_to(user).exclude(progress__user=user)
    queue = ReviewQueue(due=due, new_count=unrated.count())
    if due:
        queue.current = due[0].question
        queue.current_progress = due[0]
        return queue
    upcoming = progress.filter(due__gt=now).order_by("due").first()
    queue.next_due = upcoming.due if upcoming else None
    queue.next_due_in = humanize_interval(upcoming.due - now) if upcoming else ""
    queue.current = (
        unrated.select_related("section__guide")
        .order_by("section__guide__title", "section__number", "number")
        .first()
    )
    return queue
