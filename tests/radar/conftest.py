"""Zicht as the register's client, against the register in-process (its own URLconf, middleware
and database alias) through a transport that can be taken down."""

import pytest
from django.test import override_settings
from rest_framework.test import APIClient

from tests.register.conftest import SECRET, author, organisation_client
from zicht.radar import client as radar_client
from zicht.radar.client import Answer, RegisterUnavailable, checked
from zicht.register import settings as register_settings

BOTH_DATABASES = ["default", "register"]


class InProcessRegister:
    """The register as Zicht's transport sees it; `down` makes every request fail the way a
    stopped register does (connection refused), `fail_after` stops it after that many calls."""

    def __init__(self, api: APIClient) -> None:
        self.api = api
        self.down = False
        self.fail_after: int | None = None
        self.calls: list[tuple[str, str]] = []

    def __call__(self, method: str, path: str, body=None) -> Answer:
        if self.down or (self.fail_after is not None and len(self.calls) >= self.fail_after):
            raise RegisterUnavailable("ConnectionRefusedError")
        self.calls.append((method, path))
        with override_settings(
            ROOT_URLCONF=register_settings.ROOT_URLCONF,
            MIDDLEWARE=register_settings.MIDDLEWARE,
            REGISTER_RATE="1000/min",
        ):
            response = getattr(self.api, method.lower())(path, body, format="json")
        return checked(
            method, Answer(response.status_code, response.json() if response.content else None)
        )


@pytest.fixture
def register_service(settings, monkeypatch):
    settings.REGISTER_URL = "http://register.test"
    settings.REGISTER_KEY = "vtr_test"
    settings.REGISTER_SECRET = SECRET.decode()
    transport = InProcessRegister(organisation_client("nhn", "Veilig Thuis Noord-Holland Noord"))
    monkeypatch.setattr(radar_client, "http_transport", transport)
    return transport


@pytest.fixture
def other_vt(register_service):
    """Another VT organisation, talking to the same register."""
    return InProcessRegister(organisation_client("aa", "Veilig Thuis Amsterdam-Amstelland"))


__all__ = ["author"]  # the fixture, shared with tests/register
