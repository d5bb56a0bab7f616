"""A person's practice: every confidence rating they give (history) and, per question, their
current confidence with its FSRS schedule. Mock interviews build on the same two tables."""

from datetime import datetime

import fsrs
from django.conf import settings
from django.db import models
from django.db.models import Q

from guide.models import Question

from . import scheduling


class Confidence(models.IntegerChoices):
    NO_IDEA = 1, "No idea"
    SHAKY = 2, "Shaky"
    OKAY = 3, "Okay"
    GOOD = 4, "Good"
    NAILED_IT = 5, "Nailed it"


class ConfidenceRatingQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(user=user)


class ConfidenceRating(models.Model):
    """One rating, kept forever: the history behind progress charts and the schedule."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="confidence_ratings"
    )
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="ratings")
    confidence = models.PositiveSmallIntegerField(choices=Confidence.choices)
    rated_at = models.DateTimeField()
    seconds_spent = models.PositiveIntegerField(null=True, blank=True)

    objects = ConfidenceRatingQuerySet.as_manager()

    class Meta:
        ordering = ["rated_at", "id"]
        indexes = [models.Index(fields=["user", "rated_at"], name="rating_user_time")]
        constraints = [
            models.CheckConstraint(
                condition=Q(confidence__gte=1, confidence__lte=5), name="rating_confidence_1_to_5"
            )
        ]

    def __str__(self):
        return f"{self.user} rated Q{self.question.number} {self.confidence}"


class QuestionProgressQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(user=user)

    def live(self):
        return self.filter(question__archived=False, question__section__archived=False)

    def due(self, now: datetime):
        return self.filter(due__lte=now).order_by("due", "id")


class QuestionProgress(models.Model):
    """A user's current confidence in one question and when FSRS wants to see it again."""

    class State(models.IntegerChoices):
        LEARNING = fsrs.State.Learning.value, "Learning"
        REVIEW = fsrs.State.Review.value, "Review"
        RELEARNING = fsrs.State.Relearning.value, "Relearning"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="question_progress"
    )
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="progress")
    confidence = models.PositiveSmallIntegerField(choices=Confidence.choices)
    rating_count = models.PositiveIntegerField(default=0)
    last_rated_at = models.DateTimeField()
    # FSRS card state (timezone-aware UTC).
    state = models.PositiveSmallIntegerField(choices=State.choices, default=State.LEARNING)
    step = models.PositiveSmallIntegerField(null=True, blank=True)
    stability = models.FloatField(null=True, blank=True)
    difficulty = models.FloatField(null=True, blank=True)
    due = models.DateTimeField()
    last_review = models.DateTimeField(null=True, blank=True)

    objects = QuestionProgressQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "question"], name="progress_unique_per_user"),
            models.CheckConstraint(
                condition=Q(confidence__gte=1, confidence__lte=5),
                name="progress_confidence_1_to_5",
            ),
        ]
        indexes = [models.Index(fields=["user", "due"], name="progress_user_due")]
        verbose_name_plural = "question progress"

    def __str__(self):
        return f"{self.user} · Q{self.question.number}: {self.confidence}"

    def card(self) -> fsrs.Card:
        return fsrs.Card(
            card_id=self.question_id,
            state=fsrs.State(self.state),
            step=self.step,
            stability=self.stability,
            difficulty=self.difficulty,
            due=self.due,
            last_review=self.last_review,
        )

    def set_card(self, card: fsrs.Card):
        self.state = card.state.value
        self.step = card.step
        self.stability = card.stability
        self.difficulty = card.difficulty
        self.due = card.due
        self.last_review = card.last_review

    def retrievability(self, at: datetime) -> float:
        return scheduling.retrievability(self.card(), at=at)

    @property
    def confidence_label(self) -> str:
        return Confidence(self.confidence).label
