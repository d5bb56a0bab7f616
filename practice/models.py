"""A person's practice: every confidence rating they give (history) and, per question, their
current confidence with its FSRS schedule. Mock interviews build on the same two tables."""

import uuid
from datetime import UTC, datetime, time, timedelta, tzinfo

import fsrs
from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from guide import visibility
from guide.models import Question

from . import scheduling


class Confidence(models.IntegerChoices):
    NO_IDEA = 1, "No idea"
    SHAKY = 2, "Shaky"
    OKAY = 3, "Okay"
    GOOD = 4, "Good"
    NAILED_IT = 5, "Nailed it"


# "Weak": a self-rating at or below this is worth another try ("Retry the weakest").
WEAK_CONFIDENCE = Confidence.OKAY
# Minutes per question a mock interview allows.
MOCK_MIN_MINUTES = 1
MOCK_MAX_MINUTES = 10
# Characters a "My answer" note holds: room for an answer, a STAR story and links.
NOTE_MAX_LENGTH = 10_000


class OwnedQuerySet(models.QuerySet):
    """Rows that belong to one user."""

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

    objects = OwnedQuerySet.as_manager()

    class Meta:
        ordering = ["rated_at", "id"]
        indexes = [
            models.Index(fields=["user", "rated_at"], name="rating_user_time"),
            # One person's history of one question (its first rating, the progress chart of a
            # guide's questions): without it, each lookup filters all of the person's ratings.
            models.Index(
                fields=["user", "question", "rated_at"], name="rating_user_question_time"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(confidence__gte=1, confidence__lte=5), name="rating_confidence_1_to_5"
            )
        ]

    def __str__(self):
        return f"{self.user} rated Q{self.question.number} {self.confidence}"


class DailyPractice(models.Model):
    """One person's ratings in one guide on one local day, counted as they are given: what the
    progress page's heatmap, trend and streak read, so that they cost the days shown, not the
    ratings behind them. Written in the rating's own transaction (practice/daily_practice.py),
    rebuilt from the history when the person's time zone changes.

    `time_zone` is the zone whose midnight `day` began at (the person's, when written): a
    reader asking in another zone (another device that still has the old one) reads the
    ratings instead; "" marks a day that two zones' writes met in (only a rating racing a
    change of zone), so nobody trusts it until the next rebuild."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="daily_practice"
    )
    guide = models.ForeignKey("guide.Guide", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    time_zone = models.CharField(max_length=64)
    ratings = models.PositiveIntegerField()
    confidence_sum = models.PositiveIntegerField()

    objects = OwnedQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "guide", "day"], name="daily_practice_unique_day"
            )
        ]
        indexes = [models.Index(fields=["user", "day"], name="daily_practice_user_day")]
        verbose_name_plural = "daily practice"

    def __str__(self):
        return f"{self.user} · guide {self.guide_id} · {self.day}: {self.ratings}"

    @property
    def mean_confidence(self) -> float:
        return self.confidence_sum / self.ratings


class QuestionProgressQuerySet(OwnedQuerySet):
    def live(self):
        """Rows whose question its person may still see (guide.visibility)."""
        return self.filter(visibility.shown_to(F("user"), path="question__"))

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


class MockSession(models.Model):
    """A timed (or untimed) set of questions answered one at a time, like a real interview."""

    class Strategy(models.TextChoices):
        RANDOM = "random", "Random"
        WEAKEST = "weakest", "Weakest first"
        DUE = "due", "Due first"
        UNSEEN = "unseen", "Not yet seen"
        RETRY = "retry", "Retry of the weakest"

    class Status(models.TextChoices):
        ACTIVE = "active", "In progress"
        FINISHED = "finished", "Finished"
        # The summary and the history say it the same way.
        ABANDONED = "abandoned", "Ended early"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mock_sessions"
    )
    guide = models.ForeignKey("guide.Guide", on_delete=models.CASCADE, related_name="+")
    strategy = models.CharField(max_length=20, choices=Strategy.choices)
    minutes_per_question = models.PositiveSmallIntegerField()
    timed = models.BooleanField(default=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    position = models.PositiveSmallIntegerField(default=0, help_text="Index of the current item.")
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    # "Retry the weakest" of that session; one-to-one, so a session is retried at most once.
    retried_from = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="retry",
    )

    objects = OwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at", "-id"]
        indexes = [models.Index(fields=["user", "status"], name="mock_user_status")]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    minutes_per_question__gte=MOCK_MIN_MINUTES,
                    minutes_per_question__lte=MOCK_MAX_MINUTES,
                ),
                name="mock_minutes_1_to_10",
            )
        ]

    def __str__(self):
        return f"Mock interview {self.pk} of {self.user}"

    def get_absolute_url(self):
        return reverse("practice:mock_session", args=[self.pk])

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    @property
    def limit_seconds(self) -> int:
        return self.minutes_per_question * 60


class MockItem(models.Model):
    """One question of a mock session: the user's own answer, timing and self-rating."""

    session = models.ForeignKey(MockSession, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField()
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    answer_text = models.TextField(blank=True)
    answer_saved_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    revealed_at = models.DateTimeField(null=True, blank=True)
    confidence = models.PositiveSmallIntegerField(
        choices=Confidence.choices, null=True, blank=True
    )
    rated_at = models.DateTimeField(null=True, blank=True)
    rating = models.OneToOneField(
        ConfidenceRating, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["session", "position"]
        constraints = [
            models.UniqueConstraint(fields=["session", "position"], name="mock_item_position"),
            models.UniqueConstraint(fields=["session", "question"], name="mock_item_question"),
        ]

    def __str__(self):
        return f"Item {self.position + 1} of session {self.session_id}"

    @property
    def is_revealed(self) -> bool:
        return self.revealed_at is not None

    def elapsed_seconds(self, now: datetime) -> int:
        """Answering time: from when the question was shown until the answer was revealed."""
        if self.started_at is None:
            return 0
        end = self.revealed_at or now
        return max(int((end - self.started_at).total_seconds()), 0)

    def is_over_limit(self, now: datetime) -> bool:
        return self.session.timed and self.elapsed_seconds(now) > self.session.limit_seconds


class InterviewDateQuerySet(OwnedQuerySet):
    def upcoming(self, now: datetime):
        """Interviews whose day may still be ahead in some time zone, nearest day first: a
        coarse filter in SQL (no local day is more than one day behind UTC's), which
        `InterviewDate.is_upcoming` settles in the person's zone."""
        return self.filter(interview_on__gte=now.astimezone(UTC).date() - timedelta(days=1))


class InterviewDate(models.Model):
    """When a person's interview for one guide is, and how they want to prepare for it.

    The day and the time are kept as the person gave them, not as a moment: a date stays that
    date, and a time stays that wall-clock time, in whatever time zone the person has now
    (`moment(tz)`)."""

    DEFAULT_TARGET_PERCENT = 90
    MIN_TARGET_PERCENT = 80
    MAX_TARGET_PERCENT = 97
    # The plan counts from this hour of the day when no time is given.
    DEFAULT_TIME = time(9, 0)

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="interview_dates"
    )
    guide = models.ForeignKey("guide.Guide", on_delete=models.CASCADE, related_name="+")
    interview_on = models.DateField()
    # None: only the day was given.
    interview_time = models.TimeField(null=True, blank=True)
    target_percent = models.PositiveSmallIntegerField(default=DEFAULT_TARGET_PERCENT)
    daily_budget = models.PositiveSmallIntegerField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = InterviewDateQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "guide"], name="interview_date_per_guide"),
            models.CheckConstraint(
                condition=Q(target_percent__gte=80, target_percent__lte=97),
                name="interview_target_80_to_97",
            ),
            models.CheckConstraint(
                condition=Q(daily_budget__isnull=True) | Q(daily_budget__gte=1),
                name="interview_budget_positive",
            ),
        ]

    def __str__(self):
        at = f" at {self.interview_time:%H:%M}" if self.time_given else ""
        return f"{self.user}'s interview for {self.guide_id} on {self.interview_on}{at}"

    @property
    def target(self) -> float:
        return self.target_percent / 100

    @property
    def time_given(self) -> bool:
        return self.interview_time is not None

    def moment(self, tz: tzinfo) -> datetime:
        """The interview as an aware moment in `tz` (the person's current zone): their day at
        their time, or at DEFAULT_TIME when they gave none."""
        return datetime.combine(
            self.interview_on, self.interview_time or self.DEFAULT_TIME, tzinfo=tz
        )

    def is_upcoming(self, now: datetime, tz: tzinfo) -> bool:
        return self.moment(tz) > now


class AnswerNote(models.Model):
    """A person's own answer to one question ("My answer"), in Markdown: how they would say
    it, a STAR story, a link. Shown beside the model answer to its owner only."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="answer_notes"
    )
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answer_notes")
    text = models.TextField()
    # `text` rendered like the model answers (sanitized Markdown + math), stored on save.
    html = models.TextField(editable=False)
    updated_at = models.DateTimeField()

    objects = OwnedQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "question"], name="answer_note_unique_per_user"
            )
        ]

    def __str__(self):
        return f"{self.user}'s answer to Q{self.question.number}"


# A partner's display name and notes: short enough to show in a line, long enough for feedback.
PARTNER_NAME_MAX_LENGTH = 40
PARTNER_NOTES_MAX_LENGTH = 5_000


class PartnerLink(models.Model):
    """The private link through which a friend interviews the person in one mock session.

    Only a hash of the link's token is kept (the person's browser keeps the token itself to
    show the link again). Joining stores the partner's display name, the one thing kept about
    them, and a hash of a random seat key held in their browser's session: one partner per
    link. `version` counts every change either screen must follow (see partner/live.py)."""

    session = models.OneToOneField(
        MockSession, on_delete=models.CASCADE, related_name="partner_link"
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    display_name = models.CharField(max_length=PARTNER_NAME_MAX_LENGTH, blank=True)
    seat_hash = models.CharField(max_length=64, blank=True, editable=False)
    joined_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField()
    version = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"Partner link of mock interview {self.session_id}"

    @property
    def is_joined(self) -> bool:
        return self.joined_at is not None

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None


class PartnerFeedback(models.Model):
    """What the partner noted about one answer: ticked key points, notes and a 1–5 rating.
    Part of the person's session (deleted and exported with it)."""

    item = models.OneToOneField(
        MockItem, on_delete=models.CASCADE, related_name="partner_feedback"
    )
    # The texts of the key points the partner ticked, in the order of the model answer.
    ticked = models.JSONField(default=list, blank=True)
    notes = models.TextField(blank=True, max_length=PARTNER_NOTES_MAX_LENGTH)
    rating = models.PositiveSmallIntegerField(choices=Confidence.choices, null=True, blank=True)
    updated_at = models.DateTimeField()
    # When the person took this rating as their own self-rating ("Adopt partner's rating").
    adopted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="partner_rating_1_to_5",
            )
        ]

    def __str__(self):
        return f"Partner feedback on {self.item}"

    @property
    def rating_label(self) -> str:
        return f"{self.rating} – {Confidence(self.rating).label}" if self.rating else ""


def spoken_answer_path(answer, filename: str) -> str:
    """Where a recording is stored: under the owner's id, with a random name (the person's own
    file name is never used), so names cannot be guessed or collide."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "audio"
    if not extension.isalnum() or len(extension) > 5:
        extension = "audio"
    return f"spoken_answers/{answer.user_id}/{uuid.uuid4().hex}.{extension}"


class SpokenAnswerQuerySet(OwnedQuerySet):
    def done(self):
        return self.filter(status=SpokenAnswer.Status.DONE)

    def newest_first(self):
        return self.order_by("-created_at", "-id")


class SpokenAnswer(models.Model):
    """One answer said aloud to a question (practice/spoken_answers): the recording, kept in
    Django's storage under a private MEDIA_ROOT and served only to its owner, and what the
    transcription worker made of it. The transcript and figures are columns of this one row, so
    a job run twice (a worker killed mid-job, then the job re-run) still leaves one transcript."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to be transcribed"
        TRANSCRIBING = "transcribing", "Transcribing"
        DONE = "done", "Transcribed"
        FAILED = "failed", "Could not be transcribed"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="spoken_answers"
    )
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    # Said during a mock interview: it stands in for (or beside) the typed answer.
    mock_item = models.ForeignKey(
        "MockItem", on_delete=models.SET_NULL, null=True, blank=True, related_name="spoken_answers"
    )
    audio = models.FileField(upload_to=spoken_answer_path, max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    error = models.TextField(blank=True)
    # How often a worker began transcribing it (a job that keeps killing workers gives up).
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField()
    # When the current attempt began: a claim older than the stale limit was a dead worker's.
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    transcript = models.TextField(blank=True)
    # [{"word": " Gradient", "start": 0.42, "end": 0.9}, …] as the recogniser gave them.
    words = models.JSONField(default=list, blank=True)
    # [{"text": …, "status": "covered" | "partly" | "not found", "sentence": …}, …]
    key_points = models.JSONField(default=list, blank=True)
    duration_seconds = models.FloatField(null=True, blank=True)
    talk_seconds = models.FloatField(null=True, blank=True)
    words_per_minute = models.FloatField(null=True, blank=True)
    filler_count = models.PositiveIntegerField(null=True, blank=True)
    # How often each filler was said, e.g. um: 2, "you know": 1.
    fillers = models.JSONField(default=dict, blank=True)
    longest_pause_seconds = models.FloatField(null=True, blank=True)

    objects = SpokenAnswerQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(
                fields=["user", "question", "created_at"], name="spoken_user_question_time"
            ),
            models.Index(fields=["status", "started_at"], name="spoken_status_started"),
        ]

    def __str__(self):
        return f"Spoken answer {self.pk} of {self.user} to Q{self.question.number}"

    def get_absolute_url(self):
        return reverse("practice:spoken_answer", args=[self.pk])

    @property
    def is_pending(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.TRANSCRIBING)

    @property
    def download_name(self) -> str:
        """The recording's name in "Download my recordings" (and in the JSON download)."""
        extension = self.audio.name.rsplit(".", 1)[-1]
        question = self.question
        return (
            f"{self.created_at:%Y-%m-%d-%H%M%S}-{question.section.guide.slug}"
            f"-q{question.number}-{self.pk}.{extension}"
        )

    @property
    def points_covered(self) -> int:
        return sum(point["status"] == "covered" for point in self.key_points)


class TodayVersion(models.Model):
    """A number that moves on with every write of a person's that can change what they have
    to do today: a rating (both of `rating.rate_question`'s paths), a corrected rating, an
    interview date saved or removed, a library guide taken up or dropped; written in the same
    transaction (`practice.today_version`). The header's count of today's work is kept under
    it (`practice.plans.header`), so a kept count is never read after such a write. No row
    reads as 0: people who never rated anything have none."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    version = models.BigIntegerField(default=0)

    def __str__(self):
        return f"Today of {self.user_id}: version {self.version}"
