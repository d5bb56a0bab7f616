"""The mock interview's forms: setting one up, and the position and rating each step posts."""

from django import forms

from guide.models import Guide, Question, Section

from ..forms import RatingForm
from ..models import MOCK_MAX_MINUTES, MOCK_MIN_MINUTES, MockSession
from . import services

MAX_ANSWER_LENGTH = 20_000
_CHOICE_ERRORS = {"invalid_choice": "Choose a guide from the list."}
# Ids are BigAutoFields: 18 digits always fit, and no id has more than 19.
_MAX_ID_DIGITS = 18


class SectionsField(forms.ModelMultipleChoiceField):
    """Sections by id. An id too long for the database is no choice, rather than a lookup
    that overflows (OverflowError on SQLite)."""

    def clean(self, value):
        for pk in value or []:
            if len(str(pk)) > _MAX_ID_DIGITS:
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": pk},
                )
        return super().clean(value)


class MockSetupForm(forms.Form):
    """Set up a mock interview. `clean()` leaves the chosen questions in `self.questions`."""

    STRATEGIES = [
        (MockSession.Strategy.RANDOM, "Random"),
        (MockSession.Strategy.WEAKEST, "Weakest first – lowest confidence, unrated first"),
        (MockSession.Strategy.DUE, "Due first – what the review schedule says is due"),
        (MockSession.Strategy.UNSEEN, "Not yet seen – questions you have never rated"),
    ]
    MODES = [("timed", "Timed – a countdown per question"), ("untimed", "Untimed")]

    guide = forms.ModelChoiceField(
        queryset=Guide.objects.none(), empty_label=None, error_messages=_CHOICE_ERRORS
    )
    sections = SectionsField(
        queryset=Section.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Leave all unticked to use every section.",
        error_messages={"invalid_choice": "Choose sections from the list."},
    )
    count = forms.IntegerField(
        label="Number of questions",
        min_value=1,
        max_value=100,
        initial=5,
        error_messages={"invalid": "Enter a whole number of questions, like 5."},
    )
    strategy = forms.ChoiceField(
        label="How to choose them",
        choices=STRATEGIES,
        initial=MockSession.Strategy.WEAKEST,
        widget=forms.RadioSelect,
    )
    minutes = forms.IntegerField(
        label="Minutes per question",
        min_value=MOCK_MIN_MINUTES,
        max_value=MOCK_MAX_MINUTES,
        initial=3,
        help_text=f"From {MOCK_MIN_MINUTES} to {MOCK_MAX_MINUTES}.",
        error_messages={
            "invalid": "Enter a whole number of minutes "
            f"from {MOCK_MIN_MINUTES} to {MOCK_MAX_MINUTES}."
        },
    )
    mode = forms.ChoiceField(
        label="Timer", choices=MODES, initial="timed", widget=forms.RadioSelect
    )

    def __init__(self, *args, user, now, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.now = now
        self.questions = []
        # Shipped guides and the person's own: someone else's is no choice.
        self.fields["guide"].queryset = Guide.objects.live().visible_to(user)
        self.fields["sections"].queryset = (
            Section.objects.live()
            .visible_to(user)
            .select_related("guide")
            .order_by("guide__title", "number")
        )

    def section_groups(self) -> list:
        """The section checkboxes under their guide, [(guide, [checkbox, ...]), ...]: the page
        draws a fieldset per guide, and with JavaScript shows only the chosen guide's."""
        groups: dict = {}
        for checkbox in self["sections"]:
            groups.setdefault(checkbox.data["value"].instance.guide, []).append(checkbox)
        return list(groups.items())

    def clean(self):
        cleaned = super().clean()
        guide, count = cleaned.get("guide"), cleaned.get("count")
        if guide is None or count is None or "strategy" not in cleaned:
            return cleaned
        sections = cleaned.get("sections") or []
        if any(section.guide_id != guide.pk for section in sections):
            self.add_error("sections", f"Choose sections of {guide.title} only.")
            return cleaned
        pool = Question.objects.live().in_guide(guide).select_related("section__guide")
        if sections:
            pool = pool.filter(section__in=sections)
        pool = list(pool.in_order())
        if count > len(pool):
            where = "the chosen sections" if sections else guide.title
            self.add_error("count", f"There are only {len(pool)} questions in {where}.")
            return cleaned
        chosen = services.select_questions(
            user=self.user, questions=pool, count=count, strategy=cleaned["strategy"], now=self.now
        )
        if len(chosen) < count:
            self.add_error("count", _not_enough_unseen(len(chosen)))
            return cleaned
        self.questions = chosen
        return cleaned

    @property
    def timed(self) -> bool:
        return self.cleaned_data["mode"] == "timed"


def _not_enough_unseen(unseen: int) -> str:
    if not unseen:
        return "You have already rated every one of these questions; choose another way."
    return (
        f"Only {unseen} of these questions are new to you: choose {unseen} or fewer, "
        "or another way to choose them."
    )


class PositionForm(forms.Form):
    """Which item of a mock session a form acts on (so a stale tab cannot act on another)."""

    position = forms.IntegerField(min_value=0, max_value=1000)
    answer = forms.CharField(
        required=False,
        strip=False,
        max_length=MAX_ANSWER_LENGTH,
        error_messages={"max_length": "Your answer is too long to save (over 20,000 characters)."},
    )


class MockRatingForm(RatingForm, PositionForm):
    pass
