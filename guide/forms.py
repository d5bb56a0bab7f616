from django import forms

MAX_QUERY_LENGTH = 200


class QueryInput(forms.SearchInput):
    """Shows at most MAX_QUERY_LENGTH characters of what was typed: a refused 100 KB query is
    not echoed back into the page."""

    def format_value(self, value):
        value = super().format_value(value)
        return value[:MAX_QUERY_LENGTH] if value else value


class SearchForm(forms.Form):
    q = forms.CharField(
        label="Words to find in questions, answers, pro tips and strategy tips",
        required=False,
        max_length=MAX_QUERY_LENGTH,
        widget=QueryInput,
        error_messages={
            "max_length": (
                "Search for %(limit_value)d characters or fewer (you typed %(show_value)d)."
            )
        },
    )
