"""Admin for editing guides: sections inline on a guide, questions inline on a section.

Every save re-renders the stored HTML of the rows it touched, so pages never render Markdown
per request.

The admin holds shipped guides only. A person's own guide is their personal data, which they
edit themselves in the app ("My guides"): staff neither list, search, filter nor open one here,
and no choice of a section or guide offers one.
"""

from django import forms
from django.contrib import admin
from django.db.models import Count, Q
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from . import library, regrouping
from .models import Guide, GuideReport, LibraryGuide, Question, Section, Tip


class RendersOwnHtml:
    """For admins of models with Markdown fields: refresh the stored HTML on every save."""

    def save_model(self, request, obj, form, change):
        obj.render_html()
        super().save_model(request, obj, form, change)


class RendersInlineHtml:
    """For admins whose inlines hold Markdown: refresh the HTML of each changed inline row."""

    def save_formset(self, request, form, formset, change):
        for inline_form in formset.forms:
            instance = inline_form.instance
            if hasattr(instance, "render_html") and inline_form.has_changed():
                instance.render_html()
        super().save_formset(request, form, formset, change)


def _guide_id(obj) -> int:
    if isinstance(obj, Guide):
        return obj.pk
    if isinstance(obj, Question):
        return obj.section.guide_id
    return obj.guide_id


def _stored_guide_id(obj) -> int | None:
    """The guide the object is in as stored, before this save."""
    if isinstance(obj, Guide):
        return obj.pk
    field = "section__guide_id" if isinstance(obj, Question) else "guide_id"
    return type(obj).objects.filter(pk=obj.pk).values_list(field, flat=True).first()


class RecordsContentChange:
    """Every admin write marks its guide as changed, so cached pages of it are rebuilt."""

    def save_model(self, request, obj, form, change):
        # A question or section moved to another guide changes the one it left too.
        before = _stored_guide_id(obj) if change else None
        super().save_model(request, obj, form, change)
        Guide.content_changed(_guide_id(obj))
        if before is not None and before != _guide_id(obj):
            regrouping.moved(obj, from_guide_id=before, to_guide_id=_guide_id(obj))
            Guide.content_changed(before)

    def save_formset(self, request, form, formset, change):
        # Sections or questions deleted inline (on their guide's or section's page).
        for inline_form in formset.deleted_forms:
            if isinstance(inline_form.instance, Section | Question):
                regrouping.deleting(inline_form.instance)
        super().save_formset(request, form, formset, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        Guide.content_changed(_guide_id(form.instance))

    def delete_model(self, request, obj):
        guide_id = _guide_id(obj)
        regrouping.deleting(obj)
        super().delete_model(request, obj)
        Guide.content_changed(guide_id)

    def delete_queryset(self, request, queryset):
        guide_ids = {_guide_id(obj) for obj in queryset}
        for obj in queryset:
            regrouping.deleting(obj)
        super().delete_queryset(request, queryset)
        for guide_id in guide_ids:
            Guide.content_changed(guide_id)


class ShippedOnly:
    """Only shipped content: rows of a person's own guide answer as if they did not exist.
    `shipped` is the lookup from the model to its guide's owner."""

    shipped: str

    def get_queryset(self, request):
        return super().get_queryset(request).filter(**{self.shipped: None})

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "section":
            kwargs["queryset"] = Section.objects.filter(guide__owner=None)
        elif db_field.name == "guide":
            kwargs["queryset"] = Guide.objects.filter(owner=None)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


def rendered_preview(html):
    # The stored HTML was sanitized by an allow-list when it was rendered.
    return format_html('<div class="rendered-preview">{}</div>', mark_safe(html or "—"))  # noqa: S308


class SectionInline(admin.TabularInline):
    model = Section
    extra = 0
    fields = ["number", "title", "subtitle", "archived"]
    show_change_link = True


class TipInline(admin.StackedInline):
    model = Tip
    extra = 0
    fields = ["order", "title", "body"]


@admin.register(Guide)
class GuideAdmin(ShippedOnly, RecordsContentChange, RendersInlineHtml, admin.ModelAdmin):
    shipped = "owner"
    list_display = ["title", "slug", "level", "role", "archived"]
    search_fields = ["title", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    fieldsets = [
        (None, {"fields": ["title", "slug", "level", "subject", "role", "intro", "archived"]}),
        ("Strategy tips heading", {"fields": ["tips_title", "tips_subtitle"]}),
    ]
    inlines = [SectionInline, TipInline]


class QuestionInline(admin.StackedInline):
    model = Question
    extra = 0
    fields = ["number", "prompt", "answer", "pro_tip", "archived"]
    show_change_link = True


@admin.register(Section)
class SectionAdmin(ShippedOnly, RecordsContentChange, RendersInlineHtml, admin.ModelAdmin):
    shipped = "guide__owner"
    list_display = ["title", "number", "guide", "archived"]
    list_editable = ["number"]
    list_filter = [("guide", admin.RelatedOnlyFieldListFilter), "archived"]
    search_fields = ["title", "subtitle"]
    ordering = ["guide__title", "number"]
    inlines = [QuestionInline]


@admin.register(Question)
class QuestionAdmin(ShippedOnly, RecordsContentChange, RendersOwnHtml, admin.ModelAdmin):
    shipped = "section__guide__owner"
    list_display = ["number", "prompt", "section", "guide_title", "archived"]
    list_display_links = ["prompt"]
    list_editable = ["number"]
    list_filter = [
        ("section__guide", admin.RelatedOnlyFieldListFilter),
        ("section", admin.RelatedOnlyFieldListFilter),
        "archived",
    ]
    list_select_related = ["section__guide"]
    search_fields = ["prompt", "answer", "pro_tip"]
    ordering = ["section__guide__title", "section__number", "number"]
    fields = [
        "section",
        "number",
        "prompt",
        "answer",
        "pro_tip",
        "key_points",
        "archived",
        "answer_preview",
        "pro_tip_preview",
    ]
    readonly_fields = ["answer_preview", "pro_tip_preview"]

    def save_model(self, request, obj, form, change):
        # Key points someone typed are kept as written (until emptied); see guide.key_points.
        if "key_points" in form.changed_data:
            obj.set_key_points(form.cleaned_data["key_points"])
        super().save_model(request, obj, form, change)

    @admin.display(description="Guide", ordering="section__guide__title")
    def guide_title(self, question):
        return question.section.guide.title

    @admin.display(description="Answer as shown (saved version)")
    def answer_preview(self, question):
        return rendered_preview(question.answer_html)

    @admin.display(description="Pro tip as shown (saved version)")
    def pro_tip_preview(self, question):
        return rendered_preview(question.pro_tip_html)


@admin.register(Tip)
class TipAdmin(ShippedOnly, RecordsContentChange, RendersOwnHtml, admin.ModelAdmin):
    shipped = "guide__owner"
    list_display = ["title", "order", "guide"]
    list_editable = ["order"]
    list_filter = [("guide", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["title", "body"]
    fields = ["guide", "order", "title", "body", "body_preview"]
    readonly_fields = ["body_preview"]

    @admin.display(description="Body as shown (saved version)")
    def body_preview(self, tip):
        return rendered_preview(tip.body_html)


class ReportInline(admin.TabularInline):
    model = GuideReport
    extra = 0
    fields = ["created_at", "reporter", "reason"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class ModerationForm(forms.ModelForm):
    hidden = forms.BooleanField(
        required=False,
        label="Hidden from the library",
        help_text="A hidden guide answers 404 to everyone but its author, who is told why.",
    )

    class Meta:
        model = LibraryGuide
        fields = ["hidden", "hidden_reason"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hidden"].initial = self.instance.hidden_at is not None

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("hidden") and not cleaned.get("hidden_reason", "").strip():
            self.add_error("hidden_reason", "Say why: the author is told.")
        return cleaned


@admin.register(LibraryGuide)
class LibraryGuideAdmin(admin.ModelAdmin):
    """Published guides (and hidden ones) with their reports: staff hide or restore them. The
    content itself stays its author's to edit."""

    form = ModerationForm
    list_display = ["title", "owner", "published_at", "hidden_at", "report_count"]
    list_filter = [("hidden_at", admin.EmptyFieldListFilter)]
    search_fields = ["title", "owner__username"]
    fields = ["title", "owner", "licence", "published_at", "hidden", "hidden_reason"]
    readonly_fields = ["title", "owner", "licence", "published_at"]
    inlines = [ReportInline]

    def get_queryset(self, request):
        people = super().get_queryset(request).filter(owner__isnull=False)
        listed = Q(published_at__isnull=False) | Q(hidden_at__isnull=False)
        return people.filter(listed).annotate(reports_count=Count("reports"))

    @admin.display(description="Reports", ordering="reports_count")
    def report_count(self, guide):
        return guide.reports_count

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        hide = form.cleaned_data["hidden"]
        if hide and obj.hidden_at is None:
            library.hide(obj, reason=form.cleaned_data["hidden_reason"])
        elif not hide and obj.hidden_at is not None:
            library.unhide(obj)
        else:
            LibraryGuide.objects.filter(pk=obj.pk).update(hidden_reason=obj.hidden_reason)


@admin.register(GuideReport)
class GuideReportAdmin(admin.ModelAdmin):
    list_display = ["guide", "reporter", "created_at", "reason"]
    list_select_related = ["guide", "reporter"]
    fields = ["guide", "reporter", "created_at", "reason"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False
