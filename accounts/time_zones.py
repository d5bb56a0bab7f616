"""Time zones a person can choose: the IANA names, listed for a `<select>` that typing can
search, and read back safely. Every date the app shows is in the person's zone, and their
days (streaks, activity) begin at its midnight."""

from functools import cache
from zoneinfo import ZoneInfo, available_timezones

from django.core.exceptions import ValidationError

DEFAULT = "UTC"
# Files in some systems' zone directory that are no places: the machine's own zone, a
# placeholder and a template of rules.
NOT_PLACES = {"localtime", "Factory", "posixrules"}


@cache
def names() -> frozenset[str]:
    """Every zone name a person may choose, old spellings included: browsers still report
    some ("Asia/Calcutta", "Europe/Kiev")."""
    return frozenset(available_timezones() - NOT_PLACES) | {DEFAULT}


def _label(name: str) -> str:
    """'Los Angeles (America/Los_Angeles)': a select jumps to the option whose label starts
    with what one types, so the place comes first."""
    place = ", ".join(reversed(name.split("/")[1:])).replace("_", " ")
    return f"{place} ({name})"


@cache
def choices() -> list:
    """UTC first, then each region's zones as a group ("Europe": London, Paris...), and the
    names without a region (CET, GB...) last."""
    regions: dict[str, list[tuple[str, str]]] = {}
    others = []
    for name in sorted(names() - {DEFAULT}):
        region, _, place = name.partition("/")
        if place:
            regions.setdefault(region, []).append((name, _label(name)))
        else:
            others.append((name, name))
    by_place = [
        (region, sorted(zones, key=lambda zone: zone[1])) for region, zones in regions.items()
    ]
    return [(DEFAULT, "UTC"), *sorted(by_place), ("Other", others)]


def validate_time_zone(name: str) -> None:
    if name not in names():
        raise ValidationError(
            "Choose a time zone from the list, such as Europe/London.", code="invalid_time_zone"
        )


def zone(name: str | None) -> ZoneInfo:
    """The zone of that name, or UTC for a name this machine does not know (any more)."""
    return ZoneInfo(name if name in names() else DEFAULT)
