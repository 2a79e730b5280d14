"""R-HO-5 with the clock moving: partner_receipt (2 working days) and partner_start (2 weeks)
go on time → due today → overdue, across Easter 2027 and 5 May, and are met at confirmation."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from tests.handover.conftest import send, token_of
from zicht.cases.deadlines import Status
from zicht.cases.models import TimelineEvent
from zicht.cases.selectors import case_deadlines
from zicht.handover import services
from zicht.handover.services import Decision

pytestmark = pytest.mark.django_db

AMS = ZoneInfo("Europe/Amsterdam")


def at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=AMS)


def statuses(case) -> dict[str, str]:
    today = timezone.localdate()
    return {d.kind: d.status for d in case_deadlines(case=case, today=today)}


@pytest.mark.parametrize(
    ("sent", "receipt_due", "start_due"),
    [
        # Thursday before Easter: Good Friday 26 Mar and Easter Monday 29 Mar 2027 do not count.
        (date(2027, 3, 25), date(2027, 3, 31), date(2027, 4, 8)),
        # Monday 3 May 2027: Liberation Day (Wed 5 May) and Ascension Day (Thu 6 May) do not count;
        # two weeks end on Whit Monday 17 May, so the start is due Tuesday 18 May (R-DL-4).
        (date(2027, 5, 3), date(2027, 5, 7), date(2027, 5, 18)),
    ],
)
def test_partner_deadlines_on_time_due_today_overdue(
    case_worker, case, partner, sent, receipt_due, start_due
):
    """R-HO-5, R-DL-1, R-DL-4: receipt in 2 working days (holidays skipped), start in 2 weeks,
    moved to the next working day when the second week ends on a holiday."""
    with time_machine.travel(at(sent), tick=False) as clock:
        send(case_worker, case, partner)
        assert statuses(case) == {
            "partner_receipt": Status.ON_TIME,
            "partner_start": Status.ON_TIME,
        }
        clock.move_to(at(receipt_due, 8))
        assert statuses(case)["partner_receipt"] == Status.DUE_TODAY
        clock.move_to(at(date.fromordinal(receipt_due.toordinal() + 1)))
        assert statuses(case)["partner_receipt"] == Status.OVERDUE
        assert statuses(case)["partner_start"] == Status.ON_TIME
        clock.move_to(at(start_due))
        assert statuses(case)["partner_start"] == Status.DUE_TODAY
        clock.move_to(at(date.fromordinal(start_due.toordinal() + 1)))
        assert statuses(case)["partner_start"] == Status.OVERDUE
    due = {d.kind: d.due for d in case_deadlines(case=case)}
    assert due == {"partner_receipt": receipt_due, "partner_start": start_due}


def test_deadlines_met_when_the_partner_confirms(case_worker, case, partner):
    """R-HO-5: acceptance on the due day meets both deadlines at that moment, on time."""
    with time_machine.travel(at(date(2027, 3, 25)), tick=False) as clock:
        _, link = send(case_worker, case, partner)
        clock.move_to(at(date(2027, 3, 31), 15))
        services.handover_answer_by_link(
            token=token_of(link), decision=Decision.ACCEPT, link_base="http://x/"
        )
        deadlines = list(case_deadlines(case=case))
    assert {d.status for d in deadlines} == {Status.MET}
    assert all(d.met_at == at(date(2027, 3, 31), 15) for d in deadlines)
    late = TimelineEvent.objects.filter(case=case, kind="deadline_met", summary__contains="te laat")
    assert not late.exists()


def test_late_receipt_is_met_and_marked_late(case_worker, case, partner):
    """R-HO-5, R-DL-3: a waiting-list answer after the due day meets receipt, marked late; the
    start deadline stays open."""
    with time_machine.travel(at(date(2027, 5, 3)), tick=False) as clock:
        _, link = send(case_worker, case, partner)
        clock.move_to(at(date(2027, 5, 10)))
        services.handover_answer_by_link(
            token=token_of(link), decision=Decision.WAITING_LIST, link_base="http://x/"
        )
        result = statuses(case)
    assert result == {"partner_receipt": Status.MET, "partner_start": Status.ON_TIME}
    late = TimelineEvent.objects.filter(case=case, kind="deadline_met", summary__contains="te laat")
    assert late.count() == 1


def test_partner_deadlines_lapse_when_the_case_is_handed_back(case_worker, case, partner):
    """R-DL-3, R-HO-6: handed back before the partner confirmed: its receipt and start
    deadlines fell away with the handover, so they end as lapsed with the hand-back's reason,
    not as met (the partner did not meet them)."""
    _, link = send(case_worker, case, partner)
    services.handover_answer_by_link(
        token=token_of(link),
        decision=Decision.HAND_BACK,
        reason="Geen plek in het team.",
        link_base="http://testserver/overdracht/",
    )
    found = statuses(case)
    assert (found["partner_receipt"], found["partner_start"]) == (Status.LAPSED, Status.LAPSED)
    lapsed = [d for d in case_deadlines(case=case) if d.status == Status.LAPSED]
    assert all("Geen plek in het team." in d.lapsed_reason for d in lapsed)
    assert not TimelineEvent.objects.filter(case=case, kind="deadline_met").exists()
