"""House bans for tests, taken in as the police system delivers them: through the API."""

import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.test import Client
from django.utils import timezone

from tests.api.factories import BSN, OTHER_BSN, token_client
from tests.factories import PartnerAgencyFactory, TeamFactory, UserFactory
from zicht.accounts.models import User
from zicht.accounts.policy import Role
from zicht.regional.models import HouseBan
from zicht.reports.models import PartnerSystemAccount

URL = "/api/v1/house-bans"
PROBLEM = "application/problem+json"
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
HOME = {"street": "Lindelaan", "house_number": "12", "postcode": "1234 AB", "city": "Testdorp"}
STAY = "Pension De Haven\nHavenkade 3\n9999 ZZ Elders"


def at(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=AMSTERDAM)


def police_account() -> PartnerSystemAccount:
    user = UserFactory(role=Role.PARTNER_SYSTEM, email="politie-huisverbod@zicht.test")
    account = PartnerSystemAccount.objects.create(
        user=user,
        partner=PartnerAgencyFactory(name="Politie Noord-Holland"),
        default_team=TeamFactory(name="Team Huisverbod"),
    )
    return account


def body(*, starts_at: datetime | None = None, children: bool = True, **overrides) -> dict:
    starts = starts_at or timezone.now() - timedelta(hours=2)
    protected = [
        {
            "first_names": "Anna",
            "last_name": "Smit",
            "birth_year": 1987,
            "bsn": BSN,
            "role": "victim",
        },
    ]
    if children:
        protected.append(
            {"first_names": "Daan", "last_name": "Smit", "birth_year": 2018, "role": "child"}
        )
    notice = {
        "order": {
            "reference": "HV-2026-0042",
            "date": timezone.localdate(starts).isoformat(),
            "starts_at": starts.isoformat(),
        },
        "reporter": {
            "name": "Agent De Vries",
            "kind": "professional",
            "phone": "0881234567",
            "organisation": "Politie Noord-Holland",
            "sector": "police_justice",
        },
        "concerns": "Huisverbod opgelegd na geweld in de nacht.",
        "violence_types": ["physical"],
        "perpetrator": {
            "first_names": "Piet",
            "last_name": "Smit",
            "birth_year": 1985,
            "bsn": OTHER_BSN,
        },
        "stay_address": STAY,
        "protected": protected,
        "address": HOME,
    }
    notice.update(overrides)
    return notice


def post(client: Client, notice: dict, key: str | None = "hv-1"):
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    return client.post(URL, json.dumps(notice), content_type="application/json", **headers)


def deliver(account: PartnerSystemAccount, key: str = "hv-1", **kwargs) -> HouseBan:
    response = post(token_client(account.user), body(**kwargs), key=key)
    assert response.status_code == 201, response.content
    return HouseBan.objects.select_related("case").get(pk=response.json()["id"])


def worker_of(ban: HouseBan) -> User:
    """A case worker in the team the notice went to."""
    user = UserFactory()
    ban.case.team.members.add(user)
    return user
