from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .middleware import remember_time_zone_at_sign_in

        user_logged_in.connect(remember_time_zone_at_sign_in, dispatch_uid="accounts.time_zone")

    def personal_data(self, user):
        """This app's share of "Download my data" (see data.py)."""
        from .data import account_data

        return account_data(user)
