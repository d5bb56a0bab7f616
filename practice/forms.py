from datetime import datetime
from zoneinfo import ZoneInfo

from django import forms
from django.core.exceptions import ValidationError

from .models import NOTE_MAX_LENGTH, Confidence, InterviewDate

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


class InterviewDateForm(forms.Form):
    """The interview's day (and time, if known), the target recall and a daily budget."""

    MAX_DAYS_AHEAD = 366

    date = forms.DateField(
        label="Interview date",
        help_text="Tomorrow or later, within a year.",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": "Enter the date of your interview.",
            "invalid": "Enter the date as year-month-day, like 2026-06-12.",
        },
    )
    time = forms.TimeField(
        label="Time (optional)",
        required=False,
        help_text="Leave it empty if you don’t know it yet: the plan then assumes 09:00.",
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"invalid": "Enter the time as hours and minutes, like 14:30."},
    )
    target = forms.IntegerField(
        label="Target recall, in percent",
        min_value=InterviewDate.MIN_TARGET_PERCENT,
        max_value=InterviewDate.MAX_TARGET_PERCENT,
        initial=InterviewDate.DEFAULT_TARGET_PERCENT,
        help_text=(
            "How likely you want to be to recall each answer on the day, from 80 to 97. "
            "Higher means more reviews."
        ),
        error_messages={
            "required": "Enter a target from 80 to 97.",
            "invalid": "Enter the target as a whole number from 80 to 97, like 90.",
            "min_value": "Enter a target of at least 80.",
            "max_value": "Enter a target of at most 97.",
        },
    )
    daily_budget = forms.IntegerField(
        label="Questions a day (optional)",
        required=False,
        min_value=1,
        max_value=500,
        help_text="Leave it empty and the plan picks the fewest a day that reach your target.",
        error_messages={
            "invalid": "Enter the number of questions a day as a whole number, like 15.",
            "min_value": "Enter at least 1 question a day, or leave it empty.",
            "max_value": "Enter at most 500 questions a day.",
        },
    )

    def __init__(self, *args, now: datetime, tz: ZoneInfo, **kwargs):
        super().__init__(*args, **kwargs)
        self.now = now
        self.tz = tz
        self.fields["target"].widget.attrs["inputmode"] = "numeric"
        self.fields["daily_budget"].widget.attrs["inputmode"] = "numeric"

    @classmethod
    def initial_for(cls, interview: InterviewDate | None) -> dict:
        if interview is None:
            return {}
        return {
            "date": interview.interview_on,
            "time": interview.interview_time,
            "target": interview.target_percent,
            "daily_budget": interview.daily_budget,
        }

    def clean_date(self):
        day = self.cleaned_data["date"]
        today = self.now.astimezone(self.tz).date()
        if day <= today:
            raise forms.ValidationError(
                "The interview date must be in the future: tomorrow or later."
            )
        if (day - today).days > self.MAX_DAYS_AHEAD:
            raise forms.ValidationError("The interview date must be within a year from today.")
        return day

    def values(self) -> dict:
        """The InterviewDate fields of a valid form: the day and the time as given."""
        return {
            "interview_on": self.cleaned_data["date"],
            "interview_time": self.cleaned_data["time"],
            "target_percent": self.cleaned_data["target"],
            "daily_budget": self.cleaned_data["daily_budget"],
        }
