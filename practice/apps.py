from django.apps import AppConfig


class PracticeConfig(AppConfig):
    name = "practice"

    def personal_data(self, user):
        """This app's share of "Download my data" (see accounts/data.py)."""
        from .personal_data import personal_data

        return personal_data(user)

    def personal_files(self, user):
        """The person's stored recordings, deleted with the account (see accounts/data.py)."""
        from .spoken_answers.services import personal_files

        return personal_files(user)

    def preferences_changed(self, user):
        """A lower number of recordings kept applies at once."""
        from .spoken_answers.services import apply_retention_everywhere

        apply_retention_everywhere(user)
