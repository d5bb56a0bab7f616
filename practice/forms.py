from django import forms

from .models import Confidence

MAX_SECONDS_SPENT = 6 * 60 * 60


class RatingForm(forms.Form):
    confidence = forms.TypedChoiceField(
        choices=Confidence.choices,
        coerce=int,
        error_messages={
            "required": "Choose a confidence from 1 to 5.",
            "invalid_choice": "Confidence must be a whole number from 1 to 5, not “%(value)s”.",
        },
    )

    def clean_confidence(self):
        # A form sends one confidence; two would silently keep the last one.
        if len(self.data.getlist("confidence")) > 1:
            raise forms.ValidationError("Choose one confidence from 1 to 5.")
        return self.cleaned_data["confidence"]


def seconds_spent(raw: str | None) -> int | None:
    """The time the answer was open, as sent by the page's script. A missing or odd value is
    not the user's fault, so it is dropped rather than refusing the rating."""
    try:
        seconds = int(raw or "")
    except ValueError:
        return None
    return seconds if 0 <= seconds <= MAX_SECONDS_SPENT else None
