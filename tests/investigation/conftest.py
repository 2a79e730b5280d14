"""A reported case whose safety assessment decided to investigate: a mother, a child of 7 and a
child of 3 (dates of birth relative to the day the case is made), in a municipality."""

import re
from datetime import date
from io import BytesIO

import pytest
from django.utils import timezone
from pypdf import PdfReader

from tests.assessment.conftest import (  # noqa: F401  # fixtures shared with the assessment
    _letters,
    author,
    content,
    report_case,
    scientist,
    team,
)
from tests.factories import MunicipalityFactory
from tests.people.factories import PersonFactory
from zicht.assessment import services as assessment_services
from zicht.cases.models import Case
from zicht.investigation import services
from zicht.investigation.services import GroundEntry
from zicht.involvement.services import ContactInput
from zicht.letters.services import letter_render_pdf

GROUNDS = [
    GroundEntry(
        ground="unclear",
        explanation="Sem vertelt over slaan; moeder ontkent. Onduidelijk wat er gebeurt.",
    )
]


def years_ago(years: int, today: date | None = None) -> dict[str, int]:
    today = today or timezone.localdate()
    return {"birth_year": today.year - years, "birth_month": 1, "birth_day": 2}


def household_persons(today: date | None = None) -> list:
    return [
        PersonFactory(
            first_names="Karin",
            last_name="de Wit",
            street="Lindelaan",
            house_number="4",
            postcode="1234 AB",
            city="Testdorp",
        ),
        PersonFactory(first_names="Sem", last_name="de Wit", **years_ago(7, today)),
        PersonFactory(first_names="Lotte", last_name="de Wit", **years_ago(3, today)),
    ]


def decide_investigation(worker, confirmer, *, persons=None, anonymous=False) -> Case:
    """Reports a case and confirms an assessment with outcome 5 (investigation)."""
    case = report_case(worker, persons=persons or household_persons(), anonymous=anonymous)
    case.municipality = MunicipalityFactory(name="Alkmaar", cbs_code="GM0361")
    case.save(update_fields=["municipality"])
    assessment = assessment_services.assessment_save_and_submit(
        user=worker,
        case=case,
        content=content(outcome="investigation", stay_information_insufficient=True),
        expected_version=None,
    )
    case.refresh_from_db()
    assessment_services.assessment_confirm(
        user=confirmer,
        assessment=assessment,
        expected_version=assessment.version,
        case_version=case.version,
    )
    return Case.objects.get(pk=case.pk)


@pytest.fixture
def case(author, scientist):  # noqa: F811  # the fixtures imported above
    return decide_investigation(author, scientist)


@pytest.fixture
def investigation(author, case):  # noqa: F811  # the fixture imported above
    return services.investigation_grounds_save(user=author, case=case, grounds=GROUNDS)


def member(case, first_names: str):
    return case.household.members.select_related("person").get(person__first_names=first_names)


def talk(worker, case, investigation, *contacts, held_on=None, reasons=None):
    """Records an investigation conversation; contacts are (first name, how)."""
    return services.investigation_conversation(
        user=worker,
        case=case,
        investigation=investigation,
        held_on=held_on or timezone.localdate(),
        summary="Gesprek over de veiligheid thuis.",
        contacts=[ContactInput(how=how, member_id=member(case, name).pk) for name, how in contacts],
        reasons={member(case, name).pk: reason for name, reason in (reasons or {}).items()},
    )


def pdf_text(letter) -> str:
    """The letter's PDF as text; made now when the test's transaction held back the task."""
    letter = letter_render_pdf(letter_id=letter.pk)
    with letter.pdf.open("rb") as handle:
        reader = PdfReader(BytesIO(handle.read()))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))
