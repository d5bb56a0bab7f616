"""The guides list grouped by field, so a person finds theirs at a glance.

A guide's field is the subject on its cover ("AI / ML Concepts", "Behavioural"); shipped
guides are shelved under their field in alphabetical order of the field, and a reader's own
guides sit together on a shelf of their own first, whatever their subject; a guide someone
else wrote (published to the library) goes on its field's shelf like a shipped one. The
grouping is done on guides already fetched, so it adds no query to the page.
"""

from dataclasses import dataclass, field

from django.utils.text import slugify

OWN_GUIDES = "Your guides"
NO_FIELD = "Other guides"


@dataclass
class Shelf:
    heading: str
    guides: list = field(default_factory=list)
    own: bool = False

    @property
    def hides_subject(self) -> bool:
        """A field's shelf is headed by the subject; the reader's own shelf mixes subjects."""
        return not self.own

    @property
    def anchor(self) -> str:
        return "field-" + (slugify(self.heading) or "other")


def shelve(guides, reader) -> list[Shelf]:
    """`reader`'s own guides (if any), then one shelf per field; each by title."""
    reader_id = reader.pk if reader.is_authenticated else None
    own = Shelf(OWN_GUIDES, own=True)
    by_field: dict[str, Shelf] = {}
    for guide in guides:
        if reader_id is not None and guide.owner_id == reader_id:
            own.guides.append(guide)
            continue
        subject = " ".join(guide.subject.split()) or NO_FIELD
        # "Behavioural" and "behavioural " are one field.
        by_field.setdefault(subject.casefold(), Shelf(subject)).guides.append(guide)
    fields = sorted(
        by_field.values(), key=lambda shelf: (shelf.heading == NO_FIELD, shelf.heading.casefold())
    )
    shelves = ([own] if own.guides else []) + fields
    for shelf in shelves:
        shelf.guides.sort(key=lambda guide: guide.title.casefold())
    return shelves
