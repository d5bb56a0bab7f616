"""The client address that sign-in throttling (django-axes) locks, as AXES_CLIENT_IP_CALLABLE.

Behind proxies every request comes from the nearest proxy's address, so one person's failed
sign-ins would lock everyone out. Each proxy appends the address it received the request
from to X-Forwarded-For; entries to the left of those may have been written by the client
itself and are never trusted. With TRUSTED_PROXY_COUNT proxies (DJANGO_PROXY_COUNT), the
client is the entry that the outermost proxy appended: the count-th from the right.
"""

import ipaddress

from django.conf import settings


def client_ip_address(request) -> str | None:
    remote_addr = request.META.get("REMOTE_ADDR")
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote_addr
    forwarded = [
        entry.strip()
        for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if entry.strip()
    ]
    if len(forwarded) < count:
        # Not through all our proxies (a misconfiguration): the one address known for sure.
        return remote_addr
    try:
        return str(ipaddress.ip_address(forwarded[-count]))
    except ValueError:
        return remote_addr
