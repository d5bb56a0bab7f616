"""A person's time zone: chosen at sign-up, changed on the profile, active on every page."""

from datetime import UTC, datetime

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.middleware import SESSION_KEY
from accounts.models import Preferences
from tests.factories import UserFactory

PASSWORD = "correct horse battery staple"
User = get_user_model()
# Late Monday evening in London is already Tuesday noon in Auckland (NZDT, UTC+13).
MONDAY_LATE = datetime(2026, 11, 23, 23, 30, tzinfo=UTC)


def sign_up(client, **fields):
    data = {"username": "ada", "password1": PASSWORD, "password2": PASSWORD, **fields}
    return client.post(reverse("accounts:signup"), data)


def zone_of(user) -> str:
    return Preferences.objects.get(user=user).time_zone


@pytest.fixture
def auckland_owner(owner):
    owner.date_joined = MONDAY_LATE
    owner.save()
    Preferences.objects.create(user=owner, time_zone="Pacific/Auckland")
    return owner


# Sign-up


def test_signing_up_stores_the_chosen_time_zone(client, db):
    response = sign_up(client, time_zone="Pacific/Auckland")

    assert response.status_code == 302
    assert zone_of(User.objects.get(username="ada")) == "Pacific/Auckland"
    assert client.session[SESSION_KEY] == "Pacific/Auckland"


def test_signing_up_without_a_time_zone_field_chooses_utc(client, db):
    sign_up(client)

    assert zone_of(User.objects.get(username="ada")) == "UTC"


def test_an_unknown_time_zone_is_refused_with_a_clear_message(client, db):
    response = sign_up(client, time_zone="Mars/Olympus_Mons")

    content = response.content.decode()
    assert response.status_code == 400
    assert "Choose a time zone from the list, such as Europe/London." in content
    assert not User.objects.filter(username="ada").exists()
    assert not Preferences.objects.exists()


def test_the_sign_up_form_lists_every_zone_with_utc_first(client, db):
    content = client.get(reverse("accounts:signup")).content.decode()

    select = content[content.index('<select name="time_zone"') :]
    first_option = select[select.index("<option") : select.index("</option>")]
    assert 'value="UTC" selected' in first_option
    assert '<optgroup label="Pacific">' in select
    assert '<option value="Pacific/Auckland">Auckland (Pacific/Auckland)</option>' in select
    assert (
        '<option value="America/Los_Angeles">Los Angeles (America/Los_Angeles)</option>' in select
    )
    assert "data-detect-time-zone" in select


def test_the_zone_list_offers_places_not_offsets_or_old_spellings(client, db):
    content = client.get(reverse("accounts:signup")).content.decode()

    select = content[content.index('<select name="time_zone"') : content.index("</select>")]
    for gone in ["Etc/GMT+1", "Asia/Calcutta", "Africa/Asmera", "Japan", "PRC", "Navajo"]:
        assert f'value="{gone}"' not in select
    for gone in ["W-SU", "GB-Eire", "Zulu", "US/Pacific", "Europe/Kiev"]:
        assert f'value="{gone}"' not in select
    assert '<option value="Asia/Kolkata">Kolkata (Asia/Kolkata)</option>' in select
    assert '<option value="Europe/Kyiv">Kyiv (Europe/Kyiv)</option>' in select
    assert select.count('value="UTC"') == 1
    assert 400 < select.count("<option") < 450


def test_signing_up_with_an_old_spelling_saves_the_listed_zone(client, db):
    response = sign_up(client, time_zone="Asia/Calcutta")

    assert response.status_code == 302
    assert zone_of(User.objects.get(username="ada")) == "Asia/Kolkata"
    assert client.session[SESSION_KEY] == "Asia/Kolkata"


def test_a_refused_sign_up_keeps_the_chosen_zone_and_the_browser_does_not_replace_it(client, db):
    response = sign_up(client, time_zone="Europe/London", password2="something else")

    content = response.content.decode()
    assert '<option value="Europe/London" selected>' in content
    assert "data-detect-time-zone" not in content


# Profile


def test_the_profile_changes_the_time_zone_without_the_password(client, auckland_owner):
    client.force_login(auckland_owner)

    response = client.post(
        reverse("accounts:time_zone"), {"time_zone": "America/Los_Angeles"}, follow=True
    )

    content = response.content.decode()
    assert zone_of(auckland_owner) == "America/Los_Angeles"
    assert "Your time zone is saved: America/Los_Angeles." in content
    assert '<option value="America/Los_Angeles" selected>' in content
    # Joined at 23:30 UTC on 23 November: still the 23rd in Los Angeles.
    assert "<dd>23 November 2026</dd>" in content


def test_a_zone_saved_under_an_old_name_shows_as_the_listed_zone(client, owner):
    Preferences.objects.create(user=owner, time_zone="Asia/Calcutta")
    client.force_login(owner)

    content = client.get(reverse("accounts:profile")).content.decode()

    assert '<option value="Asia/Kolkata" selected>' in content


def test_a_saved_zone_the_list_leaves_out_stays_chosen_on_the_profile(client, owner):
    Preferences.objects.create(user=owner, time_zone="Etc/GMT+1")
    client.force_login(owner)

    content = client.get(reverse("accounts:profile")).content.decode()

    assert '<option value="Etc/GMT+1" selected>' in content


def test_a_person_without_settings_can_choose_a_zone(client, owner):
    client.force_login(owner)

    client.post(reverse("accounts:time_zone"), {"time_zone": "Europe/London"})

    assert zone_of(owner) == "Europe/London"


@pytest.mark.parametrize("value", ["Mars/Olympus_Mons", "", "pacific/auckland", "localtime"])
def test_an_invalid_zone_on_the_profile_changes_nothing(client, auckland_owner, value):
    client.force_login(auckland_owner)

    response = client.post(reverse("accounts:time_zone"), {"time_zone": value})

    content = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in content
    assert "Time zone: Choose" in content
    assert zone_of(auckland_owner) == "Pacific/Auckland"
    assert client.session[SESSION_KEY] == "Pacific/Auckland"


def test_changing_the_time_zone_needs_sign_in(client, db):
    response = client.post(reverse("accounts:time_zone"), {"time_zone": "Europe/London"})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert not Preferences.objects.exists()


# Every page in the person's zone


def test_pages_show_dates_in_the_signed_in_persons_zone(client, auckland_owner):
    client.force_login(auckland_owner)

    content = client.get(reverse("accounts:profile")).content.decode()

    assert "<dd>24 November 2026</dd>" in content


def test_visitors_and_people_without_settings_see_utc(client, owner):
    owner.date_joined = MONDAY_LATE
    owner.save()
    client.force_login(owner)

    content = client.get(reverse("accounts:profile")).content.decode()

    assert "<dd>23 November 2026</dd>" in content


def test_signing_in_with_the_form_brings_the_zone(client, auckland_owner):
    client.post(reverse("accounts:login"), {"username": "owner", "password": PASSWORD})

    content = client.get(reverse("accounts:profile")).content.decode()

    assert "<dd>24 November 2026</dd>" in content


def test_the_zone_is_read_from_the_session_not_the_database_on_each_page(client, auckland_owner):
    client.force_login(auckland_owner)

    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("guide:list"))

    assert not [query for query in queries if "accounts_preferences" in query["sql"]]


def test_a_session_from_before_time_zones_looks_the_zone_up_once(client, auckland_owner):
    client.force_login(auckland_owner)
    session = client.session
    del session[SESSION_KEY]
    session.save()

    content = client.get(reverse("accounts:profile")).content.decode()

    assert "<dd>24 November 2026</dd>" in content
    assert client.session[SESSION_KEY] == "Pacific/Auckland"


def test_a_zone_this_machine_does_not_know_falls_back_to_utc(client, db):
    user = UserFactory(date_joined=MONDAY_LATE)
    client.force_login(user)
    session = client.session
    session[SESSION_KEY] = "Atlantis/Capital"
    session.save()

    content = client.get(reverse("accounts:profile")).content.decode()

    assert "<dd>23 November 2026</dd>" in content
