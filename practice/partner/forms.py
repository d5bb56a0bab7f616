"""The forms of a partner interview: joining, the partner's feedback, the person's rating."""

from django import forms

from ..forms import RatingForm
from ..mock_interviews.forms import PositionForm
from ..models import PARTNER_NAME_MAX_LENGTH, PARTNER_NOTES_MAX_LENGTH, Confidence

RATING_CHOICES = [(value, f"{value} – {label}") for value, label in Confidence.choices]


class JoinForm(forms.Form):
    display_name = forms.CharField(
        label="Your name",
        help_text="How the person you interview will see you. Nothing else about you is kept.",
        max_length=PARTNER_NAME_MAX_LENGTH,
        error_messages={
            "required": "Enter a name to join, like Sam.",
            "max_length": f"Enter a name of at most {PARTNER_NAME_MAX_LENGTH} characters.",
        },
    )

    def clean_display_name(self):
        name = " ".join(self.cleaned_data["display_name"].split())
        if not name:
            raise forms.ValidationError("Enter a name to join, like Sam.")
        return name


class FeedbackForm(forms.Form):
    position = forms.IntegerField(min_value=0, max_value=1000, widget=forms.HiddenInput)
    point = forms.TypedMultipleChoiceField(
        label="Key points they mentioned",
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )
    notes = forms.CharField(
        label="Your notes on this answer",
        help_text="The person you interview reads them when you move to the next question.",
        required=False,
        strip=False,
        max_length=PARTNER_NOTES_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "max_length": f"Keep your notes under {PARTNER_NOTES_MAX_LENGTH:,} characters."
        },
    )
    rating = forms.TypedChoiceField(
        label="How would you rate this answer in a real interview?",
        choices=RATING_CHOICES,
        coerce=int,
        required=False,
        empty_value=None,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, points=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["point"].choices = list(enumerate(points))


class SelfRatingForm(RatingForm, PositionForm):
    """The person's own rating of one question on the summary."""


class AdoptForm(PositionForm):
    """Take the partner's rating of one question as the person's own."""
