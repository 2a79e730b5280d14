"""A case in conditions & follow-up with a household of a mother and two children."""

from datetime import date

import pytest

from tests.cases.factories import open_case
from tests.factories import TeamFactory
from zicht.cases.models import Case
from zicht.cases.workflow import Phase
from zicht.involvement.content import (
    ActionRow,
    CareRow,
    ConditionRow,
    DamageRow,
    NetworkRow,
    PlanContent,
)
from zicht.people.models import Household, HouseholdMember, HouseholdRole, Person


def household() -> Household:
    household = Household.objects.create(name="Huishouden De Vries")
    for first, role, born in (
        ("Anna", HouseholdRole.PARENT_CARER, date(1988, 3, 1)),
        ("Daan", HouseholdRole.CHILD, date(2019, 5, 2)),
        ("Sem", HouseholdRole.CHILD, date(2023, 8, 9)),
    ):
        person = Person.objects.create(
            first_names=first,
            last_name="Vries",
            prefix="de",
            name_key="vries",
            birth_year=born.year,
            birth_month=born.month,
            birth_day=born.day,
        )
        HouseholdMember.objects.create(household=household, person=person, role=role)
    return household


def in_phase(user, phase: Phase) -> Case:
    return open_case(user=user, team=TeamFactory(), household=household(), phase=phase)


@pytest.fixture
def case(case_worker) -> Case:
    return in_phase(case_worker, Phase.CONDITIONS)


def members(case: Case) -> dict[str, HouseholdMember]:
    return {m.person.first_names: m for m in case.household.members.select_related("person")}


def plan(case: Case, **overrides) -> PlanContent:
    """A complete first plan of the case: every kind of row once."""
    m = members(case)
    rows = {
        "conditions": [
            ConditionRow(
                text="Moeder zorgt dat de kinderen niet alleen met vader zijn.",
                member_ids=[m["Anna"].pk],
                check_how="Wekelijks huisbezoek door het wijkteam.",
            )
        ],
        "actions": [
            ActionRow(
                member_id=m["Anna"].pk,
                what="Aanmelden bij de huisarts voor doorverwijzing.",
                due=date(2027, 1, 15),
            )
        ],
        "care_needs": [CareRow(member_id=m["Daan"].pk, need="Speltherapie", priority=1)],
        "damages": [
            DamageRow(
                member_id=m["Daan"].pk,
                damage="Angst en slaapproblemen",
                recovery="Traumabehandeling bij de GGZ",
            )
        ],
        "network": [
            NetworkRow(name="Oma Jansen", relation="grootmoeder", contribution="Opvang na school")
        ],
    }
    return PlanContent(**(rows | overrides))
