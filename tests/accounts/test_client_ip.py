"""Which address a lockout applies to, behind the proxies the README's Deploy section describes."""

import runpy

import pytest
from axes.models import AccessAttempt
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse

from accounts.client_ip import client_ip_address

PASSWORD = "correct horse battery staple"
PROXY = "10.0.0.1"


def address(proxies, forwarded=None, remote_addr=PROXY):
    headers = {} if forwarded is None else {"X-Forwarded-For": forwarded}
    request = RequestFactory().get("/", headers=headers, REMOTE_ADDR=remote_addr)
    with override_settings(TRUSTED_PROXY_COUNT=proxies):
        return client_ip_address(request)


def test_without_proxies_the_address_is_the_connections():
    assert address(0, forwarded="6.6.6.6") == PROXY


def test_behind_one_proxy_the_address_is_the_one_it_appended():
    assert address(1, forwarded="1.2.3.4") == "1.2.3.4"


def test_addresses_the_client_wrote_itself_are_ignored():
    assert address(1, forwarded="1.2.3.4, 6.6.6.6") == "6.6.6.6"


def test_behind_two_proxies_the_outer_ones_entry_counts():
    assert address(2, forwarded="1.2.3.4, 6.6.6.6, 192.168.0.7") == "6.6.6.6"


def test_ipv6_addresses_are_read_too():
    assert address(1, forwarded="2001:db8::1") == "2001:db8::1"


@pytest.mark.parametrize("forwarded", [None, "", "unknown", "1.2.3.4, not-an-address"])
def test_without_a_usable_entry_the_address_is_the_connections(forwarded):
    assert address(1, forwarded=forwarded) == PROXY


def test_fewer_entries_than_proxies_fall_back_to_the_connection():
    assert address(2, forwarded="1.2.3.4") == PROXY


def production_throttling(monkeypatch, proxy_count=None):
    """The throttling settings production derives from the environment."""
    monkeypatch.setenv("DJANGO_SECRET_KEY", "test-only-production-key")
    monkeypatch.setenv("DJANGO_ALLOWED_HOSTS", "testserver")
    monkeypatch.setenv("DJANGO_SITE_URL", "https://testserver")
    if proxy_count is None:
        monkeypatch.delenv("DJANGO_PROXY_COUNT", raising=False)
    else:
        monkeypatch.setenv("DJANGO_PROXY_COUNT", proxy_count)
    production = runpy.run_module("config.settings.production")
    return override_settings(
        TRUSTED_PROXY_COUNT=production["TRUSTED_PROXY_COUNT"],
        AXES_CLIENT_IP_CALLABLE=production["AXES_CLIENT_IP_CALLABLE"],
    )


@pytest.fixture
def production_settings(monkeypatch):
    """Production behind one proxy: DJANGO_PROXY_COUNT=1."""
    with production_throttling(monkeypatch, proxy_count="1"):
        yield


@pytest.fixture
def production_defaults(monkeypatch):
    """Production with no DJANGO_PROXY_COUNT: gunicorn faces the clients itself."""
    with production_throttling(monkeypatch):
        yield


def via_proxy(forwarded):
    return Client(REMOTE_ADDR=PROXY, headers={"X-Forwarded-For": forwarded})


def sign_in(client, password):
    return client.post(reverse("accounts:login"), {"username": "owner", "password": password})


def test_an_attacker_behind_the_proxy_cannot_lock_the_owner_out(production_settings, owner):
    attacker = via_proxy("6.6.6.6")
    for _ in range(5):
        sign_in(attacker, "wrong")

    response = sign_in(via_proxy("1.2.3.4"), PASSWORD)

    assert response.status_code == 302
    assert AccessAttempt.objects.get(username="owner").ip_address == "6.6.6.6"
    assert sign_in(attacker, PASSWORD).status_code == 429
    # Claiming the owner's address does not get the attacker out: the proxy appends the real one.
    assert sign_in(via_proxy("1.2.3.4, 6.6.6.6"), PASSWORD).status_code == 429


def test_without_a_proxy_count_a_forwarded_address_does_not_escape_the_lockout(
    production_defaults, owner
):
    for guess in range(5):
        forwarded = {"X-Forwarded-For": f"6.6.6.{guess}"}
        sign_in(Client(REMOTE_ADDR="203.0.113.9", headers=forwarded), "wrong")

    response = sign_in(
        Client(REMOTE_ADDR="203.0.113.9", headers={"X-Forwarded-For": "1.2.3.4"}), PASSWORD
    )

    assert response.status_code == 429
    assert AccessAttempt.objects.get(username="owner").ip_address == "203.0.113.9"


def test_without_a_proxy_count_nobody_can_lock_out_a_chosen_address(production_defaults, owner):
    attacker = Client(REMOTE_ADDR="203.0.113.9", headers={"X-Forwarded-For": "1.2.3.4"})
    for _ in range(5):
        sign_in(attacker, "wrong")

    response = sign_in(Client(REMOTE_ADDR="1.2.3.4"), PASSWORD)

    assert response.status_code == 302
