from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"

    def personal_data(self, user):
        """This app's share of "Download my data" (see data.py)."""
        from .data import account_data

        return account_data(user)
