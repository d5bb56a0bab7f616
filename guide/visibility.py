"""What a person may see of the guides: one rule, written once.

A question (a section, a guide) is shown to a person when it is **live** — neither it, its
section nor its guide is archived — and its guide is **visible** to them: shipped (no owner)
or their own. Every page, form choice and queue asks this rule, through the QuerySet
methods (`live()`, `visible_to(user)`) or `shown_to(user)` directly; the hand-written SQL of
the rating POST uses `shown_to_sql`, the same rule in SQL. `tests/guide/test_visibility.py`
checks on SQLite and PostgreSQL that both forms pick the same questions, so a new kind of
access (a guide published for everyone, say) is added to `visible` and `shown_to_sql` here,
side by side, and that test tells whether they still agree.
"""

from django.db.models import F, Q

# For each kind of content row: the path from it to its guide, and the archived flags on the way.
_TO_GUIDE = {"question": "section__guide__", "section": "guide__", "guide": ""}
_ARCHIVED = {
    "question": ("", "section__", "section__guide__"),
    "section": ("", "guide__"),
    "guide": ("",),
}


def visible(user, *, kind: str = "question", path: str = "") -> Q:
    """Rows whose guide `user` may see: shipped guides, and the user's own. `path` leads from
    the model queried to the row of `kind`; `user` may be None, an anonymous user, or an
    expression such as `F("user")` naming each row's own person."""
    owner = f"{path}{_TO_GUIDE[kind]}owner"
    shipped = Q(**{f"{owner}__isnull": True})
    if isinstance(user, F):
        return shipped | Q(**{owner: user})
    if user is None or not user.is_authenticated:
        return shipped
    return shipped | Q(**{owner: user})


def live(*, kind: str = "question", path: str = "") -> Q:
    """Rows that are not archived, nor anything above them (section, guide)."""
    return Q(**{f"{path}{step}archived": False for step in _ARCHIVED[kind]})


def shown_to(user, *, kind: str = "question", path: str = "") -> Q:
    """Live and visible to `user`: what a page may show them."""
    return live(kind=kind, path=path) & visible(user, kind=kind, path=path)


def shown_to_sql(*, question: str, section: str, guide: str) -> str:
    """`shown_to` as an SQL condition over a question, its section and its guide joined
    under these aliases; its one parameter is the person's id."""
    return (
        f"NOT {question}.archived AND NOT {section}.archived AND NOT {guide}.archived "
        f"AND ({guide}.owner_id IS NULL OR {guide}.owner_id = %s)"
    )
