"""Everything the app holds about one person, for "Download my data", the profile's summary and
account deletion.

Each app that keeps a person's rows serializes them itself: its AppConfig has a
`personal_data(user)` method returning a list of `PersonalData` (from `common.personal_data`).
This module only assembles them, so it imports no app, and a test checks that every model with
a user key is covered.
"""

import csv
import json
from collections.abc import Iterator

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.db import transaction

# Apps report their rows as `PersonalData`; `iso` writes their times. Both live in common so
# that every app can use them; importing them from here keeps working.
from common.personal_data import PersonalData, iso
from common.spreadsheet import safe_cell

from .models import Preferences

# The part of the download that also comes as CSV ("Download my ratings").
CSV_KEY = "ratings"


def personal_data(user) -> list[PersonalData]:
    """Every app's share of the person's data, in app order."""
    found = []
    for config in apps.get_app_configs():
        if hasattr(config, "personal_data"):
            found.extend(config.personal_data(user))
    return found


def _admin_action(entry: LogEntry) -> dict:
    return {
        "action_time": iso(entry.action_time),
        "action": entry.get_action_flag_display(),
        "object_type": str(entry.content_type) if entry.content_type_id else "",
        "object": entry.object_repr,
        "change": entry.get_change_message(),
    }


PREFERENCE_COLUMNS = (
    "time_zone",
    "reminders",
    "reminder_time",
    "last_reminder_on",
    "calendar_feed",
    "spoken_answers_kept",
)


def _preferences(person) -> dict:
    preferences = getattr(person, "preferences", None) or Preferences(user=person)
    # The feed's secret token stays out: a download is often kept or shared carelessly.
    return {
        "time_zone": preferences.time_zone,
        "reminders": preferences.reminders,
        "reminder_time": f"{preferences.reminder_time:%H:%M}",
        "last_reminder_on": iso(preferences.last_reminder_on),
        "calendar_feed": bool(preferences.calendar_token),
        "spoken_answers_kept": preferences.spoken_answers_kept,
    }


def account_data(user) -> list[PersonalData]:
    """What the account itself holds beyond the user row: settings, staff's admin actions."""
    return [
        PersonalData(
            key="preferences",
            label="Preferences",
            # The person's own row, so that settings never saved show their defaults.
            rows=get_user_model().objects.filter(pk=user.pk).select_related("preferences"),
            columns=PREFERENCE_COLUMNS,
            serialize=_preferences,
            counted_on_profile=False,
        ),
        PersonalData(
            key="admin_actions",
            label="Admin actions",
            rows=LogEntry.objects.filter(user=user)
            .select_related("content_type")
            .order_by("action_time", "id"),
            columns=("action_time", "action", "object_type", "object", "change"),
            serialize=_admin_action,
            on_profile_when_empty=False,
        ),
    ]


def profile_counts(user) -> list[tuple[str, int]]:
    """(label, count) of each kind of the person's data, for the profile page."""
    counts = [(part, part.count()) for part in personal_data(user) if part.counted_on_profile]
    return [(part.label, count) for part, count in counts if count or part.on_profile_when_empty]


def _user(user) -> dict:
    return {
        "username": user.username,
        "email": user.email,
        "date_joined": user.date_joined.isoformat(),
    }


def export_data(user) -> dict:
    """The whole download as one value; `json_download` writes it without holding it."""
    return {
        "user": _user(user),
        **{part.key: list(part.serialized()) for part in personal_data(user)},
    }


def json_download(user) -> Iterator[str]:
    """The text of `json.dumps(export_data(user), indent=2, ensure_ascii=False)`, written a
    row at a time: each part's rows are read in chunks, so a person with 50,000 ratings never
    has them all in memory at once."""
    yield '{\n  "user": ' + _dumps(_user(user), depth=1)
    for part in personal_data(user):
        yield f",\n  {_dumps(part.key, depth=1)}: "
        opened = False
        for row in part.serialized():
            yield (",\n    " if opened else "[\n    ") + _dumps(row, depth=2)
            opened = True
        yield "\n  ]" if opened else "[]"
    yield "\n}"


def _dumps(value, *, depth: int) -> str:
    """`value` as json.dumps writes it `depth` levels down (indent 2). A newline inside a
    string is escaped, so each one in the text is the layout's and takes the indentation."""
    text = json.dumps(value, indent=2, ensure_ascii=False)
    return text.replace("\n", "\n" + "  " * depth)


class _Line:
    """What csv.writer writes to: it hands each formatted line back instead of keeping it."""

    def write(self, line: str) -> str:
        return line


def csv_download(user) -> Iterator[str]:
    """The ratings as CSV, a line at a time; no cell reads as a spreadsheet formula."""
    (part,) = [part for part in personal_data(user) if part.key == CSV_KEY]
    writer = csv.DictWriter(_Line(), fieldnames=part.columns)
    yield writer.writeheader()
    for row in part.serialized():
        yield writer.writerow({key: safe_cell(value) for key, value in row.items()})


def delete_account(user) -> None:
    """Remove the user and everything of theirs: practice rows cascade with the user; the
    sign-in throttling records are keyed by the username as typed, in any case, so they go
    explicitly."""
    files = personal_files(user)
    with transaction.atomic():
        for model in (AccessAttempt, AccessFailureLog, AccessLog):
            model.objects.filter(username__iexact=user.get_username()).delete()
        user.delete()
        # Stored files (recordings) go once the rows are gone for good.
        transaction.on_commit(lambda: _delete_files(files))


def personal_files(user) -> list[tuple[object, str]]:
    """Every app's stored files of the person, as (storage, name): apps report them through
    a `personal_files(user)` method of their AppConfig, like `personal_data`."""
    found = []
    for config in apps.get_app_configs():
        if hasattr(config, "personal_files"):
            found.extend(config.personal_files(user))
    return found


def _delete_files(files) -> None:
    for storage, name in files:
        storage.delete(name)


def preferences_changed(user) -> None:
    """Tell the apps that keep something by a preference (how many recordings, the time zone
    their days are counted in) to apply it."""
    for config in apps.get_app_configs():
        if hasattr(config, "preferences_changed"):
            config.preferences_changed(user)
