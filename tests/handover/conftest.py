"""Shared setting for handover tests: a case in HANDOVER with a municipality, a partner working
there, letters rendered at once (PDF included), media in a temporary folder."""

import re
from io import BytesIO

import pytest
from pypdf import PdfReader

from tests.cases.factories import open_case
from tests.factories import (
    MunicipalityFactory,
    OrganisationFactory,
    PartnerAgencyFactory,
    TeamFactory,
)
from zicht.cases.models import Case
from zicht.cases.workflow import Phase
from zicht.handover import services

LINK_BASE = "http://testserver/overdracht/"
FACTS = "Op 2 maart zag de leerkracht blauwe plekken op de arm van Daan (7)."
OPINION = services.Opinion(
    text="Wij vermoeden dat de spanning thuis toeneemt.",
    holder="J. de Boer, gedragswetenschapper Veilig Thuis",
    based_on="De blauwe plekken en twee politiemeldingen in één maand.",
)


@pytest.fixture(autouse=True)
def _private_media_and_immediate_tasks(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def municipality(db):
    return MunicipalityFactory(name="Alkmaar", cbs_code="GM0361")


@pytest.fixture
def partner(municipality):
    agency = PartnerAgencyFactory(
        name="Wijkteam Alkmaar-Noord", address="Postbus 1, 1800 AA Alkmaar"
    )
    agency.municipalities.add(municipality)
    return agency


@pytest.fixture
def team(db):
    return TeamFactory(name="Team Noord")


@pytest.fixture
def case(case_worker, team, municipality):
    OrganisationFactory(name="Veilig Thuis Testregio", phone="0800-2000")
    opened = open_case(user=case_worker, team=team, phase=Phase.HANDOVER)
    Case.objects.filter(pk=opened.pk).update(municipality=municipality)
    return Case.objects.get(pk=opened.pk)


def send(user, case, partner, **overrides):
    arguments = {
        "user": user,
        "case": case,
        "expected_version": case.version,
        "partner": partner,
        "facts": FACTS,
        "safety_points": "Vader mag niet alleen met de kinderen zijn.",
        "opinions": [OPINION],
        "link_base": LINK_BASE,
    }
    return services.handover_send(**(arguments | overrides))


def token_of(link: str) -> str:
    return link.rsplit("/", 1)[1]


def pdf_text(letter) -> str:
    with letter.pdf.open("rb") as handle:
        reader = PdfReader(BytesIO(handle.read()))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))
