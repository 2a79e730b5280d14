"""The waiting list's flows (R-WL-2) read from the day kept on the report equal the old
definition: per report, the first assessment deadline of its case ended at or after it came in,
found with a subquery (the way `reporting.backlog` counted before issue 15's third round)."""

from collections import Counter
from datetime import UTC, date, datetime, timedelta

import pytest
from django.db.models import Min, OuterRef, Q, Subquery
from django.db.models.functions import TruncDate

from tests.reporting.world import at
from zicht.cases.models import Deadline
from zicht.reporting import backlog
from zicht.reporting.readonly import read_only
from zicht.reporting.volumes import REGION, area_of
from zicht.reports.models import Report

pytestmark = pytest.mark.django_db


def _old_flows(since: date, until: date) -> dict[object, Counter]:
    """The definition before the column (its query, the day renamed): a correlated subquery per
    report."""
    ended = Deadline.objects.filter(
        case=OuterRef("case"), kind="assessment", met_at__gte=OuterRef("received_at")
    )
    rows = (
        Report.objects.filter(received_at__lt=backlog._midnight(until + timedelta(days=1)))
        .annotate(area=area_of("case"))
        .annotate(
            assessed=Subquery(
                ended.order_by().values("case").annotate(first=Min("met_at")).values("first")[:1]
            )
        )
        .filter(Q(assessed__isnull=True) | Q(assessed__gte=backlog._midnight(since)))
        .annotate(received_on=TruncDate("received_at"), assessed_day=TruncDate("assessed"))
        .values_list("area", "received_on", "assessed_day")
    )
    found: dict[object, Counter] = {REGION: Counter()}
    for area, received, assessed in rows:
        found[REGION][(received, assessed)] += 1
        found.setdefault(area, Counter())[(received, assessed)] += 1
    return found


def _new_flows(since: date, until: date) -> dict[object, Counter]:
    with read_only():
        flows = backlog.flows(since, until, per_area=True)
    return {
        key: Counter({(f.received, f.assessed): f.count for f in value})
        for key, value in flows.items()
    }


def test_flows_from_the_kept_day_equal_the_old_subquery(deadlines):
    """R-WL-2: for every window, region and municipality, the same reports with the same two
    days; including a report assessed just after local midnight and one whose case's assessment
    was met before it came in (it waits)."""
    c4 = deadlines.case("c4")
    # Met at 23:30 UTC on 1 June: 2 June in Amsterdam.
    Deadline.objects.create(
        case=c4,
        kind="assessment",
        started_on=date(2026, 5, 20),
        due=date(2026, 5, 27),
        met_at=datetime(2026, 6, 1, 23, 30, tzinfo=UTC),
    )
    Deadline.objects.create(  # before r6 came in: does not assess it
        case=deadlines.case("c6"),
        kind="assessment",
        started_on=date(2026, 1, 5),
        due=date(2026, 1, 12),
        met_at=at("06-01-2026"),
    )
    windows = [
        (date(2026, 1, 1), date(2026, 12, 31)),
        (date(2026, 2, 1), date(2026, 8, 31)),
        (date(2026, 6, 2), date(2026, 6, 2)),
        (date(2026, 6, 3), date(2026, 7, 9)),
        (date(2026, 7, 10), date(2026, 11, 15)),
    ]
    for since, until in windows:
        old, new = _old_flows(since, until), _new_flows(since, until)
        assert new == {key: value for key, value in old.items() if value}, (since, until)
    assert sum(_new_flows(date(2026, 1, 1), date(2026, 12, 31))[REGION].values()) == 6
    assert (date(2026, 5, 20), date(2026, 6, 2)) in _new_flows(date(2026, 6, 2), date(2026, 6, 2))[
        REGION
    ]


def test_flows_read_the_kept_day_not_the_deadlines(deadlines):
    """R-WL-2: the waiting list counts from `Report.assessed_on`: a report whose kept day says
    it waits is counted as waiting (the subquery is gone, the column is the contract)."""
    r1 = deadlines.reports["r1"]
    since, until = date(2026, 2, 1), date(2026, 8, 31)
    before = _new_flows(since, until)[REGION]
    Report.objects.filter(pk=r1.pk).update(assessed_on=None)
    after = _new_flows(since, until)[REGION]
    assert after[(date(2026, 2, 10), None)] == before[(date(2026, 2, 10), None)] + 1
