"""What a person may see of the guides: one rule, written once.

A question (a section, a guide) is **live** when neither it, its section nor its guide is
archived. Its guide is in a person's **set** (`visible`) when it is shipped (no owner), their
own, or a published guide they practise from the library (a `GuideReader` row) that staff
have not hidden; their set is what lists, queues, plans and mock interviews draw from. A guide
is **readable** by them (`readable`) when it is in their set or published to the library and
not hidden: pages, exports and search may show it, and rating one of its questions adds it to
their set.

Every page, form choice and queue asks this rule through the QuerySet methods (`live()`,
`visible_to(user)`, `readable_by(user)`) or `shown_to`/`open_to` directly; the hand-written SQL
of the rating POST uses `open_to_sql`, the same rule in SQL. `tests/guide/test_visibility.py`
checks on SQLite and PostgreSQL that both forms pick the same questions, so a new kind of
access is added here, to the Q form and the SQL form side by side.
"""

from django.apps import apps
from django.db import connection
from django.db.models import Exists, F, OuterRef, Q

# For each kind of content row: the path from it to its guide, and the archived flags on the way.
_TO_GUIDE = {"question": "section__guide__", "section": "guide__", "guide": ""}
_ARCHIVED = {
    "question": ("", "section__", "section__guide__"),
    "section": ("", "guide__"),
    "guide": ("",),
}


def _guide_id(guide: str) -> OuterRef:
    """The guide's id, from inside a subquery of the query at hand."""
    return OuterRef(f"{guide.removesuffix('__')}_id" if guide else "pk")


def _reading(user, guide: str) -> Q:
    """Published guides (or ones unpublished since) that `user` practises, unless hidden."""
    reader = apps.get_model("guide", "GuideReader").objects.filter(
        guide_id=_guide_id(guide),
        user_id=OuterRef(user.name) if isinstance(user, F) else user.pk,
    )
    return Q(Exists(reader)) & Q(**{f"{guide}hidden_at__isnull": True})


def visible(user, *, kind: str = "question", path: str = "") -> Q:
    """Rows whose guide is in `user`'s set: shipped guides, the user's own, and those they
    practise from the library. `path` leads from the model queried to the row of `kind`;
    `user` may be None, an anonymous user, or an expression such as `F("user")` naming each
    row's own person."""
    guide = f"{path}{_TO_GUIDE[kind]}"
    shipped = Q(**{f"{guide}owner__isnull": True})
    if not isinstance(user, F) and (user is None or not user.is_authenticated):
        return shipped
    return shipped | Q(**{f"{guide}owner": user}) | _reading(user, guide)


def readable(user, *, kind: str = "question", path: str = "") -> Q:
    """Rows whose guide `user` may open: their set, and every guide in the library."""
    guide = f"{path}{_TO_GUIDE[kind]}"
    published = Q(**{f"{guide}published_at__isnull": False, f"{guide}hidden_at__isnull": True})
    return visible(user, kind=kind, path=path) | published


def live(*, kind: str = "question", path: str = "") -> Q:
    """Rows that are not archived, nor anything above them (section, guide)."""
    return Q(**{f"{path}{step}archived": False for step in _ARCHIVED[kind]})


def shown_to(user, *, kind: str = "question", path: str = "") -> Q:
    """Live and in `user`'s set: what lists, queues and plans show them."""
    return live(kind=kind, path=path) & visible(user, kind=kind, path=path)


def open_to(user, *, kind: str = "question", path: str = "") -> Q:
    """Live and readable by `user`: what a page may show them and what they may rate."""
    return live(kind=kind, path=path) & readable(user, kind=kind, path=path)


def open_to_sql(*, question: str, section: str, guide: str) -> str:
    """`open_to` as an SQL condition over a question, its section and its guide joined under
    these aliases; its two parameters are both the person's id."""
    return f"NOT {question}.archived AND NOT {section}.archived AND {guide_open_to_sql(guide)}"


def guide_open_to_sql(guide: str) -> str:
    """`open_to(kind="guide")` as an SQL condition over a guide under this alias; its two
    parameters are both the person's id (None for a visitor, which matches no owner and no
    reader)."""
    readers = connection.ops.quote_name(apps.get_model("guide", "GuideReader")._meta.db_table)
    return (
        f"NOT {guide}.archived "
        f"AND ({guide}.owner_id IS NULL OR {guide}.owner_id = %s "
        f"OR ({guide}.hidden_at IS NULL AND ({guide}.published_at IS NOT NULL OR EXISTS ("
        f"SELECT 1 FROM {readers} r WHERE r.guide_id = {guide}.id AND r.user_id = %s))))"
    )
