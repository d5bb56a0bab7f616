"""Usernames that cannot pass for someone else's: ASCII only, so no Cyrillic "а" or dotless
"ı" can stand in for a Latin letter, and none that reads like a name already taken."""

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
