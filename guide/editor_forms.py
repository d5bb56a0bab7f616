"""Forms of the guide editor ("My guides"); the limits they check are in `guide/limits.py`."""

from django import forms

from .limits import (
    MAX_GUIDES_PER_PERSON,
    MAX_PROMPT_LENGTH,
    MAX_QUESTIONS_PER_GUIDE,
    MAX_SECTIONS_PER_GUIDE,
    MAX_TEXT_LENGTH,
    MAX_TITLE_LENGTH,
)
from .models import Guide, Licence, Question, Section

MARKDOWN_HINT = (
    "Markdown: a blank line between paragraphs, <code>- </code> for a list, "
    "<code>**bold**</code>, <code>*italic*</code>, <code>`code`</code>, and "
    "<code>$…$</code> for math, e.g. <code>$x^2$</code>."
)


def _too_long(what: str, limit: int) -> dict:
    return {
        "max_length": f"{what} can be at most {limit:,} characters (it has %(show_value)d).",
    }


def _text(label: str, limit: int, *, required=True, textarea=True, help_text="") -> forms.Field:
    widget = forms.Textarea(attrs={"rows": 8}) if textarea else forms.TextInput
    return forms.CharField(
        label=label,
        max_length=limit,
        required=required,
        widget=widget,
        help_text=help_text,
        error_messages={"required": f"Enter the {label.lower()}.", **_too_long(label, limit)},
    )


class GuideForm(forms.ModelForm):
    """A guide's own fields. A new guide checks its owner's cap (`owner` given)."""

    title = _text("Title", MAX_TITLE_LENGTH, textarea=False)
    level = _text("Level", MAX_TITLE_LENGTH, required=False, textarea=False, help_text="Optional.")
    subject = _text(
        "Subject", MAX_TITLE_LENGTH, required=False, textarea=False, help_text="Optional."
    )
    role = _text("Role", MAX_TITLE_LENGTH, required=False, textarea=False, help_text="Optional.")
    intro = _text(
        "Introduction",
        MAX_TEXT_LENGTH,
        required=False,
        help_text="Optional. Plain text, shown as you type it: no Markdown or math here.",
    )

    class Meta:
        model = Guide
        fields = ["title", "level", "subject", "role", "intro"]

    def __init__(self, *args, owner=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.owner = owner

    def clean(self):
        cleaned = super().clean()
        if self.owner is not None and (
            Guide.objects.owned_by(self.owner).count() >= MAX_GUIDES_PER_PERSON
        ):
            raise forms.ValidationError(
                f"You already have {MAX_GUIDES_PER_PERSON} guides, the most one person can "
                "have. Delete one you no longer need to start another."
            )
        return cleaned


class SectionForm(forms.ModelForm):
    """A section's title and subtitle. A new section checks its guide's cap (`guide` given)."""

    title = _text("Title", MAX_TITLE_LENGTH, textarea=False)
    subtitle = _text(
        "Subtitle", MAX_TITLE_LENGTH, required=False, textarea=False, help_text="Optional."
    )

    class Meta:
        model = Section
        fields = ["title", "subtitle"]

    def __init__(self, *args, guide=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.guide = guide

    def clean(self):
        cleaned = super().clean()
        if self.guide is not None and self.guide.sections.count() >= MAX_SECTIONS_PER_GUIDE:
            raise forms.ValidationError(
                f"This guide already has {MAX_SECTIONS_PER_GUIDE} sections, the most a guide "
                "can have. Add questions to an existing section, or start another guide."
            )
        return cleaned


class QuestionForm(forms.ModelForm):
    """A question's prompt, answer and pro tip. A new question checks its guide's cap."""

    prompt = _text(
        "Question",
        MAX_PROMPT_LENGTH,
        textarea=False,
        help_text=(
            "Plain text, shown as you type it, like the questions of the shipped guides: "
            "Markdown and math work in the answer, not here."
        ),
    )
    answer = _text("Answer", MAX_TEXT_LENGTH, help_text=MARKDOWN_HINT)
    pro_tip = _text(
        "Pro tip", MAX_TEXT_LENGTH, required=False, help_text="Optional; Markdown as above."
    )

    class Meta:
        model = Question
        fields = ["prompt", "answer", "pro_tip"]

    def __init__(self, *args, guide=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.guide = guide
        self.fields["pro_tip"].widget.attrs["rows"] = 4

    def clean(self):
        cleaned = super().clean()
        if self.guide is not None and (
            Question.objects.in_guide(self.guide).count() >= MAX_QUESTIONS_PER_GUIDE
        ):
            raise forms.ValidationError(
                f"This guide already has {MAX_QUESTIONS_PER_GUIDE} questions, the most a guide "
                "can have. Start another guide for more."
            )
        return cleaned

    def preview(self) -> Question:
        """An unsaved question with the typed answer and pro tip rendered, to show as they
        will look; only the fields that passed their checks are rendered."""
        question = Question(
            number=self.instance.number,
            answer=self.cleaned_data.get("answer", ""),
            pro_tip=self.cleaned_data.get("pro_tip", ""),
        )
        question.render_html()
        return question


class PreviewForm(forms.Form):
    """What the live preview renders: the answer and pro tip as typed, within the limits."""

    answer = forms.CharField(
        required=False,
        max_length=MAX_TEXT_LENGTH,
        error_messages=_too_long("Answer", MAX_TEXT_LENGTH),
    )
    pro_tip = forms.CharField(
        required=False,
        max_length=MAX_TEXT_LENGTH,
        error_messages=_too_long("Pro tip", MAX_TEXT_LENGTH),
    )


class MoveForm(forms.Form):
    direction = forms.ChoiceField(
        choices=[("up", "Up"), ("down", "Down")],
        error_messages={
            "required": "Say which way to move it.",
            "invalid_choice": "Move it up or down.",
        },
    )

    @property
    def up(self) -> bool:
        return self.cleaned_data["direction"] == "up"


class ArchiveForm(forms.Form):
    archived = forms.TypedChoiceField(
        choices=[("1", "Archive"), ("0", "Unarchive")],
        coerce=lambda value: value == "1",
        error_messages={
            "required": "Say whether to archive the guide.",
            "invalid_choice": "Archive or unarchive the guide.",
        },
    )


class PublishForm(forms.Form):
    """Publishing one's own guide to the library, under a licence the author chooses."""

    licence = forms.ChoiceField(
        label="Licence",
        choices=Licence.choices,
        widget=forms.RadioSelect,
        help_text=(
            "Both let anyone copy and adapt your guide if they credit you; CC BY-SA also asks "
            "that they share their changes under the same licence."
        ),
        error_messages={"required": "Choose a licence."},
    )
