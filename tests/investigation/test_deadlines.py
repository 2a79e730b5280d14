"""R-OND-2 with the clock moving: the investigation starts within 5 working days of the decision
and ends at the latest 10 weeks after the safety assessment — on time → due today → overdue —,
the 10 weeks moved off King's Day 2027 (R-DL-4); both shown in Mijn werk and Team."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from tests.conftest import verified_client
from tests.factories import UserFactory
from tests.investigation.conftest import GROUNDS, decide_investigation, household_persons, talk
from zicht.cases.deadlines import Status
from zicht.cases.models import Case, Deadline, TimelineEvent
from zicht.cases.selectors import case_deadlines
from zicht.cases.services import case_transition
from zicht.cases.workflow import Phase
from zicht.investigation import services

pytestmark = pytest.mark.django_db
AMS = ZoneInfo("Europe/Amsterdam")


def at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=AMS)


def status(case, kind: str) -> str:
    return case_deadlines(case=case, today=timezone.localdate()).get(kind=kind).status


def walk(clock, case, kind: str, due: date) -> None:
    """on time the day before, due today on the day, overdue the day after."""
    clock.move_to(at(due - timedelta(days=1)))
    assert status(case, kind) == Status.ON_TIME
    clock.move_to(at(due))
    assert status(case, kind) == Status.DUE_TODAY
    clock.move_to(at(due + timedelta(days=1)))
    assert status(case, kind) == Status.OVERDUE


def test_ond2_start_within_5_working_days_across_easter(author, scientist):
    """R-OND-2, R-DL-1: decided Thu 25 March 2027; Good Friday and Easter Monday do not count,
    so the investigation must start by Mon 5 April."""
    with time_machine.travel(at(date(2027, 3, 25)), tick=False) as clock:
        case = decide_investigation(author, scientist, persons=household_persons())
        start = Deadline.objects.get(case=case, kind="investigation_start")
        assert (start.started_on, start.due) == (date(2027, 3, 25), date(2027, 4, 5))
        assert status(case, "investigation_start") == Status.ON_TIME
        walk(clock, case, "investigation_start", date(2027, 4, 5))


def test_ond2_ten_weeks_land_on_kings_day_and_move_to_the_next_working_day(author, scientist):
    """R-OND-2, R-DL-4: assessed Tue 16 Feb 2027; 10 weeks end on King's Day (Tue 27 April),
    so the investigation is due Wed 28 April: on time → due today → overdue."""
    with time_machine.travel(at(date(2027, 2, 16)), tick=False) as clock:
        case = decide_investigation(author, scientist, persons=household_persons())
        done = Deadline.objects.get(case=case, kind="investigation_done")
        assert done.due == date(2027, 4, 28)
        clock.move_to(at(date(2027, 4, 27)))  # King's Day itself: still on time
        assert status(case, "investigation_done") == Status.ON_TIME
        walk(clock, case, "investigation_done", date(2027, 4, 28))


def test_ond2_started_on_the_due_day_is_met_on_time(author, scientist):
    """R-OND-2: a first conversation on the last day meets the start deadline, not late."""
    with time_machine.travel(at(date(2027, 3, 25)), tick=False) as clock:
        case = decide_investigation(author, scientist, persons=household_persons())
        investigation = services.investigation_grounds_save(user=author, case=case, grounds=GROUNDS)
        clock.move_to(at(date(2027, 4, 5), 15))
        talk(author, case, investigation, ("Karin", "spoken"))
        assert status(case, "investigation_start") == Status.MET
        assert not TimelineEvent.objects.filter(
            case=case, kind="deadline_met", summary__contains="te laat"
        ).exists()


def test_ond2_start_lapses_when_the_case_leaves_the_investigation(author, scientist):
    """R-DL-3: not started and the case moves on: the start deadline lapses, not left open."""
    case = decide_investigation(author, scientist, persons=household_persons())
    case_transition(
        user=author, case=case, target=Phase.MONITORING, expected_version=None, reason="x"
    )
    start = Deadline.objects.get(case=case, kind="investigation_start")
    assert start.met_at is not None and start.lapsed_reason


def test_ond2_open_investigation_deadlines_in_my_work_and_team(author, scientist, team):
    """R-DL-3: the open investigation's deadlines are in the worker's and the team's lists."""
    case = decide_investigation(author, scientist, persons=household_persons())
    Case.objects.filter(pk=case.pk).update(worker=author)
    Deadline.objects.filter(case=case).update(worker=author)
    mine = verified_client(author).get("/werk").content.decode()
    assert "Onderzoek starten" in mine and "Onderzoek afronden" in mine
    leader = UserFactory(team_leader=True)
    team.members.add(leader)
    theirs = verified_client(leader).get("/team").content.decode()
    assert "Onderzoek starten" in theirs and "Onderzoek afronden" in theirs
