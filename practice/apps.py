from django.apps import AppConfig


class PracticeConfig(AppConfig):
    name = "practice"

    def personal_data(self, user):
        """This app's share of "Download my data" (see accounts/data.py)."""
        from .personal_data import personal_data

        return personal_data(user)
