"""The register's API in-process: its own URLconf and middleware on its own database alias
(zicht.conf.test_settings), reached with DRF's test client."""

from collections.abc import Iterator

import pytest
from django.test import override_settings
from rest_framework.test import APIClient

from tests.factories import OrganisationFactory, TeamFactory, UserFactory
from zicht.register import settings as register_settings
from zicht.register.auth import credential_issue
from zicht.register.models import Organisation
from zicht.register.pseudonym import Identity, encode

SECRET = b"gedeeld-geheim-van-de-vt-organisaties"
REGISTER_DB = ["register"]


@pytest.fixture
def register_urls() -> Iterator[None]:
    with override_settings(
        ROOT_URLCONF=register_settings.ROOT_URLCONF,
        MIDDLEWARE=register_settings.MIDDLEWARE,
        REGISTER_RATE="1000/min",
    ):
        yield


def organisation_client(code: str, name: str) -> APIClient:
    organisation = Organisation.objects.create(
        code=code, name=name, contact=f"{name}: 0800-2000, info@{code}.test"
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {credential_issue(organisation)}")
    client.organisation = organisation  # type: ignore[attr-defined]
    return client


@pytest.fixture
def org_a(register_urls) -> APIClient:
    return organisation_client("nhn", "Veilig Thuis Noord-Holland Noord")


@pytest.fixture
def org_b(register_urls) -> APIClient:
    return organisation_client("aa", "Veilig Thuis Amsterdam-Amstelland")


@pytest.fixture
def org_c(register_urls) -> APIClient:
    return organisation_client("utr", "Veilig Thuis Utrecht")


def person(ref: str, identity: Identity, flip: float = 0.0) -> dict:
    return {"person_ref": ref, **encode(SECRET, identity, flip=flip).as_json()}


def register(client: APIClient, case_ref: str, *persons: dict):
    return client.post(
        "/register/v1/registrations",
        {"case_ref": case_ref, "persons": list(persons)},
        format="json",
    )


MOTHER = Identity(
    first_names="Fatima Zahra",
    last_name="El Amrani",
    birth_year=1988,
    birth_month=4,
    birth_day=11,
    sex="f",
    bsn="111222333",
)
# The same mother at another VT: a misspelled surname, day and month swapped, no BSN (R-REG-3).
MOTHER_ELSEWHERE = Identity(
    first_names="Fatima",
    last_name="El Amranie",
    birth_year=1988,
    birth_month=11,
    birth_day=4,
    sex="f",
)
CHILD = Identity(
    first_names="Noor", last_name="El Amrani", birth_year=2016, birth_month=2, birth_day=29
)
STRANGER = Identity(
    first_names="Petra", last_name="de Boer", birth_year=1988, birth_month=4, birth_day=11, sex="f"
)


@pytest.fixture
def author(db):
    OrganisationFactory(name="Veilig Thuis Testregio", phone="0800-2000")
    team = TeamFactory(name="Team Beoordeling")
    user = UserFactory(full_name="Anna Auteur", email="anna@zicht.test")
    team.members.add(user)
    return user
