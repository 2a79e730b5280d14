"""Talking to the register over HTTP: one request, its JSON answer, or `RegisterUnavailable`.

Only the configured register origin is reached, redirects are never followed, and what is
logged is the method, the status and the exception class — never a URL's reference or a body.
"""

import json
import logging
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any, Protocol

from django.conf import settings

log = logging.getLogger("zicht.radar")
TIMEOUT_SECONDS = 5


class RegisterUnavailable(Exception):
    """Down, slow, or answering 5xx/429: try again later."""


@dataclass(frozen=True)
class Answer:
    status: int
    body: Any


class Transport(Protocol):
    def __call__(self, method: str, path: str, body: Any = None) -> Answer: ...


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def http_transport(method: str, path: str, body: Any = None) -> Answer:
    """The real transport: settings.REGISTER_URL + path, with the organisation's key."""
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(  # noqa: S310 (the origin is REGISTER_URL's, http(s) only)
        settings.REGISTER_URL.rstrip("/") + path,
        data=data,
        method=method,
        headers={
            "Authorization": f"Bearer {settings.REGISTER_KEY}",
            "Content-Type": "application/json",
            "Accept": "application/json",
        },
    )
    opener = urllib.request.build_opener(_NoRedirects())
    try:
        with opener.open(request, timeout=TIMEOUT_SECONDS) as response:
            return checked(method, Answer(response.status, _json(response.read())))
    except urllib.error.HTTPError as error:
        return checked(method, Answer(error.code, _json(error.read())))
    except (OSError, TimeoutError) as error:
        log.warning("register %s unreachable: %s", method, type(error).__name__)
        raise RegisterUnavailable(type(error).__name__) from None


def checked(method: str, answer: Answer) -> Answer:
    """A 5xx or 429 is the register's trouble, not the message's: `RegisterUnavailable`."""
    if answer.status >= 500 or answer.status == 429:
        log.warning("register %s answered %s", method, answer.status)
        raise RegisterUnavailable(f"HTTP {answer.status}")
    return answer


def _json(raw: bytes) -> Any:
    try:
        return json.loads(raw) if raw else None
    except ValueError:
        return None


def configured() -> bool:
    return bool(settings.REGISTER_URL and settings.REGISTER_KEY and settings.REGISTER_SECRET)
