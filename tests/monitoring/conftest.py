"""A case after conditions & follow-up: a mother and two children with addresses, a safety plan
with two conditions, and a partner holding responsibility (as after a warm handover)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from tests.factories import PartnerAgencyFactory
from tests.involvement.conftest import in_phase, members, plan
from zicht.cases.models import Case, HolderType
from zicht.cases.services import responsibility_transfer
from zicht.cases.workflow import Phase
from zicht.involvement.content import ConditionRow
from zicht.involvement.services import safety_plan_save
from zicht.monitoring import services
from zicht.monitoring.models import MonitoringPlan
from zicht.monitoring.services import ConditionCheck, MemberContact
from zicht.people.models import Person

AMS = ZoneInfo("Europe/Amsterdam")
CONDITIONS = (
    "Moeder zorgt dat de kinderen niet alleen met vader zijn.",
    "Vader komt niet in de woning zolang de hulp loopt.",
)


def at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=AMS)


def with_plan(user, phase: Phase = Phase.CONDITIONS) -> Case:
    case = in_phase(user, phase)
    Person.objects.filter(memberships__household=case.household).update(
        street="Dorpsstraat", house_number="1", postcode="1811 AB", city="Alkmaar"
    )
    anna = members(case)["Anna"].pk
    rows = [
        ConditionRow(text=text, member_ids=[anna], check_how="Huisbezoek") for text in CONDITIONS
    ]
    safety_plan_save(user=user, case=case, based_on=0, content=plan(case, conditions=rows))
    return case


def partner_holds(user, case: Case, name: str = "Wijkteam Alkmaar-Noord"):
    partner = PartnerAgencyFactory(name=name, address="Postbus 1, 1800 AA Alkmaar")
    responsibility_transfer(
        user=user,
        case=case,
        holder_type=HolderType.PARTNER,
        partner=partner,
        reason="Warme overdracht opgepakt",
    )
    return partner


@pytest.fixture
def monitored(case_worker) -> Case:
    """A case after conditions & follow-up, handed over warmly to a partner."""
    case = with_plan(case_worker)
    partner_holds(case_worker, case)
    case.refresh_from_db()
    return case


def start(user, case: Case, **kwargs) -> MonitoringPlan:
    case.refresh_from_db()
    return services.plan_start(
        user=user,
        case=case,
        expected_version=case.version,
        started_on=kwargs.pop("started_on", timezone.localdate()),
        **kwargs,
    )


def all_spoken(case: Case) -> dict[int, MemberContact]:
    return {m.pk: MemberContact(spoken=True) for m in case.household.members.all()}


def all_met(case: Case, result: str = "met") -> dict[int, ConditionCheck]:
    from zicht.monitoring.conditions import current

    return {c.pk: ConditionCheck(result) for c in current(case)}


def check(user, plan: MonitoringPlan, moment=None, **overrides):
    plan.case.refresh_from_db()
    args = {
        "held_on": timezone.localdate(),
        "direct_safety": True,
        "stable_safety": "yes",
        "recovery_worked_on": True,
        "summary": "Alle gezinsleden gesproken; het gaat goed.",
        "partner_view": "Het wijkteam ziet dat de afspraken worden nagekomen.",
        "condition_results": all_met(plan.case),
        "contacts": all_spoken(plan.case),
    }
    return services.check_record(
        user=user,
        plan=plan,
        expected_version=plan.case.version,
        moment=moment,
        **(args | overrides),
    )
