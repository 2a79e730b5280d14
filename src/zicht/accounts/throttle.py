"""Login throttling that cannot be used against staff (issue 17.6).

django-axes counts failed logins per account *and* source address together
(`AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]`), so failures from one address lock
that account only from that address: an attacker elsewhere who hammers the crisis desk's accounts
locks out the attacker, not the desk. Before the lock, a growing delay: the first
`LOGIN_FREE_FAILURES` failures cost nothing (typos), each further one doubles the wait before the
next try from that address (`login_delay`), up to `LOGIN_DELAY_MAX_SECONDS`; at
`AXES_FAILURE_LIMIT` failures that account is locked from that address for `AXES_COOLOFF_TIME`.
A try during the wait is refused before the password is checked and counts as no failure.

The source is the connecting address (`client_address`); behind a reverse proxy listed in
`ZICHT_TRUSTED_PROXIES` it is the last address the proxies were given. A client's own
X-Forwarded-For is never believed, so nobody can pose as the crisis desk's address.
"""

import math
from datetime import timedelta

from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max, Sum
from django.http import HttpRequest
from django.utils import timezone


def client_address(request: HttpRequest) -> str | None:
    """The address a login comes from (django-axes' AXES_CLIENT_IP_CALLABLE)."""
    remote = request.META.get("REMOTE_ADDR")
    trusted = set(settings.ZICHT_TRUSTED_PROXIES)
    if remote not in trusted:
        return remote
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    for address in reversed([a for a in forwarded if a]):
        if address not in trusted:
            return address
    return remote


def login_delay(failures: int) -> timedelta:
    """How long to wait after the last of `failures` failed logins before the next try."""
    extra = failures - settings.LOGIN_FREE_FAILURES
    if extra < 0:
        return timedelta(0)
    return timedelta(seconds=min(2**extra, settings.LOGIN_DELAY_MAX_SECONDS))


def seconds_to_wait(*, username: str, address: str | None) -> int:
    """Seconds before this account may be tried again from this address (0: now)."""
    cool_off = get_cool_off() or timedelta(minutes=30)
    recent = AccessAttempt.objects.filter(
        username=username, ip_address=address, attempt_time__gte=timezone.now() - cool_off
    ).aggregate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
    if not recent["failures"]:
        return 0
    ready = recent["last"] + login_delay(recent["failures"])
    remaining = (ready - timezone.now()).total_seconds()
    return math.ceil(remaining) if remaining > 0 else 0
