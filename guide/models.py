"""Interview guides: a guide has sections, a section has questions; a guide has strategy tips.

Markdown sources are kept beside their rendered HTML; `render_html()` refreshes the HTML and
is called by the importer, the admin and the guide editor whenever a source is saved.

A guide with no owner is shipped (staff edit it in the admin); a guide with an owner is that
person's private guide, seen by no one else unless they publish it to the library. Every
lookup of content goes through the rule in `visibility.py` (`visible_to(user)` for a person's
set of guides, `readable_by(user)` for what they may open), so someone else's private guide,
section or question is simply not found (404).
"""

import hashlib
import json
import re
import secrets
from datetime import timedelta
from functools import lru_cache

from django.conf import settings
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import connection, models
from django.db.models import Count, F, Q, Value
from django.db.models.functions import Replace
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from . import key_points as key_points_text
from . import signals, visibility
from .document import MAX_NUMBER
from .rendering import plain_text, render_markdown
from .search_meaning import document_texts, encode

# Section and question numbers go into addresses (at most nine digits): a larger one would
# break every page that links to the row, so the admin refuses it as the importer does. Tips'
# order follows the same rule, so a guide's numbers have one limit.
_ADDRESSABLE = [MaxValueValidator(MAX_NUMBER)]


@lru_cache(maxsize=8192)
def question_url(slug: str, number: int) -> str:
    # reverse() is slow next to the rest of a page and the answer never changes at run time.
    return reverse("practice:question", args=[slug, number])


def _digest(value) -> str:
    return hashlib.sha256(json.dumps(value, ensure_ascii=False).encode()).hexdigest()[:32]


class ImportedContent(models.Model):
    """A row a shipped guide file fills: it remembers what the last import wrote (a digest per
    field), so that the next import can tell a row that still holds the file's text, which it
    may update, from one that staff edited in the admin since, which it keeps."""

    imported = models.JSONField(default=dict, blank=True, editable=False)

    class Meta:
        abstract = True

    def record_import(self, values: dict) -> None:
        self.imported = {name: _digest(value) for name, value in values.items()}

    def edited_since_import(self, values: dict) -> list[str]:
        """The fields among `values` (name → what the file says now) that were changed since
        the last import wrote them, to something other than what the file says now. A field
        no import recorded (a row from before records were kept, or a field added since)
        counts as changed when it holds something other than its default."""
        edited = []
        for name, incoming in values.items():
            current = getattr(self, name)
            if current == incoming:
                continue
            if name in self.imported:
                if self.imported[name] != _digest(current):
                    edited.append(name)
            elif current != self._meta.get_field(name).get_default():
                edited.append(name)
        return edited

    def changed_since_import(self) -> bool:
        """True unless every field the last import recorded still holds what it wrote; a row
        with no record (added in the admin) counts as changed."""
        return not self.imported or bool(self.edited_since_import(dict.fromkeys(self.imported)))


class Licence(models.TextChoices):
    CC_BY = "CC-BY-4.0", "CC BY 4.0"
    CC_BY_SA = "CC-BY-SA-4.0", "CC BY-SA 4.0"

    @property
    def url(self) -> str:
        slug = {"CC-BY-4.0": "by", "CC-BY-SA-4.0": "by-sa"}[self.value]
        return f"https://creativecommons.org/licenses/{slug}/4.0/"


class GuideQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(visibility.visible(user, kind="guide"))

    def readable_by(self, user):
        return self.filter(visibility.readable(user, kind="guide"))

    def in_library(self):
        """What the library lists: shipped guides and guides published by their owners (not
        hidden by staff)."""
        return self.live().filter(
            Q(owner__isnull=True) | Q(published_at__isnull=False, hidden_at__isnull=True)
        )

    def live(self):
        return self.filter(visibility.live(kind="guide"))

    def owned_by(self, user):
        return self.filter(owner=user)

    def with_counts(self):
        """Annotate the number of live sections and questions, counted from the content."""
        return self.annotate(
            question_count=Count(
                "sections__questions",
                filter=Q(sections__archived=False, sections__questions__archived=False),
                distinct=True,
            ),
            section_count=Count("sections", filter=Q(sections__archived=False), distinct=True),
        )


class Guide(ImportedContent):
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    level = models.CharField(max_length=200, blank=True, help_text="e.g. Mid-Level (2–5 Years)")
    subject = models.CharField(max_length=200, blank=True, help_text="e.g. AI / ML Concepts")
    role = models.CharField(max_length=200, blank=True, help_text="e.g. General / Mixed Role")
    intro = models.TextField(blank=True)
    tips_title = models.CharField(
        max_length=200,
        blank=True,
        help_text="Heading of the strategy tips, e.g. Interview Strategy Tips",
    )
    tips_subtitle = models.CharField(max_length=300, blank=True)
    content_version = models.PositiveIntegerField(
        default=0, editable=False, help_text="Goes up whenever the guide's content changes."
    )
    updated_at = models.DateTimeField(
        default=timezone.now, editable=False, help_text="When its content last changed."
    )
    # None: a shipped guide. Someone's own guide goes with their account.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.CASCADE,
        related_name="guides",
    )
    archived = models.BooleanField(
        default=False, help_text="Archived guides are hidden from pages but kept for history."
    )
    # The library: an owner's guide that is published is listed, searchable and readable by
    # everyone under its licence; staff may hide it (with a reason the author is told).
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    licence = models.CharField(max_length=20, choices=Licence.choices, blank=True)
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_reason = models.TextField(
        blank=True, help_text="Shown to the author: why the guide was taken out of the library."
    )
    # A copy taken from the library keeps where it came from and the licence it came under.
    copied_from = models.ForeignKey(
        "self", null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )
    origin = models.CharField(
        max_length=500, blank=True, editable=False, help_text="Title, author and licence."
    )

    objects = GuideQuerySet.as_manager()

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("practice:guide", args=[self.slug])

    def get_tips_url(self):
        return reverse("guide:tips", args=[self.slug])

    def get_edit_url(self):
        return reverse("guide:my_guide_edit", args=[self.pk])

    @staticmethod
    def private_slug(title: str) -> str:
        """A fresh address for someone's own guide: the title's words and a random suffix, so
        that it never clashes with a shipped guide's or another person's."""
        while True:
            words = slugify(title)[:60].strip("-") or "guide"
            slug = f"{words}-{secrets.token_hex(3)}"
            if not Guide.objects.filter(slug=slug).exists():
                return slug

    @staticmethod
    def content_changed(guide_id):
        """Record that a guide's content changed, so cached renderings of it are not reused,
        and bring its search documents up to date. Called by every write path of content:
        the importer, the admin and the guide editor."""
        Guide.objects.filter(pk=guide_id).update(
            content_version=F("content_version") + 1, updated_at=timezone.now()
        )
        # After the update: its lock on the guide's row (every write path runs in a
        # transaction) makes two writers of one guide re-index it in turn, not interleaved.
        SearchDocument.objects.index_guide(guide_id)
        signals.content_changed.send(sender=Guide, guide_id=guide_id)


class SectionQuerySet(models.QuerySet):
    def live(self):
        return self.filter(visibility.live(kind="section"))

    def visible_to(self, user):
        return self.filter(visibility.visible(user, kind="section"))

    def readable_by(self, user):
        return self.filter(visibility.readable(user, kind="section"))


class Section(ImportedContent):
    guide = models.ForeignKey(Guide, on_delete=models.CASCADE, related_name="sections")
    number = models.PositiveIntegerField(validators=_ADDRESSABLE)
    title = models.CharField(max_length=200)
    subtitle = models.CharField(max_length=300, blank=True)
    archived = models.BooleanField(
        default=False, help_text="Archived sections are hidden from pages but kept for history."
    )

    objects = SectionQuerySet.as_manager()

    class Meta:
        ordering = ["guide", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["guide", "number"], name="section_number_unique_in_guide"
            )
        ]

    def __str__(self):
        return f"Section {self.number} — {self.title}"

    def get_absolute_url(self):
        return f"{self.guide.get_absolute_url()}#{self.anchor}"

    @property
    def anchor(self):
        return f"section-{self.number}"


class QuestionQuerySet(models.QuerySet):
    def live(self):
        """Questions shown on pages: neither they, their section nor their guide archived."""
        return self.filter(visibility.live())

    def visible_to(self, user):
        return self.filter(visibility.visible(user))

    def readable_by(self, user):
        return self.filter(visibility.readable(user))

    def in_order(self):
        return self.order_by("section__number", "number")

    def in_guide(self, guide):
        return self.filter(section__guide=guide)

    def before(self, question):
        """Questions that come before `question` in reading order (section, then number)."""
        earlier = Q(section__number__lt=question.section.number) | Q(
            section__number=question.section.number, number__lt=question.number
        )
        return self.filter(earlier).in_order()

    def after(self, question):
        later = Q(section__number__gt=question.section.number) | Q(
            section__number=question.section.number, number__gt=question.number
        )
        return self.filter(later).in_order()


class Question(ImportedContent):
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="questions")
    number = models.PositiveIntegerField(
        validators=_ADDRESSABLE, help_text="Unique within the guide; used in its address."
    )
    prompt = models.TextField()
    answer = models.TextField(help_text="Markdown; $…$ for math.")
    answer_html = models.TextField(editable=False, blank=True)
    pro_tip = models.TextField(blank=True, help_text="Markdown; $…$ for math.")
    pro_tip_html = models.TextField(editable=False, blank=True)
    archived = models.BooleanField(
        default=False,
        help_text="Archived questions are hidden from pages; their practice history is kept.",
    )
    key_points = models.TextField(
        blank=True,
        help_text="One key point a line, key terms in **bold**. Leave empty to derive them "
        "again from the answer (each sentence or list item holding a **bold** term).",
    )
    key_points_html = models.TextField(editable=False, blank=True)
    # False: derived from the answer, and derived again whenever it is saved or imported.
    # True: someone wrote them; kept as written until the field is emptied.
    key_points_edited = models.BooleanField(default=False, editable=False)
    # Where an imported question came from (an Anki note's GUID, a hash of a CSV row's front),
    # so that importing the same file again updates it instead of adding a copy.
    source_key = models.CharField(max_length=100, blank=True, default="", editable=False)

    objects = QuestionQuerySet.as_manager()

    class Meta:
        ordering = ["section__number", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["section", "number"], name="question_number_unique_in_section"
            )
        ]

    def __str__(self):
        return f"Q{self.number}. {self.prompt}"

    def get_absolute_url(self):
        return question_url(self.section.guide.slug, self.number)

    @property
    def anchor(self):
        return f"q-{self.number}"

    def get_revealed_url(self):
        """The question page with its answer shown (the no-JavaScript "Show answer")."""
        return f"{self.get_absolute_url()}?answer=shown"

    def render_html(self):
        """Refresh the stored HTML, and the key points when they are derived ones."""
        self.answer_html = render_markdown(self.answer)
        self.pro_tip_html = render_markdown(self.pro_tip)
        self.refresh_key_points()

    def refresh_key_points(self):
        if not self.key_points_edited or not self.key_points.strip():
            self.key_points_edited = False
            self.key_points = key_points_text.as_text(key_points_text.derive(self.answer))
        self.key_points_html = render_markdown(key_points_text.as_markdown_list(self.key_points))

    def set_key_points(self, text: str):
        """Key points as someone wrote them (admin, editor): kept until emptied. Text equal to
        what the answer gives counts as derived, so later answer edits keep it in step."""
        text = key_points_text.as_text([p.text for p in key_points_text.parse(text)])
        derived = key_points_text.as_text(key_points_text.derive(self.answer))
        self.key_points = text
        self.key_points_edited = bool(text) and text != derived

    def parsed_key_points(self) -> list[key_points_text.KeyPoint]:
        return key_points_text.parse(self.key_points)

    def clean(self):
        # Numbers address questions within a guide, so they must be unique across its sections.
        if self.section_id is None or self.archived:
            return
        clash = (
            Question.objects.filter(section__guide_id=self.section.guide_id, number=self.number)
            .filter(archived=False)
            .exclude(pk=self.pk)
        )
        if clash.exists():
            raise ValidationError(
                {"number": f"Question {self.number} already exists in this guide."}
            )


class Tip(ImportedContent):
    guide = models.ForeignKey(Guide, on_delete=models.CASCADE, related_name="tips")
    order = models.PositiveIntegerField(validators=_ADDRESSABLE)
    title = models.CharField(max_length=200)
    body = models.TextField(help_text="Markdown; $…$ for math.")
    body_html = models.TextField(editable=False, blank=True)

    class Meta:
        ordering = ["guide", "order"]
        constraints = [
            models.UniqueConstraint(fields=["guide", "order"], name="tip_order_unique_in_guide")
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return f"{self.guide.get_tips_url()}#{self.anchor}"

    @property
    def anchor(self):
        return f"tip-{self.order}"

    def render_html(self):
        self.body_html = render_markdown(self.body)


class GuideReader(models.Model):
    """A person practising a published guide as it is: it joins their set of guides (review,
    plan, mock interviews) and follows its author's edits."""

    guide = models.ForeignKey(Guide, on_delete=models.CASCADE, related_name="readers")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="library_guides"
    )
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["guide", "user"], name="guide_reader_unique")
        ]

    def __str__(self):
        return f"{self.user} practises {self.guide}"


class GuideReport(models.Model):
    """Someone signed in thinks a published guide should not be in the library."""

    guide = models.ForeignKey(Guide, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="guide_reports"
    )
    reason = models.TextField(max_length=2000)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Report on {self.guide}"


class PendingImportQuerySet(models.QuerySet):
    def fresh(self, now=None):
        return self.filter(created_at__gte=(now or timezone.now()) - PendingImport.LIFETIME)

    def stale(self, now=None):
        return self.filter(created_at__lt=(now or timezone.now()) - PendingImport.LIFETIME)


class PendingImport(models.Model):
    """An uploaded file between its preview and the confirmation: the bytes are kept here, not
    in the page, and read again on confirm, so the confirm form carries nothing but this id."""

    LIFETIME = timedelta(hours=1)

    class Format(models.TextChoices):
        DOCUMENT = "document", "Guide document"
        CSV = "csv", "CSV or tab-separated text"
        APKG = "apkg", "Anki package"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pending_imports"
    )
    filename = models.CharField(max_length=255)
    format = models.CharField(max_length=20, choices=Format.choices)
    data = models.BinaryField()
    # The guide to update, or None for a new guide.
    into = models.ForeignKey(Guide, null=True, blank=True, on_delete=models.CASCADE)
    # CSV only: which column is the front, the back and the section, once the person chose.
    columns = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = PendingImportQuerySet.as_manager()

    def __str__(self):
        return self.filename


# Search marks the words it found with MATCH_START and MATCH_STOP, which the excerpt then turns
# into <mark> after escaping, and hands PostgreSQL stand-ins for two characters. Control
# characters are taken out of every text that is indexed, so none of these can be typed.
MATCH_START, MATCH_STOP = "\x02", "\x03"
POSTGRES_STAND_INS = {"<": "\x04", "/": "\x05"}
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def _searchable(text: str) -> str:
    return " ".join(_CONTROL_CHARACTERS.sub("", text).split())


def postgres_text(field: str) -> Replace:
    """The text of `field` as PostgreSQL's parser should read it: as plain words. Left alone,
    it reads "<b>" as a tag (and skips all that a "<script>" holds) and "behavioural/scenario"
    as one file path; stand-ins it reads as spaces replace "<" and "/" (search puts them back
    in its excerpts)."""
    text = F(field)
    for character, stand_in in POSTGRES_STAND_INS.items():
        text = Replace(text, Value(character), Value(stand_in), output_field=models.TextField())
    return text


class SearchDocumentQuerySet(models.QuerySet):
    def index_guide(self, guide_id):
        """Rebuild one guide's documents from its live questions and its tips."""
        questions = Question.objects.filter(
            section__guide_id=guide_id, archived=False, section__archived=False
        )
        documents = [
            SearchDocument(
                guide_id=guide_id,
                question=question,
                title=_searchable(question.prompt),
                body=_searchable(plain_text(question.answer)),
                extra=_searchable(plain_text(question.pro_tip)),
            )
            for question in questions
        ] + [
            SearchDocument(
                guide_id=guide_id,
                tip=tip,
                title=_searchable(tip.title),
                body=_searchable(plain_text(tip.body)),
            )
            for tip in Tip.objects.filter(guide_id=guide_id)
        ]
        texts = [
            document_texts(
                document.title,
                document.question.key_points if document.question_id else "",
                document.body,
            )
            for document in documents
        ]
        for document, blob in zip(documents, encode(texts), strict=True):
            document.embeddings = blob
        self.filter(guide_id=guide_id).delete()
        self.bulk_create(documents)
        if connection.vendor == "postgresql":
            self.filter(guide_id=guide_id).update(
                vector=SearchVector(postgres_text("title"), weight="A", config="english")
                + SearchVector(postgres_text("body"), weight="B", config="english")
                + SearchVector(postgres_text("extra"), weight="C", config="english")
            )


class SearchDocument(models.Model):
    """What search reads: one question (prompt, answer, pro tip) or one strategy tip (title,
    body) as plain text, rebuilt for a whole guide by `Guide.content_changed`.

    The full-text index over it depends on the database (migration 0006): on PostgreSQL the
    `vector` column (weighted: title A, body B, extra C; English stemming) with a GIN index; on
    SQLite an FTS5 table `guide_search_fts` that triggers keep in step with this table (they
    also follow cascading deletes). A migration that rebuilds this table on SQLite must create
    those triggers again.
    """

    guide = models.ForeignKey(Guide, on_delete=models.CASCADE, related_name="+")
    question = models.ForeignKey(
        Question, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    tip = models.ForeignKey(Tip, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    title = models.TextField()
    body = models.TextField(blank=True)
    extra = models.TextField(blank=True)
    vector = SearchVectorField(null=True, editable=False)
    # Sentence embeddings of the title and of the title with the key points (float16, see
    # guide.search_meaning); empty when not made yet (search then makes them in memory).
    # (Nullable, so that SQLite adds the column in place: rebuilding the table drops its
    # FTS5 triggers.)
    embeddings = models.BinaryField(null=True, editable=False)

    objects = SearchDocumentQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(question__isnull=False, tip__isnull=True)
                | Q(question__isnull=True, tip__isnull=False),
                name="search_document_is_a_question_or_a_tip",
            )
        ]

    def __str__(self):
        return self.title


class LibraryGuide(Guide):
    """People's guides as the library shows them: what staff moderate in the admin (published
    or hidden ones only; private guides stay out of the admin)."""

    class Meta:
        proxy = True
        verbose_name = "published guide"
