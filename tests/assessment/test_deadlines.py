"""Time machine: the assessment and crisis deadlines on time → due today → overdue, across Easter
2027 (Good Friday 26 March, Easter Monday 29 March) and 5 May, and met at confirmation."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests.assessment.conftest import content, report_case
from zicht.assessment import services
from zicht.cases.deadlines import Status
from zicht.cases.models import Deadline, TimelineEvent
from zicht.cases.selectors import case_deadlines

pytestmark = pytest.mark.django_db
AMS = ZoneInfo("Europe/Amsterdam")


def at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=AMS)


def status(case, kind: str) -> str:
    return case_deadlines(case=case).get(kind=kind).status


def submit_and_confirm(author, scientist, case):
    assessment = services.assessment_save_and_submit(
        user=author, case=case, content=content(outcome="close"), expected_version=None
    )
    case.refresh_from_db()
    return services.assessment_confirm(
        user=scientist,
        assessment=assessment,
        expected_version=assessment.version,
        case_version=case.version,
    )


def test_tri1_assessment_deadline_across_easter_2027_met_on_time(author, scientist):
    """R-TRI-1, R-DL-1: received Wed 24 March 2027; Good Friday and Easter Monday do not count,
    so 5 working days end on Fri 2 April; confirmed that day, it is met on time."""
    with time_machine.travel(at(date(2027, 3, 24)), tick=False):
        case = report_case(author)
    assert Deadline.objects.get(case=case, kind="assessment").due == date(2027, 4, 2)
    with time_machine.travel(at(date(2027, 4, 1)), tick=False):
        assert status(case, "assessment") == Status.ON_TIME
    with time_machine.travel(at(date(2027, 4, 2)), tick=False):
        assert status(case, "assessment") == Status.DUE_TODAY
        submit_and_confirm(author, scientist, case)
        assert status(case, "assessment") == Status.MET
    met = TimelineEvent.objects.get(case=case, kind="deadline_met", summary__contains="Veiligheid")
    assert "te laat" not in met.summary


def test_tri1_assessment_deadline_across_5_may_2027_met_late(author, scientist):
    """R-TRI-1, R-DL-1: received Thu 29 April 2027; 5 May and Ascension Day (6 May) do not
    count, so the deadline is Mon 10 May; confirmed on the 11th it is met, late."""
    with time_machine.travel(at(date(2027, 4, 29)), tick=False):
        case = report_case(author)
    assert Deadline.objects.get(case=case, kind="assessment").due == date(2027, 5, 10)
    with time_machine.travel(at(date(2027, 5, 7)), tick=False):
        assert status(case, "assessment") == Status.ON_TIME
    with time_machine.travel(at(date(2027, 5, 10)), tick=False):
        assert status(case, "assessment") == Status.DUE_TODAY
    with time_machine.travel(at(date(2027, 5, 11)), tick=False):
        assert status(case, "assessment") == Status.OVERDUE
        submit_and_confirm(author, scientist, case)
        assert status(case, "assessment") == Status.MET
    met = TimelineEvent.objects.get(case=case, kind="deadline_met", summary__contains="Veiligheid")
    assert "te laat" in met.summary


def test_tri3_crisis_deadline_is_the_same_day_even_on_good_friday(author):
    """R-TRI-3: crisis action the same day, holiday or not: due today, overdue the next day,
    met when the action is recorded."""
    with time_machine.travel(at(date(2027, 3, 25)), tick=False):
        case = report_case(author)
    with time_machine.travel(at(date(2027, 3, 26), 9), tick=False):
        draft = services.assessment_save(
            user=author, case=case, content=content(crisis_needed=True), expected_version=None
        )
        assert Deadline.objects.get(case=case, kind="crisis_action").due == date(2027, 3, 26)
        assert status(case, "crisis_action") == Status.DUE_TODAY
    with time_machine.travel(at(date(2027, 3, 27), 9), tick=False):
        assert status(case, "crisis_action") == Status.OVERDUE
        services.assessment_save(
            user=author,
            case=case,
            content=content(
                crisis_needed=True,
                crisis_action="crisis_service",
                crisis_description="Crisisdienst",
            ),
            expected_version=draft.version,
            assessment=draft,
        )
        assert status(case, "crisis_action") == Status.MET


@pytest.mark.parametrize(
    ("outcome", "kind"),
    [("conditions", "conditions_done"), ("investigation", "investigation_done")],
)
def test_tri5_ten_week_deadline_over_easter_and_5_may(author, scientist, outcome, kind):
    """R-TRI-5, R-TRI-8, R-DL-2: confirmed Thu 25 March 2027 (before Good Friday), the 10-week
    deadlines of conditions & follow-up or investigation and of the reporter update run in
    calendar weeks through Easter and 5 May to Thu 3 June: on time, due today, overdue."""
    with time_machine.travel(at(date(2027, 3, 24)), tick=False):
        case = report_case(author)
    with time_machine.travel(at(date(2027, 3, 25)), tick=False):
        assessment = services.assessment_save_and_submit(
            user=author, case=case, content=content(outcome=outcome), expected_version=None
        )
        case.refresh_from_db()
        services.assessment_confirm(
            user=scientist,
            assessment=assessment,
            expected_version=assessment.version,
            case_version=case.version,
        )
    for code in (kind, "reporter_update"):
        assert Deadline.objects.get(case=case, kind=code).due == date(2027, 6, 3)
    for day, expected in [
        (date(2027, 5, 5), Status.ON_TIME),
        (date(2027, 6, 3), Status.DUE_TODAY),
        (date(2027, 6, 4), Status.OVERDUE),
    ]:
        with time_machine.travel(at(day), tick=False):
            assert status(case, kind) == expected
            assert status(case, "reporter_update") == expected
