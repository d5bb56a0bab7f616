"""The shape in which each app reports a person's rows for "Download my data" (assembled by
`accounts.data`): here, so that an app below `accounts` (content's own guides) can report too."""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet

CHUNK_SIZE = 500


@dataclass(frozen=True)
class PersonalData:
    """One kind of a person's rows: its key in the JSON download, a label for the profile, the
    rows, and how to write one row as plain values (a dict with `columns` as its keys)."""

    key: str
    label: str
    rows: QuerySet
    columns: tuple[str, ...]
    serialize: Callable[[object], dict]
    on_profile_when_empty: bool = True
    # Settings are no records to count: the profile shows them in their own forms.
    counted_on_profile: bool = True

    def count(self) -> int:
        return self.rows.count()

    def serialized(self):
        # In chunks, so a heavy user's rows never sit in memory at once (prefetches still apply).
        for row in self.rows.iterator(chunk_size=CHUNK_SIZE):
            yield self.serialize(row)


def iso(moment) -> str | None:
    return moment.isoformat() if moment else None
