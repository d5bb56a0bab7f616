"""The time zone at sign-up in a real browser: picked up from the browser with JavaScript,
chosen from the list without it, then changed on the profile."""

import pytest
from playwright.sync_api import expect

from accounts.models import Preferences
from tests.browser.conftest import assert_no_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"


def fill_sign_up(page, username):
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password confirmation").fill(PASSWORD)


def test_sign_up_picks_up_the_browsers_time_zone(browser, site_url):
    context = browser.new_context(timezone_id="Pacific/Auckland")
    page = context.new_page()
    blocked = []
    page.on("console", lambda message: blocked.append(message.text))
    page.goto(site_url + "/accounts/signup/")

    expect(page.get_by_label("Time zone")).to_have_value("Pacific/Auckland")
    assert_no_axe_violations(page)
    fill_sign_up(page, "kiri")
    page.get_by_role("button", name="Create account").click()

    expect(page.get_by_text("Your account is ready")).to_be_visible()
    assert Preferences.objects.get(user__username="kiri").time_zone == "Pacific/Auckland"
    page.goto(site_url + "/accounts/profile/")
    expect(page.get_by_label("Time zone")).to_have_value("Pacific/Auckland")
    assert_no_axe_violations(page)
    assert not [text for text in blocked if "Content Security Policy" in text]
    context.close()


def test_sign_up_picks_the_listed_zone_for_a_browser_that_reports_an_old_name(browser, site_url):
    # Chromium spells India's zone "Asia/Calcutta"; the list offers "Asia/Kolkata".
    context = browser.new_context(timezone_id="Asia/Calcutta")
    page = context.new_page()
    page.goto(site_url + "/accounts/signup/")

    expect(page.get_by_label("Time zone")).to_have_value("Asia/Kolkata")
    context.close()


def test_without_javascript_the_zone_is_chosen_from_the_list(browser, site_url):
    context = browser.new_context(java_script_enabled=False, timezone_id="Pacific/Auckland")
    page = context.new_page()
    page.goto(site_url + "/accounts/signup/")
    zone = page.get_by_label("Time zone")
    expect(zone).to_have_value("UTC")

    fill_sign_up(page, "nojs")
    zone.select_option("Europe/London")
    page.get_by_role("button", name="Create account").click()

    expect(page.get_by_text("Your account is ready")).to_be_visible()
    assert Preferences.objects.get(user__username="nojs").time_zone == "Europe/London"
    context.close()


def test_the_profile_changes_the_zone(page, site_url):
    page.goto(site_url + "/accounts/signup/")
    fill_sign_up(page, "mover")
    page.get_by_role("button", name="Create account").click()
    page.goto(site_url + "/accounts/profile/")

    page.get_by_label("Time zone").select_option("America/Los_Angeles")
    page.get_by_role("button", name="Save time zone").click()

    expect(page.get_by_text("Your time zone is saved: America/Los_Angeles.")).to_be_visible()
    expect(page.get_by_label("Time zone")).to_have_value("America/Los_Angeles")
    assert Preferences.objects.get(user__username="mover").time_zone == "America/Los_Angeles"
    assert_no_axe_violations(page)
