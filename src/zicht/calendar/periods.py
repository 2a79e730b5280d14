"""Periods and their last day (rule R-DL-4): how a deadline's due date follows from its start.

A period counts working days (R-DL-1), or calendar days, weeks or months. One counted in calendar
units whose last day falls on a Saturday, Sunday or holiday ends on the next working day instead
(Algemene termijnenwet art. 1), unless it runs in real time, as the house ban does: ten days are
then ten days, whatever day the tenth is. Months are calendar months: 3 months after 30 November
is the last day of February.

Pure arithmetic like `workdays`: pass `extra` (the extra non-working days) to keep the database
out of it.
"""

from collections.abc import Set
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from dateutil.relativedelta import relativedelta

from zicht.calendar.workdays import add_working_days, next_working_day


class Unit(StrEnum):
    WORKING_DAYS = "working_days"
    DAYS = "days"
    WEEKS = "weeks"
    MONTHS = "months"


def add_months(d: date, n: int) -> date:
    """The same day `n` calendar months on, or that month's last day when it is shorter."""
    return d + relativedelta(months=n)


@dataclass(frozen=True)
class Period:
    count: int
    unit: Unit
    # Runs on through weekends and holidays and is never moved (the house ban, R-HB-1; the
    # same-day crisis action). Working days cannot run in real time.
    real_time: bool = False

    def __post_init__(self) -> None:
        if self.real_time and self.unit is Unit.WORKING_DAYS:
            raise ValueError("a period of working days does not run in real time")

    def end(self, start: date, *, extra: Set[date] | None = None) -> date:
        """The last day of the period that starts on `start` (which itself does not count)."""
        if self.unit is Unit.WORKING_DAYS:
            return add_working_days(start, self.count, extra=extra)
        last = self.counted_end(start)
        return last if self.real_time else next_working_day(last, extra=extra)

    def counted_end(self, start: date) -> date:
        """The last day as counted, before a move to the next working day."""
        if self.unit is Unit.WORKING_DAYS:
            raise ValueError("a period of working days ends on a working day as counted")
        if self.unit is Unit.MONTHS:
            return add_months(start, self.count)
        return start + timedelta(days=self.count * (7 if self.unit is Unit.WEEKS else 1))


def working_days(n: int) -> Period:
    return Period(n, Unit.WORKING_DAYS)


def days(n: int) -> Period:
    return Period(n, Unit.DAYS)


def weeks(n: int) -> Period:
    return Period(n, Unit.WEEKS)


def months(n: int) -> Period:
    return Period(n, Unit.MONTHS)


def real_days(n: int) -> Period:
    """Calendar days in real time: never moved to a working day."""
    return Period(n, Unit.DAYS, real_time=True)
