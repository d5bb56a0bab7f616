from django.apps import AppConfig


class GuideConfig(AppConfig):
    name = "guide"
    verbose_name = "Interview guides"

    def personal_data(self, user):
        """This app's share of "Download my data": the person's own guides (see
        accounts/data.py)."""
        from .personal_data import personal_data

        return personal_data(user)
