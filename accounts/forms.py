from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, UserCreationForm

from . import time_zones, usernames
from .lockout import password_is_right


class TimeZoneField(forms.ChoiceField):
    """A `<select>` of the listed zones that still accepts any zone this machine knows: an
    old spelling ("Asia/Calcutta") is saved as the listed zone it names ("Asia/Kolkata")."""

    def to_python(self, value):
        value = super().to_python(value)
        return time_zones.canonical(value) if value else value

    def valid_value(self, value):
        return value in time_zones.names()


def time_zone_field(**kwargs):
    """Every listed zone in a `<select>`: typing a place's first letters jumps to it."""
    return TimeZoneField(
        label="Time zone",
        choices=time_zones.choices,
        initial=time_zones.DEFAULT,
        error_messages={
            "required": "Choose your time zone.",
            "invalid_choice": "Choose a time zone from the list, such as Europe/London.",
        },
        **kwargs,
    )


class SignUpForm(UserCreationForm):
    email = forms.EmailField(
        required=False,
        help_text=(
            "Optional, but without it a forgotten password cannot be reset. "
            "You can add it later on your profile."
        ),
    )
    time_zone = time_zone_field(
        # A form without the field (an old page, a script) signs up in UTC.
        required=False,
        help_text=(
            "Your days, streaks and review times follow this zone. Your browser's zone is "
            "filled in when it can be; you can change it later on your profile."
        ),
    )

    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ["username", "email"]
        help_texts = {
            "username": (
                "Up to 150 characters: letters a to z (small or capital), digits and @ . + - _. "
                "It must not look like a name already taken: capitals count as small letters, "
                "0 as o, 1 or I as l, rn as m. You sign in with it in any case; it is shown as "
                "you type it."
            )
        }

    def clean_username(self):
        username = super().clean_username()  # None when taken in another case
        if username is None:
            return username
        if not usernames.ALLOWED.fullmatch(username):
            raise forms.ValidationError(
                "Use only letters a to z (no accents or other alphabets), digits and @ . + - _"
            )
        if usernames.lookalike_taken(username):
            raise forms.ValidationError(
                "This username looks too much like one already taken. Choose another."
            )
        return username

    def clean_time_zone(self):
        return self.cleaned_data["time_zone"] or time_zones.DEFAULT

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            # static/js/app.js selects the browser's zone, once: never over a choice made.
            self.fields["time_zone"].widget.attrs["data-detect-time-zone"] = ""


class SignInForm(AuthenticationForm):
    def clean_username(self):
        # Django's form only sets the input's maxlength; enforce it before the sign-in is
        # attempted (and recorded by the lockout, whose column holds 255 characters).
        username = self.cleaned_data["username"]
        limit = self.fields["username"].max_length
        if len(username) > limit:
            raise forms.ValidationError(f"A username has at most {limit} characters.")
        return usernames.stored_spelling(username)


def current_password_field():
    return forms.CharField(
        label="Your current password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text="To make sure it is you.",
    )


class EmailForm(forms.ModelForm):
    password = current_password_field()

    class Meta:
        model = get_user_model()
        fields = ["email"]
        labels = {"email": "Email address"}
        help_texts = {
            "email": (
                "For a password-reset link and, if you turn them on, reminder emails. "
                "Leave empty to remove it."
            )
        }

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not password_is_right(self.request, self.instance, password):
            raise forms.ValidationError(
                "That is not your password. Your email address was not changed."
            )
        return password


class TimeZoneForm(forms.Form):
    time_zone = time_zone_field(
        help_text="Dates and times are shown in this zone; your days begin at its midnight."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A zone saved before the list was shortened shows as the listed zone it names, or,
        # naming none (Etc/GMT+1), as an option of its own until it is changed.
        saved = time_zones.canonical(self.initial.get("time_zone") or time_zones.DEFAULT)
        self.initial["time_zone"] = saved
        field = self.fields["time_zone"]
        if saved not in time_zones.listed():
            field.choices = [(saved, saved), *field.choices]


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    def __init__(self, user, *args, request, **kwargs):
        super().__init__(user, *args, **kwargs)
        self.request = request

    def clean_old_password(self):
        old_password = self.cleaned_data["old_password"]
        if not password_is_right(self.request, self.user, old_password):
            raise forms.ValidationError(
                self.error_messages["password_incorrect"], code="password_incorrect"
            )
        return old_password


class DeleteAccountForm(forms.Form):
    password = current_password_field()

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not password_is_right(self.request, self.request.user, password):
            raise forms.ValidationError("That is not your password. Nothing was deleted.")
        return password


class ReminderForm(forms.Form):
    reminders = forms.BooleanField(
        label="Email me a reminder on days with something to do", required=False
    )
    reminder_time = forms.TimeField(
        label="Send it after",
        initial="08:00",
        input_formats=["%H:%M", "%H:%M:%S"],
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={
            "required": "Enter a time, such as 08:00.",
            "invalid": "Enter a time as hours and minutes, such as 08:00.",
        },
    )

    def __init__(self, *args, user, zone, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["reminder_time"].help_text = (
            f"Your local time ({zone}). One email a day at most, soon after this time, only "
            "when reviews are due or your plan has questions for the day."
        )

    def clean_reminders(self):
        reminders = self.cleaned_data["reminders"]
        if reminders and not self.user.email:
            raise forms.ValidationError(
                "Reminders need an email address: add yours under Your account first."
            )
        return reminders


class SpokenAnswersForm(forms.Form):
    """How many recordings of each question to keep (spoken answers)."""

    spoken_answers_kept = forms.TypedChoiceField(
        label="Recordings to keep of each question",
        choices=[
            (1, "The last one"),
            (3, "The last 3"),
            (5, "The last 5"),
            (10, "The last 10"),
            (0, "All of them"),
        ],
        coerce=int,
        help_text="Older recordings of a question, with their transcripts, are deleted.",
        error_messages={"invalid_choice": "Choose how many recordings to keep."},
    )
