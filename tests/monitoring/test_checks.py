"""The check (R-MON-3) and the outcome of monitoring (R-MON-4)."""

from datetime import date, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.involvement.conftest import members
from tests.monitoring.conftest import (
    all_met,
    all_spoken,
    at,
    check,
    partner_holds,
    start,
    with_plan,
)
from zicht.cases.models import Deadline, HolderType
from zicht.cases.selectors import responsibility_ledger
from zicht.cases.services import StaleVersion
from zicht.cases.workflow import Phase
from zicht.letters.models import Letter
from zicht.monitoring import services
from zicht.monitoring.models import CheckContact, MomentKind, MonitoringCheck, Outcome, PlanStatus
from zicht.monitoring.services import MemberContact, PlanEnded

pytestmark = pytest.mark.django_db


def moment(plan, kind):
    return plan.moments.get(kind=kind)


def test_a_check_records_every_condition_and_every_member_and_meets_its_moment(
    case_worker, monitored
):
    """R-MON-3, R-MON-2: per condition met / partly / not met, the safety questions, with whom VT
    spoke; the moment's obligation is met."""
    plan = start(case_worker, monitored)
    three = moment(plan, MomentKind.THREE_MONTHS)
    daan = members(monitored)["Daan"].pk
    contacts = all_spoken(monitored) | {daan: MemberContact(False, "Op schoolkamp; gebeld.")}
    results = all_met(monitored)
    first = next(iter(results))
    results[first] = services.ConditionCheck("partly", "Vader was één keer thuis.")
    recorded = check(case_worker, plan, three, contacts=contacts, condition_results=results)
    assert recorded.conditions.get(condition_id=first).result == "partly"
    assert CheckContact.objects.get(check_of=recorded, member_id=daan).reason
    deadline = Deadline.objects.get(case=monitored, kind="monitoring_3_months")
    assert deadline.met_at is not None and not deadline.lapsed_reason


def test_a_member_without_contact_or_reason_is_refused(case_worker, monitored):
    """R-MON-3: VT speaks with all household members, or records per member why not."""
    plan = start(case_worker, monitored)
    sem = members(monitored)["Sem"].pk
    contacts = all_spoken(monitored) | {sem: MemberContact(False, "  ")}
    with pytest.raises(ValidationError) as refused:
        check(case_worker, plan, contacts=contacts)
    assert "Sem" in refused.value.message_dict["contacts"][0]
    assert not MonitoringCheck.objects.exists()


def test_every_safety_condition_is_judged(case_worker, monitored):
    """R-MON-3: are the safety conditions met — each one, none skipped."""
    plan = start(case_worker, monitored)
    results = all_met(monitored)
    results.pop(next(iter(results)))
    with pytest.raises(ValidationError) as refused:
        check(case_worker, plan, condition_results=results)
    assert "Moeder zorgt" in refused.value.message_dict["conditions"][0]
    assert not MonitoringCheck.objects.exists()


def test_the_partner_s_view_is_asked_while_the_partner_holds_responsibility(case_worker, monitored):
    """R-MON-3: during monitoring the partner holds responsibility: its view is part of the
    check."""
    plan = start(case_worker, monitored)
    with pytest.raises(ValidationError) as refused:
        check(case_worker, plan, partner_view="")
    assert "Wijkteam Alkmaar-Noord" in refused.value.message_dict["partner_view"][0]


def test_a_stale_check_is_refused(case_worker, monitored):
    """Two workers: a check based on an older case version is refused, nothing saved."""
    plan = start(case_worker, monitored)
    monitored.refresh_from_db()
    with pytest.raises(StaleVersion):
        services.check_record(
            user=case_worker,
            plan=plan,
            expected_version=monitored.version - 1,
            moment=None,
            held_on=timezone.localdate(),
            direct_safety=True,
            stable_safety="yes",
            recovery_worked_on=True,
            summary="x",
            partner_view="y",
            condition_results=all_met(monitored),
            contacts=all_spoken(monitored),
        )
    assert not MonitoringCheck.objects.exists()


def _through_twelve_months(user, case, started: date, clock, **last):
    plan = start(user, case, started_on=started)
    three, twelve = moment(plan, MomentKind.THREE_MONTHS), moment(plan, MomentKind.TWELVE_MONTHS)
    clock.move_to(at(three.due))
    check(user, plan, three)
    clock.move_to(at(twelve.due))
    check(user, plan, twelve, **last)
    return plan


def test_safety_lasts_closes_the_case_with_letters(case_worker):
    """R-MON-4: safety lasts after the 3- and 12-month checks → monitoring and the case close,
    the household and the partner get the closing letter."""
    started = date(2027, 1, 11)
    with time_machine.travel(at(started), tick=False) as clock:
        case = with_plan(case_worker)
        partner_holds(case_worker, case)
        plan = _through_twelve_months(case_worker, case, started, clock)
        case.refresh_from_db()
        services.plan_end(
            user=case_worker,
            plan=plan,
            expected_version=case.version,
            outcome=Outcome.SAFETY_LASTS,
            note="Beide controles lieten duurzame veiligheid zien.",
        )
    case.refresh_from_db()
    plan.refresh_from_db()
    assert (case.phase, plan.status) == (Phase.CLOSED, PlanStatus.ENDED)
    closing = Letter.objects.filter(case=case, template_code__startswith="monitoring_closed")
    assert sorted(x.recipient_kind for x in closing) == ["household_member", "partner"]
    open_monitoring = Deadline.objects.filter(case=case, kind="monitoring_end", met_at=None)
    assert not open_monitoring.exists()


def test_closing_before_the_12_month_check_is_refused(case_worker, monitored):
    """R-MON-2, R-MON-4: monitoring does not close before the checks at 3 and 12 months."""
    plan = start(case_worker, monitored)
    check(case_worker, plan, moment(plan, MomentKind.THREE_MONTHS))
    monitored.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        services.plan_end(
            user=case_worker,
            plan=plan,
            expected_version=monitored.version,
            outcome=Outcome.SAFETY_LASTS,
            note="Gaat goed.",
        )
    assert "12 maanden" in refused.value.message_dict["outcome"][0]
    monitored.refresh_from_db()
    assert monitored.phase == Phase.MONITORING


def test_safety_that_does_not_last_cannot_be_closed_as_lasting(case_worker):
    """R-MON-4: a last check without stable safety (or with a condition not met) does not close
    monitoring as lasting."""
    started = date(2027, 1, 11)
    with time_machine.travel(at(started), tick=False) as clock:
        case = with_plan(case_worker)
        partner_holds(case_worker, case)
        plan = _through_twelve_months(
            case_worker, case, started, clock, condition_results=all_met(case, "not_met")
        )
        case.refresh_from_db()
        with pytest.raises(ValidationError) as refused:
            services.plan_end(
                user=case_worker,
                plan=plan,
                expected_version=case.version,
                outcome=Outcome.SAFETY_LASTS,
                note="Toch afsluiten.",
            )
    assert "geen duurzame" in refused.value.message_dict["outcome"][0]


def test_safety_does_not_hold_new_investigation_and_vt_responsible(case_worker, monitored):
    """R-MON-4: safety does not hold → a new investigation: VT holds responsibility again and
    the investigation's 10 weeks start; the monitoring obligations end."""
    plan = start(case_worker, monitored)
    monitored.refresh_from_db()
    services.plan_end(
        user=case_worker,
        plan=plan,
        expected_version=monitored.version,
        outcome=Outcome.NEW_INVESTIGATION,
        note="Nieuwe melding van de school over letsel.",
    )
    monitored.refresh_from_db()
    assert monitored.phase == Phase.INVESTIGATION
    assert responsibility_ledger(case=monitored).last().holder_type == HolderType.VT
    open_kinds = set(
        Deadline.objects.filter(case=monitored, met_at=None).values_list("kind", flat=True)
    )
    assert {"investigation_start", "investigation_done"} <= open_kinds
    assert not any(kind.startswith("monitoring") for kind in open_kinds)


def test_a_check_on_an_ended_plan_is_refused(case_worker, monitored):
    """R-MON-4: an ended plan takes no more checks."""
    plan = start(case_worker, monitored)
    monitored.refresh_from_db()
    services.plan_end(
        user=case_worker,
        plan=plan,
        expected_version=monitored.version,
        outcome=Outcome.NEW_INVESTIGATION,
        note="Escalatie.",
    )
    with pytest.raises(PlanEnded):
        check(case_worker, plan)


def test_a_check_in_the_future_or_before_the_start_is_refused(case_worker, monitored):
    """Bad input: the date of a check lies between the start and today."""
    plan = start(case_worker, monitored)
    for held_on in (timezone.localdate() + timedelta(days=1), plan.started_on - timedelta(days=1)):
        with pytest.raises(ValidationError) as refused:
            check(case_worker, plan, held_on=held_on)
        assert "held_on" in refused.value.message_dict
