"""Password rules of our own, beside Django's validators (see AUTH_PASSWORD_VALIDATORS)."""

from django.core.exceptions import ValidationError


class NotOnlyWhitespaceValidator:
    """Eight spaces pass the length rule but are no secret: refuse a password of only blank
    characters (spaces, tabs, ideographic spaces...)."""

    def validate(self, password, user=None):
        if not password.strip():
            raise ValidationError(
                "This password is only spaces. Use letters, digits or symbols too.",
                code="password_only_whitespace",
            )

    def get_help_text(self):
        return "Your password can’t be only spaces."
