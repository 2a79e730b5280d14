"""Data migrations of the deadlines: what they do to rows written before them."""

from datetime import date
from importlib import import_module

import pytest
from django.apps import apps
from django.utils import timezone

from tests.cases.factories import open_case
from tests.factories import TeamFactory, UserFactory
from zicht.calendar.models import ExtraNonWorkingDay
from zicht.cases.models import Deadline

pytestmark = pytest.mark.django_db


def _run(name: str, function: str) -> None:
    getattr(import_module(f"zicht.cases.migrations.{name}"), function)(apps, None)


def test_open_due_dates_on_days_off_move_to_the_next_working_day():
    """R-DL-4: open deadlines in weeks stored on a Saturday, Sunday or holiday (or an extra day
    off) move to the next working day, with a timeline event saying from and to; monitoring
    moments are recounted in calendar months; met deadlines, working days and real time keep
    their dates."""
    case = open_case(user=UserFactory(), team=TeamFactory())
    ExtraNonWorkingDay.objects.create(date=date(2027, 1, 18), name="Rampdag")

    def row(kind, started_on, due, **extra):
        return Deadline.objects.create(
            case=case, kind=kind, started_on=started_on, due=due, **extra
        )

    saturday = row("partner_start", date(2026, 11, 14), date(2026, 11, 28))
    sunday = row("conditions_done", date(2026, 11, 8), date(2027, 1, 17))  # Monday: extra day
    thursday = row("reporter_update", date(2026, 4, 30), date(2026, 7, 9))
    met = row("partner_start", date(2026, 11, 14), date(2026, 11, 28), met_at=timezone.now())
    in_weeks = row("monitoring_3_months", date(2026, 12, 31), date(2027, 4, 1))  # 13 weeks
    house_ban = row("house_ban_end", date(2026, 4, 30), date(2026, 5, 10))  # a Sunday
    _run("0006_due_dates_on_working_days", "move_open_due_dates")
    for deadline in (saturday, sunday, thursday, met, in_weeks, house_ban):
        deadline.refresh_from_db()
    assert saturday.due == date(2026, 11, 30)
    assert sunday.due == date(2027, 1, 19)
    assert thursday.due == date(2026, 7, 9)
    assert met.due == date(2026, 11, 28)
    assert in_weeks.due == date(2027, 3, 31)  # 3 calendar months
    assert house_ban.due == date(2026, 5, 10)
    events = case.timeline.filter(kind="deadline_moved").order_by("target_id")
    assert [(e.target_id, e.data) for e in events] == [
        (saturday.pk, {"from": "2026-11-28", "to": "2026-11-30"}),
        (sunday.pk, {"from": "2027-01-17", "to": "2027-01-19"}),
        (in_weeks.pk, {"from": "2027-04-01", "to": "2027-03-31"}),
    ]
    assert events[0].summary == (
        "Termijn verschoven: Start hulp door ketenpartner, uiterlijk 30-11-2026 (was 28-11-2026). "
        "Een termijn die op een weekend- of feestdag eindigt, eindigt op de volgende werkdag."
    )
