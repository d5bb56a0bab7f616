from django import forms
from django.core.exceptions import ValidationError

from .models import NOTE_MAX_LENGTH, Confidence

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


class NoteTextField(forms.CharField):
    def to_python(self, value):
        # Browsers send a line break as CRLF but count it as one character against the text
        # box's maxlength: count it as they do.
        return super().to_python(value).replace("\r\n", "\n")


class AnswerNoteForm(forms.Form):
    # Empty is allowed: saving an empty note deletes it.
    text = NoteTextField(required=False)

    def clean_text(self):
        if "text" not in self.data:
            # Not the form's doing: deleting takes an empty text box, not a missing one.
            raise ValidationError("The note's text is missing; nothing was changed.")
        text = self.cleaned_data["text"]
        if len(text) > NOTE_MAX_LENGTH:
            raise ValidationError(
                f"Your note is {len(text):,} characters long; a note holds up to "
                f"{NOTE_MAX_LENGTH:,}. Shorten it and save again."
            )
        return text


def seconds_spent(raw: str | None) -> int | None:
    """The time the answer was open, as sent by the page's script. A missing or odd value is
    not the user's fault, so it is dropped rather than refusing the rating."""
    try:
        seconds = int(raw or "")
    except ValueError:
        return None
    return seconds if 0 <= seconds <= MAX_SECONDS_SPENT else None
