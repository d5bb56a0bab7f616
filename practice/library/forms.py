from django import forms


class ReportForm(forms.Form):
    reason = forms.CharField(
        label="What is wrong with this guide?",
        help_text="For example: copied without permission, wrong or harmful content, spam.",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": "Say what is wrong with the guide.",
            "max_length": "Keep it under 2,000 characters (it has %(show_value)d).",
        },
    )
