"""Time zones a person can choose: the IANA names, listed for a `<select>` that typing can
search, and read back safely. Every date the app shows is in the person's zone, and their
days (streaks, activity) begin at its midnight.

The list holds UTC and the zones of the tz database's `zone.tab` (one per country or region,
canonical "Area/Location" names), not the fixed offsets (`Etc/GMT+1` is UTC−1) nor the old
spellings ("Asia/Calcutta", "Japan", "US/Pacific"). Every name this machine knows is still
accepted: an old spelling, which some browsers still report, is read as the listed zone it
links to."""

from functools import cache
from importlib.resources import files
from zoneinfo import ZoneInfo, available_timezones

from django.core.exceptions import ValidationError

DEFAULT = "UTC"
# Files in some systems' zone directory that are no places: the machine's own zone, a
# placeholder and a template of rules.
NOT_PLACES = {"localtime", "Factory", "posixrules"}
# The tz database's spellings of UTC itself.
UTC_ZONES = {"Etc/UTC", "Etc/GMT"}
# Read from the tzdata package (a dependency): the same on every machine.
TZDATA = files("tzdata.zoneinfo")


@cache
def names() -> frozenset[str]:
    """Every zone name a person may choose or send, old spellings included: browsers still
    report some ("Asia/Calcutta", "Europe/Kiev")."""
    return frozenset(available_timezones() - NOT_PLACES) | {DEFAULT}


@cache
def listed() -> frozenset[str]:
    """The zones the list offers: UTC and one per country or region."""
    rows = TZDATA.joinpath("zone.tab").read_text(encoding="utf-8").splitlines()
    zones = {row.split("\t")[2] for row in rows if row and not row.startswith("#")}
    return frozenset(zones & names()) | {DEFAULT}


@cache
def _links() -> dict[str, str]:
    """Old name → the zone it is another name for ("Asia/Calcutta" → "Asia/Kolkata")."""
    links = {}
    for line in TZDATA.joinpath("tzdata.zi").read_text(encoding="utf-8").splitlines():
        if line.startswith("L "):
            _, target, alias = line.split()
            links[alias] = target
    return links


def canonical(name: str) -> str:
    """The listed zone that `name` is another spelling of, or `name` itself when it is
    listed or has no listed equivalent (then it is still a valid zone, just not offered)."""
    if name in listed():
        return name
    target = _links().get(name, name)
    if target in UTC_ZONES:
        return DEFAULT
    return target if target in listed() else name


def _label(name: str) -> str:
    """'Los Angeles (America/Los_Angeles)': a select jumps to the option whose label starts
    with what one types, so the place comes first."""
    place = ", ".join(reversed(name.split("/")[1:])).replace("_", " ")
    return f"{place} ({name})"


@cache
def choices() -> list:
    """UTC first, then each region's zones as a group ("Europe": London, Paris...)."""
    regions: dict[str, list[tuple[str, str]]] = {}
    for name in listed() - {DEFAULT}:
        region = name.partition("/")[0]
        regions.setdefault(region, []).append((name, _label(name)))
    by_place = [
        (region, sorted(zones, key=lambda zone: zone[1])) for region, zones in regions.items()
    ]
    return [(DEFAULT, "UTC"), *sorted(by_place)]


def validate_time_zone(name: str) -> None:
    if name not in names():
        raise ValidationError(
            "Choose a time zone from the list, such as Europe/London.", code="invalid_time_zone"
        )


def zone(name: str | None) -> ZoneInfo:
    """The zone of that name, or UTC for a name this machine does not know (any more)."""
    return ZoneInfo(name if name in names() else DEFAULT)
