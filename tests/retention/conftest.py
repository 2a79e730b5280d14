"""A file that ends with "geen zorgen" (assessment outcome 1), made through the services as
intake and the assessment make it, with its letters rendered to PDF in storage."""

from datetime import UTC, datetime

import pytest
from django.utils import timezone

from tests.assessment.conftest import report_case, submitted
from tests.factories import OrganisationFactory, TeamFactory, UserFactory
from tests.people.factories import PersonFactory, bsn_from
from zicht.accounts.policy import Role
from zicht.assessment import services as assessment_services

BSN = bsn_from(424_242)
NAMES = ("Karin", "Zwartevaal", "Sem", "Pieterse", "Regenboog")
BIRTH_DATES = ("12-05-2016", "2016-05-12", "12 mei 2016", "03-11-1984", "1984-11-03")


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
def leader(team):
    user = UserFactory(full_name="Tessa Teamleider", email="tessa@zicht.test", team_leader=True)
    team.members.add(user)
    return user


@pytest.fixture
def admins(db):
    return (
        UserFactory(full_name="Fred Beheer", email="fred@zicht.test", role=Role.FUNCTIONAL_ADMIN),
        UserFactory(full_name="Gea Beheer", email="gea@zicht.test", role=Role.FUNCTIONAL_ADMIN),
    )


def mother(**extra):
    return PersonFactory(
        first_names="Karin",
        last_name="Zwartevaal",
        birth_year=1984,
        birth_month=11,
        birth_day=3,
        bsn=BSN,
        street="Lindelaan",
        house_number="4",
        postcode="1234 AB",
        city="Testdorp",
        **extra,
    )


def child():
    return PersonFactory(
        first_names="Sem", last_name="Zwartevaal", birth_year=2016, birth_month=5, birth_day=12
    )


def closed_without_concerns(author, scientist, persons=None):
    """Reported, assessed "geen zorgen", confirmed by a second person: closed, letter sent."""
    case = report_case(author, persons=persons or [mother(), child()])
    assessment = submitted(author, case, outcome="close")
    assessment.refresh_from_db()
    assessment_services.assessment_confirm(
        user=scientist,
        assessment=assessment,
        expected_version=assessment.version,
        case_version=assessment.case.version,
    )
    case.refresh_from_db()
    return case


LONG_AGO = datetime(2004, 6, 1, 10, tzinfo=UTC)


def age_closed_case(case, when=LONG_AGO):
    """The case as if VT's involvement ended `when` (time travel for the retention period)."""
    type(case).objects.filter(pk=case.pk).update(closed_at=when)
    case.refresh_from_db()
    assert case.closed_at < timezone.now()
    return case
