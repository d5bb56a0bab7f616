"""Sign-in throttling (django-axes) beyond the sign-in form.

Forms that ask a signed-in person for their password (change password, change email, delete
account) check it the way signing in does, so that a stolen session cannot guess it faster
than the sign-in form allows; a completed password reset proves who the person is and lifts
the lockout."""

from axes.models import AccessAttempt
from django.contrib.auth import authenticate


def password_is_right(request, user, password: str) -> bool:
    """Through the authentication backends: a wrong password counts as a failed sign-in for
    this username and client address, and once they are locked out even the right one is
    refused (AxesMiddleware then answers with the lockout page)."""
    return authenticate(request, username=user.get_username(), password=password) == user


def lift_lockout(username: str) -> None:
    """Forget the failed attempts for this username from every address, in any case."""
    AccessAttempt.objects.filter(username__iexact=username).delete()
