"""Starting monitoring (R-MON-1) and its moments (R-MON-2), with the clock moving."""

from datetime import date, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.cases.factories import open_case
from tests.factories import TeamFactory
from tests.monitoring.conftest import at, partner_holds, start, with_plan
from zicht.cases.deadlines import Status
from zicht.cases.models import Deadline
from zicht.cases.selectors import case_deadlines
from zicht.cases.services import case_transition
from zicht.cases.workflow import Phase, TransitionRefused
from zicht.letters.models import Letter
from zicht.monitoring.models import AgreedWith, Basis, MomentKind
from zicht.monitoring.services import AgreedMoment

pytestmark = pytest.mark.django_db


def statuses(case) -> dict[str, str]:
    return {(d.kind, d.subject): d.status for d in case_deadlines(case=case) if d.met_at is None}


def test_after_conditions_monitoring_needs_no_reason_and_the_case_moves_to_monitoring(
    case_worker, monitored
):
    """R-MON-1: after conditions & follow-up monitoring always follows: no reason asked, and the
    case moves into the monitoring phase."""
    plan = start(case_worker, monitored)
    monitored.refresh_from_db()
    assert plan.basis == Basis.AFTER_INVOLVEMENT
    assert monitored.phase == Phase.MONITORING


def test_without_own_involvement_monitoring_needs_vt_s_reason(case_worker):
    """R-MON-1: otherwise only when VT decides it is needed, with the reason."""
    case = open_case(user=case_worker, team=TeamFactory(), phase=Phase.HANDOVER)
    with pytest.raises(ValidationError) as refused:
        start(case_worker, case)
    assert "reden" in refused.value.message_dict["reason"][0]
    assert not case.monitoring_plans.exists()
    plan = start(case_worker, case, reason="Zorgen over terugval na de overdracht.")
    assert plan.basis == Basis.VT_DECISION


@pytest.mark.parametrize("source", [Phase.HANDOVER, Phase.MONITORING])
def test_after_involvement_the_case_does_not_close_without_monitoring(case_worker, source):
    """R-MON-1: after conditions or an investigation, closing without monitoring is refused —
    from the warm handover as well as from the monitoring phase without a finished plan."""
    case = with_plan(case_worker)
    case_transition(user=case_worker, case=case, target=source, expected_version=None)
    with pytest.raises(TransitionRefused, match="R-MON-1"):
        case_transition(user=case_worker, case=case, target=Phase.CLOSED, expected_version=None)
    case.refresh_from_db()
    assert case.phase == source


def test_a_case_without_own_involvement_closes_after_a_handover(case_worker):
    """R-MON-1 holds only after VT's own involvement: a cold handover still closes."""
    case = open_case(user=case_worker, team=TeamFactory(), phase=Phase.HANDOVER)
    case_transition(user=case_worker, case=case, target=Phase.CLOSED, expected_version=None)
    case.refresh_from_db()
    assert case.phase == Phase.CLOSED


def test_a_running_plan_keeps_the_case_in_monitoring(case_worker, monitored):
    """R-MON-4: the case leaves monitoring only through the plan's outcome."""
    start(case_worker, monitored)
    with pytest.raises(TransitionRefused, match="R-MON-4"):
        case_transition(
            user=case_worker, case=monitored, target=Phase.INVESTIGATION, expected_version=None
        )


@pytest.mark.parametrize(
    ("started", "three", "twelve"),
    [
        # 3 calendar months after 30 November is the last day of February; 28 Feb 2027 is a
        # Sunday, so the check is due Monday 1 March (R-DL-4).
        (date(2026, 11, 30), date(2027, 3, 1), date(2027, 11, 30)),
        # In a leap year it is 29 February (a Tuesday in 2028).
        (date(2027, 11, 30), date(2028, 2, 29), date(2028, 11, 30)),
        # 12 months after 25 Dec 2026 lands on Christmas Day 2027 (a Saturday): Monday 27 Dec.
        (date(2026, 12, 25), date(2027, 3, 25), date(2027, 12, 27)),
    ],
)
def test_checks_at_3_and_12_calendar_months_off_non_working_days(
    case_worker, started, three, twelve
):
    """R-MON-2: checks at least at 3 and 12 months — calendar months, moved to the next working
    day — and the plan runs about 18 months."""
    with time_machine.travel(at(started), tick=False):
        case = with_plan(case_worker)
        partner_holds(case_worker, case)
        plan = start(case_worker, case, started_on=started)
    due = {m.kind: m.due for m in plan.moments.all()}
    assert due == {MomentKind.THREE_MONTHS: three, MomentKind.TWELVE_MONTHS: twelve}
    assert plan.ends_on >= started + timedelta(days=540)
    kinds = {d.kind: d.due for d in Deadline.objects.filter(case=case, met_at__isnull=True)}
    assert kinds["monitoring_3_months"] == three
    assert kinds["monitoring_12_months"] == twelve
    assert kinds["monitoring_end"] == plan.ends_on


def test_agreed_moments_are_obligations_with_who_agreed(case_worker, monitored):
    """R-MON-2: the moments agreed with the household or the partner's professional are recorded
    with who agreed, and each is an obligation on the worklists."""
    today = timezone.localdate()
    agreed = AgreedMoment(
        due=_working_day_after(today, 45),
        agreed_with=AgreedWith.BOTH,
        agreed_by="Moeder en jeugdconsulent Pieters",
    )
    plan = start(case_worker, monitored, agreed=[agreed], agreements="Elke 6 weken een huisbezoek.")
    moment = plan.moments.get(kind=MomentKind.AGREED)
    assert (moment.due, moment.agreed_by) == (agreed.due, "Moeder en jeugdconsulent Pieters")
    deadline = Deadline.objects.get(case=monitored, kind="monitoring_agreed")
    assert deadline.due == agreed.due
    assert deadline.subject == f"monitoringmoment:{moment.pk}"


def _working_day_after(day: date, days: int) -> date:
    from zicht.calendar.workdays import next_working_day

    return next_working_day(day + timedelta(days=days))


@pytest.mark.parametrize(
    ("due_offset", "agreed_with", "agreed_by", "message"),
    [
        (0, AgreedWith.HOUSEHOLD, "Moeder", "na de start"),
        (800, AgreedWith.HOUSEHOLD, "Moeder", "binnen de looptijd"),
        (45, "", "Moeder", "met wie"),
        (45, AgreedWith.PARTNER, " ", "wie het moment"),
    ],
)
def test_a_wrong_agreed_moment_is_refused_and_nothing_is_saved(
    case_worker, monitored, due_offset, agreed_with, agreed_by, message
):
    """R-MON-2: an agreed moment lies within the plan and says who agreed it."""
    due = (
        _working_day_after(timezone.localdate(), due_offset) if due_offset else timezone.localdate()
    )
    with pytest.raises(ValidationError) as refused:
        start(case_worker, monitored, agreed=[AgreedMoment(due, agreed_with, agreed_by)])
    assert message in refused.value.message_dict["moment_0"][0]
    monitored.refresh_from_db()
    assert monitored.phase == Phase.CONDITIONS
    assert not monitored.monitoring_plans.exists()
    assert not Deadline.objects.filter(case=monitored, kind__startswith="monitoring").exists()


def test_agreement_letters_go_to_the_household_and_the_partner(case_worker, monitored):
    """R-MON-2: the agreements in writing, to each household address and to the partner, with
    the moments and the safety conditions in them."""
    start(case_worker, monitored)
    letters = Letter.objects.filter(case=monitored, template_code__startswith="monitoring_")
    assert sorted(letter.template_code for letter in letters) == [
        "monitoring_agreements_household",
        "monitoring_agreements_partner",
    ]
    for letter in letters:
        assert "Vader komt niet in de woning zolang de hulp loopt." in letter.html
        assert "na 3 maanden" in letter.html


def test_each_moment_goes_on_time_due_today_overdue(case_worker):
    """R-MON-2, R-DL-3: each monitoring obligation on the worklists goes on time → due today →
    overdue, as the clock moves."""
    started = date(2027, 1, 11)
    with time_machine.travel(at(started), tick=False) as clock:
        case = with_plan(case_worker)
        partner_holds(case_worker, case)
        plan = start(
            case_worker,
            case,
            started_on=started,
            agreed=[AgreedMoment(date(2027, 2, 22), AgreedWith.HOUSEHOLD, "Moeder")],
        )
        for moment in plan.moments.order_by("due"):
            key = (moment.deadline.kind, moment.deadline.subject)
            clock.move_to(at(moment.due - timedelta(days=1)))
            assert statuses(case)[key] == Status.ON_TIME
            clock.move_to(at(moment.due))
            assert statuses(case)[key] == Status.DUE_TODAY
            clock.move_to(at(moment.due + timedelta(days=1)))
            assert statuses(case)[key] == Status.OVERDUE
        clock.move_to(at(plan.ends_on))
        assert statuses(case)[("monitoring_end", f"monitoringplan:{plan.pk}")] == Status.DUE_TODAY
