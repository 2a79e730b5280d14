"""A case that the assessment sent into conditions & follow-up (outcome "conditions", as the
application does it), a partner, letters rendered at once, and the steps of the service."""

from datetime import date

import pytest
from django.utils import timezone

from tests.assessment.conftest import content, report_case
from tests.factories import PartnerAgencyFactory, TeamFactory, UserFactory
from zicht.accounts.policy import Role
from zicht.assessment import services as assessment
from zicht.cases.models import Case
from zicht.conditions import services
from zicht.handover import services as handover
from zicht.handover.warm import WarmMeeting
from zicht.involvement import services as involvement
from zicht.involvement.content import ActionRow, ConditionRow, PlanContent

LINK_BASE = "http://testserver/overdracht/"
CONDITION = "Vader komt niet in de woning zolang hij drinkt."


@pytest.fixture(autouse=True)
def _letters(settings, tmp_path, db):
    settings.MEDIA_ROOT = tmp_path / "private"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def team(db):
    return TeamFactory(name="Team Voorwaarden")


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


def into_conditions(author, scientist) -> Case:
    """R-TRI-5 outcome 4: confirmed by a second person, the case enters conditions & follow-up
    and its 10-week deadline starts."""
    from zicht.organisation.models import Organisation

    if not Organisation.objects.exists():
        from tests.factories import OrganisationFactory

        OrganisationFactory(name="Veilig Thuis Testregio", phone="0800-2000")
    case = report_case(author)
    draft = assessment.assessment_save_and_submit(
        user=author,
        case=case,
        content=content(
            outcome="conditions",
            other_vt_asked_on=timezone.localdate(),
            rvdk_asked_on=timezone.localdate(),
        ),
        expected_version=None,
    )
    case.refresh_from_db()
    assessment.assessment_confirm(
        user=scientist, assessment=draft, expected_version=draft.version, case_version=case.version
    )
    return Case.objects.get(pk=case.pk)


@pytest.fixture
def case(author, scientist) -> Case:
    return into_conditions(author, scientist)


@pytest.fixture
def partner(db):
    return PartnerAgencyFactory(name="Wijkteam Testdorp", address="Postbus 7, 1234 AA Testdorp")


def members(case: Case) -> dict[str, int]:
    return {m.person.first_names: m.pk for m in case.household.members.select_related("person")}


def acknowledge(user, case: Case):
    return services.acknowledgement_record(
        user=user,
        case=case,
        acknowledged_on=timezone.localdate(),
        member_ids=[members(case)["Karin"]],
        concerns_acknowledged=True,
        wants_to_work_on_safety=True,
    )


def plan(user, case: Case):
    ids = members(case)
    return involvement.safety_plan_save(
        user=user,
        case=case,
        based_on=0,
        content=PlanContent(
            conditions=[
                ConditionRow(
                    text=CONDITION,
                    member_ids=[ids["Karin"], ids["Sem"]],
                    check_how="Wekelijks huisbezoek door het wijkteam.",
                )
            ],
            actions=[
                ActionRow(
                    member_id=ids["Karin"], what="Aanmelden bij het wijkteam", due=date(2027, 1, 8)
                )
            ],
        ),
    )


MEETING = WarmMeeting(
    held_on=None,  # set per test: today
    attendees="Karin de Wit, A. Auteur (Veilig Thuis), P. Peters (wijkteam)",
    client_present=True,
    partner_professional="P. Peters, gezinscoach",
    rationale="Het wijkteam kan de voorwaarden dichtbij volgen en de hulp bieden.",
    monitoring_agreements="Veilig Thuis belt na 3 en na 12 maanden met moeder en het wijkteam.",
)


def meeting(**overrides) -> WarmMeeting:
    from dataclasses import replace

    return replace(MEETING, **({"held_on": timezone.localdate()} | overrides))


def warm(user, case: Case, partner, **overrides):
    arguments = {
        "user": user,
        "case": case,
        "expected_version": case.version,
        "partner": partner,
        "facts": "Moeder vertelde op 2 maart dat vader haar sloeg waar Sem bij was.",
        "link_base": LINK_BASE,
        "warm": meeting(),
    }
    return handover.handover_send(**(arguments | overrides))
