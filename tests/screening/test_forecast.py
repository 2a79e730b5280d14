"""R-WL-2: the waiting-list arithmetic, as pure functions."""

from datetime import date

import pytest

from zicht.screening.forecast import (
    Flow,
    backlog_on,
    backlog_trend,
    days_to_clear,
    needs_escalation,
    rates,
)


@pytest.mark.parametrize(
    ("backlog", "intake", "assessed", "days", "signal"),
    [
        (0, 2.0, 1.0, 0.0, False),  # no backlog: nothing to clear, whatever the rates
        (0, 0.0, 0.0, 0.0, False),
        (30, 2.0, 4.0, 15.0, False),  # exactly 3 weeks: still within
        (31, 2.0, 4.0, 15.5, True),  # a little over 3 weeks
        (10, 1.0, 3.0, 5.0, False),
        (10, 3.0, 3.0, None, True),  # assessments only keep pace: never cleared
        (10, 4.0, 3.0, None, True),  # intake outpaces assessments
        (1, 0.0, 0.0, None, True),  # nothing moves at all
        (5, 0.0, 0.25, 20.0, True),
    ],
)
def test_days_to_clear_and_signal(backlog, intake, assessed, days, signal):
    """R-WL-2: a backlog that cannot be cleared within 15 working days (3 weeks) at the current
    rates is signalled, also when the assessment rate does not exceed the intake rate."""
    assert days_to_clear(backlog, intake, assessed) == days
    assert needs_escalation(backlog, intake, assessed) is signal


def test_limit_is_a_parameter():
    """R-WL-2: the 3-week limit is the default; the arithmetic takes another for a scenario."""
    assert needs_escalation(30, 2.0, 4.0, limit=10) is True


FLOWS = [
    Flow(received=date(2026, 11, 2), assessed=date(2026, 11, 10)),
    Flow(received=date(2026, 11, 12), assessed=None),
    Flow(received=date(2026, 11, 20), assessed=date(2026, 11, 20)),
]


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 11, 1), 0),
        (date(2026, 11, 2), 1),  # in by the end of the day
        (date(2026, 11, 9), 1),
        (date(2026, 11, 10), 0),  # assessed that day: out by the end of it
        (date(2026, 11, 12), 1),
        (date(2026, 11, 20), 1),  # in and out the same day never counts
    ],
)
def test_backlog_at_end_of_day(day, expected):
    """R-WL-2: the backlog at the end of a day counts reports received and not yet assessed."""
    assert backlog_on(FLOWS, day) == expected


def test_trend_and_rates():
    """R-WL-2: the trend is the end-of-day backlog per day; rates count per working day."""
    days = [date(2026, 11, 9), date(2026, 11, 10), date(2026, 11, 11)]
    assert backlog_trend(FLOWS, days) == [(days[0], 1), (days[1], 0), (days[2], 0)]
    intake, assessed = rates(FLOWS, date(2026, 11, 2), date(2026, 11, 20), 4)
    assert (intake, assessed) == (0.5, 0.5)  # 2 in (12th, 20th), 2 out (10th, 20th)


def test_grouped_flows_count_as_their_reports():
    """R-WL-2: reports grouped by their two days weigh as many reports as they hold."""
    grouped = [
        Flow(received=date(2026, 11, 2), assessed=date(2026, 11, 10), count=3),
        Flow(received=date(2026, 11, 12), assessed=None, count=2),
    ]
    one_by_one = [Flow(g.received, g.assessed) for g in grouped for _ in range(g.count)]
    for day in (date(2026, 11, 2), date(2026, 11, 10), date(2026, 11, 12)):
        assert backlog_on(grouped, day) == backlog_on(one_by_one, day)
    assert backlog_on(grouped, date(2026, 11, 12)) == 2
    assert rates(grouped, date(2026, 11, 1), date(2026, 11, 20), 5) == (1.0, 0.6)
