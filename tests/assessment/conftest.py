"""A reported case (through reports.services, as intake makes it) and the people around it."""

from datetime import date

import pytest
from django.utils import timezone

from tests.factories import OrganisationFactory, TeamFactory, UserFactory
from tests.people.factories import PersonFactory
from zicht.accounts.policy import Role
from zicht.assessment import services
from zicht.assessment.services import AssessmentContent
from zicht.people.models import HouseholdRole
from zicht.reports.models import CallerKind
from zicht.reports.services import Involved, Reporter, report_register

REPORTER = Reporter(
    name="Meester Jan Pieterse",
    kind=CallerKind.PROFESSIONAL,
    phone="0612345678",
    email="j.pieterse@school.test",
    organisation="Basisschool De Regenboog",
    sector="education",
    profession="leerkracht",
)

COMPLETE = {
    "own_history_summary": "Geen eerdere meldingen over deze personen.",
    "other_vt_asked_on": date(2026, 11, 20),
    "other_vt_question": "Zijn de ouders bekend in het landelijk register?",
    "other_vt_findings": "Niet bekend bij andere Veilig Thuis-organisaties.",
    "rvdk_asked_on": date(2026, 11, 20),
    "rvdk_request": "Is het gezin bekend bij de Raad?",
    "rvdk_answer": "Niet bekend bij de Raad.",
    "screening_a": False,
    "screening_a_grounds": "Geen acuut gevaar: kinderen zijn veilig bij oma.",
    "screening_b": False,
    "screening_b_grounds": "Geen patroon van geweld.",
    "screening_c": False,
    "screening_c_grounds": "Geen stapeling van problemen.",
    "outcome": "household",
    "rationale": "Ouders erkennen de zorgen en zoeken zelf hulp.",
    "findings": "Eenmalige ruzie met geschreeuw; de kinderen waren bang.",
    "safety_agreements": "Bij oplopende spanning gaat vader een uur wandelen.",
    "help_agency": "Wijkteam Centrum, telefoon 020-1234567",
}


def content(**overrides) -> AssessmentContent:
    return AssessmentContent(**{**COMPLETE, **overrides})


@pytest.fixture(autouse=True)
def _letters(settings, tmp_path, db):
    settings.MEDIA_ROOT = tmp_path / "private"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    OrganisationFactory(name="Veilig Thuis Testregio", phone="0800-2000")


@pytest.fixture
def team(db):
    return TeamFactory(name="Team Beoordeling")


@pytest.fixture
def author(team):
    user = UserFactory(full_name="Anna Auteur", email="anna@zicht.test")
    team.members.add(user)
    return user


@pytest.fixture
def scientist(team):
    user = UserFactory(
        full_name="Bram Gedrag", email="bram@zicht.test", role=Role.BEHAVIOURAL_SCIENTIST
    )
    team.members.add(user)
    return user


@pytest.fixture
def front_office(team):
    user = UserFactory(full_name="Fien Front", email="fien@zicht.test", role=Role.FRONT_OFFICE)
    team.members.add(user)
    return user


def report_case(author, *, anonymous=False, persons=None, received_at=None):
    persons = persons or [
        PersonFactory(
            first_names="Karin",
            last_name="de Wit",
            street="Lindelaan",
            house_number="4",
            postcode="1234 AB",
            city="Testdorp",
        ),
        PersonFactory(first_names="Sem", last_name="de Wit", birth_year=2016),
    ]
    roles = [HouseholdRole.PARENT_CARER, HouseholdRole.CHILD]
    report = report_register(
        user=author,
        channel="phone",
        received_at=received_at or timezone.now(),
        reporter=REPORTER,
        involved=[Involved(p, roles[min(i, 1)]) for i, p in enumerate(persons)],
        concerns="Kind vertelt over ruzie thuis.",
        violence_types=["psychological", "child_witness"],
        anonymous_to_household=anonymous,
        anonymity_reason="Leerkracht vreest voor de band met het gezin." if anonymous else "",
        team=author.teams.first(),
    )
    return report.case


@pytest.fixture
def case(author):
    return report_case(author)


def submitted(author, case, **overrides):
    return services.assessment_save_and_submit(
        user=author, case=case, content=content(**overrides), expected_version=None
    )
