"""R-PRIV-4 as pure functions: when a closed case file is due for destruction."""

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from dateutil.relativedelta import relativedelta

from zicht.retention.models import Basis

ADULT_AGE = 18


@dataclass(frozen=True)
class ChildBirth:
    """A child's date of birth as far as it is known (R-REP-6: it may be partial)."""

    year: int | None
    month: int | None = None
    day: int | None = None


def adult_on(child: ChildBirth) -> date | None:
    """The day the child turns 18; with a partial date of birth, the latest day it can be (the
    file is then kept rather a little longer than too short). None without a year."""
    if child.year is None:
        return None
    year = child.year + ADULT_AGE
    month = child.month or 12
    last_day = calendar.monthrange(year, month)[1]
    return date(year, month, min(child.day or last_day, last_day))


def destruction_date(
    *,
    ended_on: date,
    years: int,
    child_protection: bool,
    children: Iterable[ChildBirth] = (),
) -> tuple[date, Basis]:
    """`years` after the end of VT's involvement; when a recorded decision says the file matters
    for a child protection measure, until the youngest child is 18 where that is later."""
    due = ended_on + relativedelta(years=years)
    if child_protection:
        adult = [day for day in map(adult_on, children) if day is not None]
        if adult and max(adult) > due:
            return max(adult), Basis.CHILD_PROTECTION
    return due, Basis.DEFAULT
