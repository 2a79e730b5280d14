"""Each house-ban deadline kind through time (R-HB-1, R-DL-3, R-DL-4): on time → due today →
overdue, in real time (never moved to a working day), met when recorded."""

from datetime import date, timedelta

import pytest
import time_machine
from django.utils import timezone

from tests.regional.helpers import at, deliver, police_account
from zicht.cases.deadlines import Status, with_status
from zicht.cases.models import Deadline
from zicht.regional.house_bans import BAN_DEADLINES

pytestmark = pytest.mark.django_db
START = at(2026, 4, 30, 14, 30)  # ten days on is Sunday 10 May 2026


def _status(case, kind: str) -> str:
    return (
        with_status(Deadline.objects.filter(case=case, kind=kind), timezone.localdate())
        .get()
        .status
    )


@pytest.mark.parametrize("kind", BAN_DEADLINES)
def test_on_time_due_today_overdue(kind):
    """R-HB-1: each task of the ban is due on the ban's tenth day, a Sunday, unmoved."""
    with time_machine.travel(START + timedelta(hours=1), tick=False):
        ban = deliver(police_account(), starts_at=START)
    case = ban.case
    assert Deadline.objects.get(case=case, kind=kind).due == date(2026, 5, 10)
    with time_machine.travel(at(2026, 5, 9, 12), tick=False):
        assert _status(case, kind) == Status.ON_TIME
    with time_machine.travel(at(2026, 5, 10, 12), tick=False):
        assert _status(case, kind) == Status.DUE_TODAY
    with time_machine.travel(at(2026, 5, 11, 12), tick=False):
        assert _status(case, kind) == Status.OVERDUE
