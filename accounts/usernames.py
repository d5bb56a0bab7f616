"""Usernames that cannot pass for someone else's: ASCII only, so no Cyrillic "а" or dotless
"ı" can stand in for a Latin letter, and none that reads like a name already taken.

Case does not matter anywhere: `Priya` and `priya` are one name (sign-up refuses the second),
signing in as `priya` finds the account made as `Priya`, and failed sign-ins count toward one
lockout whatever the case typed. A username is shown as it was written at sign-up."""

import re

from django.contrib.auth import get_user_model

ALLOWED = re.compile(r"[A-Za-z0-9@.+_-]+")

# What reads alike in common fonts, after ignoring case (the ASCII part of Unicode's
# confusables, UTS #39): each key is written as the letter it passes for.
LOOKALIKES = {"rn": "m", "vv": "w", "0": "o", "1": "l", "i": "l"}
# The skeleton's letters, as regular-expression classes of everything that maps to them.
SPELLINGS = {"m": "(m|rn)", "w": "(w|vv)", "o": "[o0]", "l": "[l1i]"}


def skeleton(username: str) -> str:
    """The shape of a username: two usernames with the same skeleton look alike."""
    shape = username.lower()
    for lookalike, letter in LOOKALIKES.items():
        shape = shape.replace(lookalike, letter)
    return shape


def lookalike_taken(username: str) -> bool:
    """Whether an existing username looks like this one (a regular expression, so the
    database does the comparing; it works the same on SQLite and PostgreSQL)."""
    pattern = "".join(
        SPELLINGS.get(char, char if char.isalnum() else f"[{char}]") for char in skeleton(username)
    )
    return get_user_model().objects.filter(username__iregex=f"^{pattern}$").exists()


def stored_spelling(username: str) -> str:
    """The username as the account holds it, whatever the case it was typed in; as typed when
    no account (or, from before names were compared in any case, several) matches."""
    matches = list(
        get_user_model()
        .objects.filter(username__iexact=username)
        .values_list("username", flat=True)[:2]
    )
    return matches[0] if len(matches) == 1 else username


def lockout_username(request, credentials) -> str | None:
    """AXES_USERNAME_CALLABLE: the name failed sign-ins are counted under, in small letters,
    so that `PRIYA`, `Priya` and `priya` share one lockout."""
    username = (credentials or request.POST).get("username")
    return username.lower() if username else username
