"""The house ban through its life (R-HB-1): extension to 28 days at most, VT's actions, the end
and the aftercare; every refusal in Dutch, naming the field, with nothing half-saved."""

from datetime import date, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError

from tests.regional.helpers import at, deliver, police_account, worker_of
from zicht.cases import services as case_services
from zicht.cases.models import Deadline, TimelineEvent
from zicht.cases.services import StaleVersion
from zicht.cases.workflow import Phase
from zicht.core.errors import Conflict
from zicht.monitoring.models import Basis, MonitoringPlan
from zicht.regional import house_bans
from zicht.regional.models import HouseBan, HouseBanAction, HouseBanDecision

pytestmark = pytest.mark.django_db
START = at(2026, 4, 30, 14, 30)  # a Thursday, before King's Day weekend and 5 May


@pytest.fixture
def ban() -> HouseBan:
    with time_machine.travel(START + timedelta(hours=1), tick=False):
        return deliver(police_account(), starts_at=START)


def _open(ban: HouseBan, kind: str) -> Deadline:
    return Deadline.objects.get(case=ban.case, kind=kind)


def _decide(ban, user, **kwargs):
    ban.case.refresh_from_db()
    arguments = {"decided_on": date(2026, 5, 8), "extended": True, "note": ""}
    return house_bans.house_ban_decide(
        user=user, ban=ban, expected_version=ban.case.version, **(arguments | kwargs)
    )


def test_ban_ends_at_the_hour_of_the_order_ten_calendar_days_on(ban):
    """R-HB-1, R-DL-4: ten days in real time, ending at the order's hour; the end deadline
    falls on that Sunday (10 May 2026) and is not moved to a working day."""
    assert ban.ends_at == at(2026, 5, 10, 14, 30)
    assert _open(ban, "house_ban_end").due == date(2026, 5, 10)


def test_extension_to_28_days_moves_the_end_and_meets_the_decision(ban):
    """R-HB-1: the mayor extends to 28 days in total, recorded with its decision date."""
    user = worker_of(ban)
    with time_machine.travel(at(2026, 5, 8, 12), tick=False):
        decision = _decide(ban, user, ends_at=START + timedelta(days=28))
    ban.refresh_from_db()
    assert ban.ends_at == at(2026, 5, 28, 14, 30)
    assert decision.decided_on == date(2026, 5, 8) and decision.extended
    assert _open(ban, "house_ban_end").due == date(2026, 5, 28)
    assert _open(ban, "house_ban_decision").met_at is not None
    assert TimelineEvent.objects.filter(case=ban.case, kind="house_ban_decided").exists()


def test_extension_past_28_days_is_refused_and_nothing_saved(ban):
    """R-HB-1: never more than 28 days in total."""
    user = worker_of(ban)
    version = ban.case.version
    with (
        time_machine.travel(at(2026, 5, 8, 12), tick=False),
        pytest.raises(ValidationError) as refused,
    ):
        _decide(ban, user, ends_at=START + timedelta(days=28, minutes=1))
    assert "ten hoogste 28 dagen" in refused.value.message_dict["ends_at"][0]
    ban.refresh_from_db()
    ban.case.refresh_from_db()
    assert ban.ends_at == at(2026, 5, 10, 14, 30)
    assert not HouseBanDecision.objects.exists()
    assert _open(ban, "house_ban_decision").met_at is None
    assert ban.case.version == version


def test_two_extensions_together_still_stop_at_28_days(ban):
    """R-HB-1: 28 days is the total, not per extension."""
    user = worker_of(ban)
    with time_machine.travel(at(2026, 5, 8, 12), tick=False):
        _decide(ban, user, ends_at=START + timedelta(days=20))
    with time_machine.travel(at(2026, 5, 18, 12), tick=False):
        with pytest.raises(ValidationError) as refused:
            _decide(ban, user, decided_on=date(2026, 5, 18), ends_at=START + timedelta(days=29))
        assert "28 dagen" in refused.value.message_dict["ends_at"][0]
        _decide(ban, user, decided_on=date(2026, 5, 18), ends_at=START + timedelta(days=28))
    ban.refresh_from_db()
    assert ban.ends_at == START + timedelta(days=28)
    assert ban.decisions.filter(extended=True).count() == 2


def test_extension_decided_before_the_ban_started_is_refused(ban):
    """R-HB-1: a decision on an extension cannot predate the ban."""
    user = worker_of(ban)
    with (
        time_machine.travel(at(2026, 5, 8, 12), tick=False),
        pytest.raises(ValidationError) as refused,
    ):
        _decide(ban, user, decided_on=date(2026, 4, 29), ends_at=START + timedelta(days=20))
    assert "vóór de ingang" in refused.value.message_dict["decided_on"][0]
    assert not HouseBanDecision.objects.exists()


def test_not_extended_is_a_decision_too(ban):
    user = worker_of(ban)
    with time_machine.travel(at(2026, 5, 8, 12), tick=False):
        _decide(ban, user, extended=False)
    ban.refresh_from_db()
    assert ban.ends_at == at(2026, 5, 10, 14, 30)
    assert _open(ban, "house_ban_decision").met_at is not None


def test_stale_edit_is_refused(ban):
    """A decision made on an older version of the case is refused: nothing overwritten."""
    user = worker_of(ban)
    stale = ban.case.version
    with time_machine.travel(at(2026, 5, 8, 12), tick=False):
        _decide(ban, user, extended=False)
        with pytest.raises(StaleVersion):
            house_bans.house_ban_action_record(
                user=user,
                ban=ban,
                expected_version=stale,
                kind="victims_contact",
                done_on=date(2026, 5, 8),
                note="Gesprek met Anna",
            )
    assert not HouseBanAction.objects.exists()


def test_each_action_meets_its_own_deadline(ban):
    """R-HB-1: VT's tasks during the ban are met when recorded."""
    user = worker_of(ban)
    kinds = {
        "perpetrator_contact": "house_ban_perpetrator_contact",
        "victims_contact": "house_ban_victims_contact",
        "children_contact": "house_ban_children_contact",
        "executors_advice": "house_ban_executors_advice",
    }
    with time_machine.travel(at(2026, 5, 2, 12), tick=False):
        for action, deadline in kinds.items():
            assert _open(ban, deadline).met_at is None
            ban.case.refresh_from_db()
            house_bans.house_ban_action_record(
                user=user,
                ban=ban,
                expected_version=ban.case.version,
                kind=action,
                done_on=date(2026, 5, 2),
                note="Gesproken",
            )
            assert _open(ban, deadline).met_at is not None
    assert ban.actions.count() == 4


def test_action_before_the_ban_or_without_a_note_is_refused(ban):
    user = worker_of(ban)
    with (
        time_machine.travel(at(2026, 5, 2, 12), tick=False),
        pytest.raises(ValidationError) as refused,
    ):
        house_bans.house_ban_action_record(
            user=user,
            ban=ban,
            expected_version=ban.case.version,
            kind="victims_contact",
            done_on=date(2026, 4, 29),
            note=" ",
        )
    assert set(refused.value.message_dict) == {"done_on", "note"}


def test_end_records_the_aftercare_and_meets_the_end(ban):
    """R-HB-1: when the ban ends VT records the safety agreements it monitors afterwards."""
    user = worker_of(ban)
    with time_machine.travel(at(2026, 5, 11, 9), tick=False):
        ban.case.refresh_from_db()
        house_bans.house_ban_end(
            user=user,
            ban=ban,
            expected_version=ban.case.version,
            ended_at=ban.ends_at,
            aftercare="Piet woont tijdelijk bij zijn broer; wekelijks contact met de wijkagent.",
        )
    ban.refresh_from_db()
    assert not ban.is_running and "wijkagent" in ban.aftercare
    assert _open(ban, "house_ban_end").met_at is not None
    decision = _open(ban, "house_ban_decision")
    assert decision.met_at is not None and decision.lapsed_reason
    with time_machine.travel(at(2026, 5, 12, 9), tick=False):
        ban.case.refresh_from_db()
        with pytest.raises(Conflict):
            _decide(ban, user, decided_on=date(2026, 5, 12), ends_at=START + timedelta(days=20))


def test_end_before_the_start_is_refused(ban):
    """R-HB-1: a ban cannot end before it started; aftercare agreements are required."""
    user = worker_of(ban)
    with (
        time_machine.travel(at(2026, 5, 11, 9), tick=False),
        pytest.raises(ValidationError) as refused,
    ):
        house_bans.house_ban_end(
            user=user,
            ban=ban,
            expected_version=ban.case.version,
            ended_at=START - timedelta(minutes=1),
            aftercare="",
        )
    errors = refused.value.message_dict
    assert "vóór de ingang" in errors["ended_at"][0]
    assert "veiligheidsafspraken" in errors["aftercare"][0]
    ban.refresh_from_db()
    assert ban.is_running and _open(ban, "house_ban_end").met_at is None


def _end(ban, user, when):
    with time_machine.travel(when, tick=False):
        ban.case.refresh_from_db()
        return house_bans.house_ban_end(
            user=user,
            ban=ban,
            expected_version=ban.case.version,
            ended_at=ban.ends_at,
            aftercare="Piet belt niet en komt niet langs; Anna meldt elk incident aan de wijkagent.",
        )


def test_aftercare_starts_monitoring_from_the_ban_end(ban):
    """R-HB-1, R-MON-1: after the ban VT monitors the safety agreements: a monitoring plan
    starts on the day the ban ended, with the ban as its reason, carrying the agreements (here
    after conditions & follow-up, so monitoring is owed anyway)."""
    user = worker_of(ban)
    with time_machine.travel(at(2026, 5, 6, 12), tick=False):
        case_services.case_transition(
            user=user, case=ban.case, target=Phase.CONDITIONS, expected_version=None
        )
    ended = _end(ban, user, at(2026, 5, 11, 9))
    plan = ended.monitoring_plan
    assert plan is not None
    assert plan.started_on == date(2026, 5, 10)
    assert plan.basis == Basis.AFTER_INVOLVEMENT and "huisverbod HV-2026-0042" in plan.reason
    assert "wijkagent" in plan.agreements
    ban.case.refresh_from_db()
    assert ban.case.phase == Phase.MONITORING
    assert Deadline.objects.filter(case=ban.case, kind="monitoring_3_months").exists()


def test_aftercare_waits_while_the_case_is_assessed(ban):
    """R-HB-1: a case still in its safety assessment cannot move to monitoring: the agreements
    are kept on the ban and the timeline says the plan follows."""
    ended = _end(ban, worker_of(ban), at(2026, 5, 11, 9))
    assert ended.monitoring_plan is None and "wijkagent" in ended.aftercare
    assert TimelineEvent.objects.filter(case=ban.case, kind="house_ban_aftercare_waits").exists()
    assert not MonitoringPlan.objects.exists()
