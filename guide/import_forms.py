"""Forms of "Import a file": the upload, and the choice of CSV columns when the file does not
say which column is which."""

from django import forms

from .formats import APKG, CSV, DOCUMENT, Columns
from .limits import MAX_UPLOAD_BYTES
from .models import Guide

NEW_GUIDE = "new"
AUTO = "auto"
TOO_LARGE = (
    f"The file is larger than {MAX_UPLOAD_BYTES // 1024 // 1024} MB, the most an import may "
    "be. Split it, or export one deck at a time."
)


class UploadForm(forms.Form):
    file = forms.FileField(
        label="File",
        widget=forms.FileInput(attrs={"accept": ".txt,.md,.csv,.tsv,.apkg,.colpkg"}),
        help_text=(
            "A guide document or plain Q/A notes (.txt, .md), CSV or tab-separated notes "
            "(.csv, .tsv, or Anki’s “Notes in Plain Text” .txt), or an Anki package (.apkg). "
            "Examples of each are below. At most "
            f"{MAX_UPLOAD_BYTES // 1024 // 1024} MB."
        ),
        error_messages={
            "required": "Choose a file to import.",
            "empty": "The file is empty.",
            "invalid": "Choose a file to import.",
        },
    )
    format = forms.ChoiceField(
        label="Format",
        choices=[
            (AUTO, "Tell from the file"),
            (DOCUMENT, "Guide document or plain Q/A notes"),
            (CSV, "CSV or tab-separated notes"),
            (APKG, "Anki package"),
        ],
        initial=AUTO,
        error_messages={"invalid_choice": "Choose a format from the list."},
    )
    into = forms.ChoiceField(
        label="Import into",
        help_text="Importing a file again updates the questions it brought in the first time.",
        error_messages={"invalid_choice": "Choose a new guide or one of yours."},
    )

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        self.guides = {
            str(guide.pk): guide for guide in Guide.objects.owned_by(owner).order_by("title")
        }
        self.fields["into"].choices = [(NEW_GUIDE, "A new guide")] + [
            (key, f"My guide “{guide.title}”") for key, guide in self.guides.items()
        ]
        self.fields["into"].initial = NEW_GUIDE

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(TOO_LARGE)
        return upload

    def clean_into(self) -> Guide | None:
        return self.guides.get(self.cleaned_data["into"])


class ColumnsForm(forms.Form):
    """Which column is the front, the back and the section, by number (1-based on screen)."""

    front = forms.TypedChoiceField(label="Front (the question)", coerce=int)
    back = forms.TypedChoiceField(label="Back (the answer)", coerce=int)
    section = forms.TypedChoiceField(
        label="Section",
        coerce=int,
        help_text="Rows with the same value go into one section.",
    )
    header_row = forms.BooleanField(
        label="The first row names the columns: do not import it", required=False
    )

    def __init__(self, *args, columns: Columns, **kwargs):
        super().__init__(*args, **kwargs)
        samples = (columns.samples + [""] * columns.count)[: columns.count]
        choices = [
            (index, f"Column {index + 1}" + (f" (“{sample}”)" if sample else ""))
            for index, sample in enumerate(samples)
        ]
        self.fields["front"].choices = choices
        self.fields["back"].choices = choices
        self.fields["section"].choices = [(-1, "None: one section for all"), *choices]
        self.initial = {
            "front": columns.front,
            "back": columns.back,
            "section": -1 if columns.section is None else columns.section,
            "header_row": columns.header_row,
        }

    def clean(self):
        cleaned = super().clean()
        front, back = cleaned.get("front"), cleaned.get("back")
        if front is not None and front == back:
            raise forms.ValidationError("The front and the back must be different columns.")
        if cleaned.get("section") in {front, back}:
            raise forms.ValidationError("The section must be a column of its own, or none.")
        return cleaned

    def chosen(self) -> dict:
        section = self.cleaned_data["section"]
        return {
            "front": self.cleaned_data["front"],
            "back": self.cleaned_data["back"],
            "section": None if section == -1 else section,
            "header_row": self.cleaned_data["header_row"],
        }
