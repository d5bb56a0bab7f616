"""The profile's reminder form: on or off and the local time to send after; refused input
changes nothing."""

from datetime import time

import pytest
from django.core import signing
from django.urls import reverse

from accounts.models import Preferences, preferences_for, stop_reminders_token


@pytest.fixture
def signed_in(client, owner):
    client.force_login(owner)
    return client


def save(client, **data):
    return client.post(reverse("accounts:reminders"), data)


def test_reminders_are_off_at_eight_by_default_and_the_form_says_so(signed_in, owner):
    page = signed_in.get(reverse("accounts:profile")).content.decode()

    assert 'name="reminders"' in page
    assert 'type="time" name="reminder_time" value="08:00"' in page
    assert "Your local time (UTC)." in page
    assert preferences_for(owner).reminders is False


def test_the_email_hint_says_reminders_are_sent_there_too(signed_in):
    page = signed_in.get(reverse("accounts:profile")).content.decode()

    assert "Used only to send you a password-reset link" not in page
    assert "For a password-reset link and, if you turn them on, reminder emails." in page


def test_turning_reminders_on_saves_the_time(signed_in, owner):
    response = save(signed_in, reminders="on", reminder_time="07:15")

    page = signed_in.get(reverse("accounts:profile")).content.decode()
    preferences = Preferences.objects.get(user=owner)
    assert response.status_code == 302
    assert (preferences.reminders, preferences.reminder_time) == (True, time(7, 15))
    assert "Reminders are on: an email on days with something to do, after 07:15." in page
    assert 'value="07:15"' in page


def test_turning_reminders_off_keeps_the_time(signed_in, owner):
    Preferences.objects.create(user=owner, reminders=True, reminder_time=time(6, 0))

    save(signed_in, reminder_time="06:00")

    preferences = Preferences.objects.get(user=owner)
    assert (preferences.reminders, preferences.reminder_time) == (False, time(6, 0))


@pytest.mark.parametrize(
    ("value", "message"),
    [("25:00", "Enter a time as hours and minutes, such as 08:00."), ("", "Enter a time")],
)
def test_a_bad_time_is_refused_with_a_message_and_changes_nothing(
    signed_in, owner, value, message
):
    response = save(signed_in, reminders="on", reminder_time=value)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Preferences.objects.filter(user=owner).exists()


def test_reminders_need_an_email_address(signed_in, owner):
    owner.email = ""
    owner.save()

    page = signed_in.get(reverse("accounts:profile")).content.decode()
    response = save(signed_in, reminders="on", reminder_time="08:00")

    assert "Reminders need an email address: add yours under Your account below." in page
    assert response.status_code == 400
    assert "Reminders need an email address: add yours under Your account first." in (
        response.content.decode()
    )
    assert not Preferences.objects.filter(user=owner).exists()


def test_a_visitor_is_sent_to_sign_in(client, owner):
    response = save(client, reminders="on", reminder_time="08:00")

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert not Preferences.objects.exists()


def test_the_stop_page_of_reminders_already_off_says_so(client, owner):
    Preferences.objects.create(user=owner, reminders=False)

    response = client.get(reverse("accounts:stop_reminders", args=[stop_reminders_token(owner)]))

    assert response.status_code == 200
    assert "Reminder emails are off" in response.content.decode()


def test_a_stop_link_signed_for_another_purpose_is_refused(client, owner):
    Preferences.objects.create(user=owner, reminders=True)
    token = signing.dumps(owner.pk, salt="something else")

    response = client.post(reverse("accounts:stop_reminders", args=[token]))

    assert response.status_code == 400
    assert Preferences.objects.get(user=owner).reminders is True
