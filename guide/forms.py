from django import forms

MAX_QUERY_LENGTH = 200
MAX_QUERY_WORDS = 10


class SearchForm(forms.Form):
    q = forms.CharField(
        label="Search questions",
        required=False,
        max_length=MAX_QUERY_LENGTH,
        error_messages={
            "max_length": (
                "Search for %(limit_value)d characters or fewer (you typed %(show_value)d)."
            )
        },
    )

    def words(self) -> list[str]:
        return self.cleaned_data["q"].split()[:MAX_QUERY_WORDS]
