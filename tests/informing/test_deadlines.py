"""The `reporter_contact` (R-TRI-7) and `reporter_update` (R-TRI-8) deadlines through time:
on time, due today, overdue, and met when the contact or update is recorded."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from tests.informing.helpers import contact, register, update_reporter
from zicht.cases import services as case_services
from zicht.cases.deadlines import Status
from zicht.informing.selectors import informing_for_case

pytestmark = pytest.mark.django_db
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def _at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=AMSTERDAM)


def _status(case, kind: str) -> str:
    informing = informing_for_case(case=case)
    deadline = informing.contact_deadline if kind == "contact" else informing.update_deadline
    return deadline.status


@pytest.mark.parametrize(
    ("received", "due"),
    [
        # Good Friday 26 March and Easter Monday 29 March 2027 do not count.
        (date(2027, 3, 24), date(2027, 4, 2)),
        # 5 May (every year) and Ascension Day (6 May 2027) do not count.
        (date(2027, 4, 30), date(2027, 5, 11)),
    ],
)
def test_reporter_contact_deadline_over_holidays(worker, received, due):
    """R-TRI-7, R-DL-1: contact with the reporter within 5 working days; Good Friday, Easter
    Monday and 5 May are not working days. On time → due today → overdue, met when recorded."""
    with time_machine.travel(_at(received), tick=False):
        report = register(worker, received_at=timezone.now())
    case = report.case
    assert informing_for_case(case=case).contact_deadline.due == due

    with time_machine.travel(_at(date.fromordinal(due.toordinal() - 1)), tick=False):
        assert _status(case, "contact") == Status.ON_TIME
    with time_machine.travel(_at(due, 16), tick=False):
        assert _status(case, "contact") == Status.DUE_TODAY
    with time_machine.travel(_at(date.fromordinal(due.toordinal() + 1)), tick=False):
        assert _status(case, "contact") == Status.OVERDUE
        contact(worker, report)
        assert _status(case, "contact") == Status.MET


def test_reporter_contact_on_the_last_day_is_on_time(worker):
    """R-TRI-7: recorded on the due date (after Easter 2027) the deadline is met, not late."""
    with time_machine.travel(_at(date(2027, 3, 24)), tick=False):
        report = register(worker, received_at=timezone.now())
    with time_machine.travel(_at(date(2027, 4, 2), 15), tick=False):
        contact(worker, report)
    deadline = informing_for_case(case=report.case).contact_deadline
    assert deadline.status == Status.MET
    assert timezone.localdate(deadline.met_at) == deadline.due == date(2027, 4, 2)


def test_reporter_update_deadline_ten_weeks_after_the_assessment(worker):
    """R-TRI-8: the reporter update is due 10 weeks after the assessment (calendar weeks, over
    Easter and 5 May 2027); on time → due today → overdue, met when recorded."""
    with time_machine.travel(_at(date(2027, 3, 19)), tick=False):
        report = register(worker, received_at=timezone.now())
        contact(worker, report)
    with time_machine.travel(_at(date(2027, 3, 23)), tick=False):
        # What the assessment does when the case stays at VT.
        case_services.deadline_start(
            case=report.case, kind="reporter_update", start=timezone.localdate(), actor=worker
        )
    case = report.case
    assert informing_for_case(case=case).update_deadline.due == date(2027, 6, 1)
    with time_machine.travel(_at(date(2027, 5, 31)), tick=False):
        assert _status(case, "update") == Status.ON_TIME
    with time_machine.travel(_at(date(2027, 6, 1)), tick=False):
        assert _status(case, "update") == Status.DUE_TODAY
    with time_machine.travel(_at(date(2027, 6, 2)), tick=False):
        assert _status(case, "update") == Status.OVERDUE
        update_reporter(worker, report)
        assert _status(case, "update") == Status.MET


def test_each_reports_reporter_has_its_own_contact_deadline(worker):
    """R-TRI-7: contact with the reporter is owed per report. Two reporters about one household:
    contacting the first meets only the first report's deadline; the second stays open, on the
    panel and in the case's deadlines, until that reporter is contacted too."""
    from tests.informing.helpers import TEACHER, household_persons
    from zicht.cases.models import Deadline
    from zicht.reports.models import CallerKind
    from zicht.reports.services import Reporter

    involved = household_persons()
    first = register(worker, involved=involved)
    neighbour = Reporter(name="Gert Buurman", kind=CallerKind.CITIZEN, phone="0622222222")
    second = register(worker, reporter=neighbour, involved=involved)
    case = first.case
    assert second.case == case and TEACHER.name != neighbour.name
    rows = Deadline.objects.filter(case=case, kind="reporter_contact")
    assert rows.count() == 2

    contact(worker, first)

    assert rows.filter(met_at__isnull=True).count() == 1
    items = informing_for_case(case=case).reports
    assert [item.contact_deadline.status for item in items] == [Status.MET, Status.ON_TIME]
    contact(worker, second)
    assert not rows.filter(met_at__isnull=True).exists()
