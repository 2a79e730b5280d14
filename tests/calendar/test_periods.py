"""Periods and their last day (rule R-DL-4): weeks, months and calendar days that end on a day off
end on the next working day; real time does not move; months are calendar months."""

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zicht.calendar.models import ExtraNonWorkingDay
from zicht.calendar.periods import (
    Period,
    Unit,
    add_months,
    days,
    months,
    real_days,
    weeks,
    working_days,
)
from zicht.calendar.workdays import is_working_day, next_working_day

NONE: frozenset[date] = frozenset()

# Each row: period, start, the last day as counted, the due date. Worked out by hand.
TABLE = [
    # The examples: two weeks ending on a Saturday, ten weeks ending on a Sunday.
    (weeks(2), date(2026, 11, 14), date(2026, 11, 28), date(2026, 11, 30)),
    (weeks(10), date(2026, 11, 8), date(2027, 1, 17), date(2027, 1, 18)),
    # Ten weeks ending on a Thursday: no move.
    (weeks(10), date(2026, 4, 30), date(2026, 7, 9), date(2026, 7, 9)),
    # Good Friday 26 March 2027 to Easter Monday 29 March: four days off in a row.
    (weeks(1), date(2027, 3, 19), date(2027, 3, 26), date(2027, 3, 30)),
    # 5 May 2027 (Liberation Day, a Wednesday) and 6 May (Ascension Day): two days on.
    (weeks(1), date(2027, 4, 28), date(2027, 5, 5), date(2027, 5, 7)),
    # Christmas Day 2026 is a Friday: Monday 28 December.
    (days(10), date(2026, 12, 15), date(2026, 12, 25), date(2026, 12, 28)),
    # King's Day 2026 is Monday 27 April.
    (days(7), date(2026, 4, 20), date(2026, 4, 27), date(2026, 4, 28)),
    # Calendar months: 3 months after 30 November is the last day of February (Sunday 28
    # February 2027: Monday 1 March); in a leap year the 29th (Tuesday 29 February 2028).
    (months(3), date(2026, 11, 30), date(2027, 2, 28), date(2027, 3, 1)),
    (months(3), date(2027, 11, 30), date(2028, 2, 29), date(2028, 2, 29)),
    # One month after 31 January 2026: Saturday 28 February, so Monday 2 March.
    (months(1), date(2026, 1, 31), date(2026, 2, 28), date(2026, 3, 2)),
    (months(12), date(2026, 4, 30), date(2027, 4, 30), date(2027, 4, 30)),
    # Real time (the house ban, the same-day crisis action): never moved.
    (real_days(10), date(2026, 12, 15), date(2026, 12, 25), date(2026, 12, 25)),
    (real_days(10), date(2026, 4, 30), date(2026, 5, 10), date(2026, 5, 10)),  # a Sunday
    (real_days(0), date(2026, 11, 28), date(2026, 11, 28), date(2026, 11, 28)),  # a Saturday
]


@pytest.mark.parametrize(("period", "start", "counted", "due"), TABLE)
def test_last_day_as_counted_and_as_due(period, start, counted, due):
    """R-DL-4: the counted last day, and the due date: moved to the next working day when the
    counted day is a Saturday, Sunday or holiday, unless the period runs in real time."""
    assert period.counted_end(start) == counted
    assert period.end(start, extra=NONE) == due


def test_working_days_are_counted_as_before():
    """R-DL-1: a period of working days is `add_working_days` (from Friday 24 April 2026, King's
    Day and Liberation Day skipped)."""
    assert working_days(5).end(date(2026, 4, 24), extra=NONE) == date(2026, 5, 4)
    assert working_days(2).end(date(2026, 11, 28), extra=NONE) == date(2026, 12, 1)


def test_working_days_cannot_run_in_real_time():
    with pytest.raises(ValueError, match="real time"):
        Period(5, Unit.WORKING_DAYS, real_time=True)


@pytest.mark.django_db
def test_an_extra_day_off_moves_a_due_date():
    """R-DL-1, R-DL-4: a day an administrator declared equal to a holiday moves a due date as a
    statutory holiday does; real time ignores it. Read from the database when `extra` is not
    given."""
    ExtraNonWorkingDay.objects.create(date=date(2027, 1, 18), name="Rampdag")
    assert weeks(10).end(date(2026, 11, 8)) == date(2027, 1, 19)
    assert real_days(71).end(date(2026, 11, 8)) == date(2027, 1, 18)
    assert next_working_day(date(2027, 1, 16)) == date(2027, 1, 19)


def test_add_months_keeps_the_day_or_takes_the_last_of_the_month():
    """R-DL-4: calendar months."""
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 3, 31), 1) == date(2026, 4, 30)
    assert add_months(date(2026, 5, 15), 18) == date(2027, 11, 15)


CALENDAR_PERIODS = st.builds(
    Period,
    st.integers(0, 120),
    st.sampled_from([Unit.DAYS, Unit.WEEKS, Unit.MONTHS]),
)


@settings(max_examples=300, deadline=None)
@given(CALENDAR_PERIODS, st.dates(date(1990, 1, 1), date(2100, 12, 31)))
def test_a_moved_due_date_is_the_first_working_day_from_the_counted_one(period, start):
    """R-DL-4: the due date is a working day, never before the counted last day, and at most 4
    days after it (the longest run of statutory days off: Good Friday to Easter Monday, or
    Christmas on a Thursday or Monday); every day in between is a day off."""
    counted = period.counted_end(start)
    due = period.end(start, extra=NONE)
    assert is_working_day(due, extra=NONE)
    assert counted <= due <= counted + timedelta(days=4)
    between = (counted + timedelta(days=i) for i in range((due - counted).days))
    assert not any(is_working_day(day, extra=NONE) for day in between)


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 120), st.dates(date(1990, 1, 1), date(2100, 12, 31)))
def test_real_time_never_moves(count, start):
    """R-DL-4: a period in real time ends on the day counted, working day or not."""
    assert real_days(count).end(start, extra=NONE) == start + timedelta(days=count)
