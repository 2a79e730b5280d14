"""R-VV-3 with the clock moving: 10 weeks after the safety assessment, on time → due today →
overdue, a 10-week date on a holiday moved to the next working day (R-DL-4), met by the warm
handover that finishes the service."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import time_machine
from django.utils import timezone

from tests.conditions.conftest import acknowledge, into_conditions, plan, warm
from zicht.cases.deadlines import Status
from zicht.cases.models import Deadline
from zicht.cases.selectors import case_deadlines
from zicht.involvement.selectors import days_left, involvement_deadline

AMS = ZoneInfo("Europe/Amsterdam")


def at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=AMS)


def status(case) -> str:
    return next(
        d.status
        for d in case_deadlines(case=case, today=timezone.localdate())
        if d.kind == "conditions_done"
    )


def test_ten_weeks_ending_on_christmas_move_to_monday(author, scientist, partner):
    """R-VV-3, R-DL-4: assessed Friday 16 October 2026; ten weeks end on Christmas Day (Friday
    25 December), Boxing Day is a Saturday, so the service is due Monday 28 December."""
    with time_machine.travel(at(date(2026, 10, 16)), tick=False):
        case = into_conditions(author, scientist)
        deadline = Deadline.objects.get(case=case, kind="conditions_done")
        assert deadline.started_on == date(2026, 10, 16)  # the assessment's date
        assert deadline.due == date(2026, 12, 28)
        assert status(case) == Status.ON_TIME
    with time_machine.travel(at(date(2026, 12, 25)), tick=False):
        assert status(case) == Status.ON_TIME
        assert days_left(involvement_deadline(case=case, service="conditions")) == 3
    with time_machine.travel(at(date(2026, 12, 28)), tick=False):
        assert status(case) == Status.DUE_TODAY
        assert days_left(involvement_deadline(case=case, service="conditions")) == 0
    with time_machine.travel(at(date(2026, 12, 29)), tick=False):
        assert status(case) == Status.OVERDUE
        assert days_left(involvement_deadline(case=case, service="conditions")) == -1


def test_kings_day_moves_the_ten_weeks_and_the_warm_handover_meets_them(author, scientist, partner):
    """R-VV-3: assessed Tuesday 16 February 2027; ten weeks end on King's Day (Tuesday 27 April),
    so due Wednesday 28 April. The warm handover on that day finishes the service on time."""
    with time_machine.travel(at(date(2027, 2, 16)), tick=False):
        case = into_conditions(author, scientist)
        assert Deadline.objects.get(case=case, kind="conditions_done").due == date(2027, 4, 28)
        acknowledge(author, case)
        plan(author, case)
    with time_machine.travel(at(date(2027, 4, 28)), tick=False):
        case.refresh_from_db()
        assert status(case) == Status.DUE_TODAY
        warm(author, case, partner)
        assert status(case) == Status.MET
    deadline = Deadline.objects.get(case=case, kind="conditions_done")
    assert timezone.localdate(deadline.met_at) == date(2027, 4, 28)
    assert deadline.lapsed_reason == ""
