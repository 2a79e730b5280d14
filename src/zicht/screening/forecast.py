"""The waiting-list arithmetic of R-WL-2, as pure functions (table-tested).

Rates are per working day. A backlog "cannot be cleared within 3 weeks" when, at the current
intake and assessment rates, it takes more than 15 working days to reach zero — or never gets
there because assessments do not outpace intake.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

CLEAR_WITHIN_WORKING_DAYS = 15  # 3 weeks (R-WL-2)
RATE_WINDOW_WORKING_DAYS = 20
TREND_DAYS = 28


def days_to_clear(backlog: int, intake_rate: float, assessment_rate: float) -> float | None:
    """Working days until the backlog is gone at these rates; None when it never clears."""
    if backlog <= 0:
        return 0.0
    net = assessment_rate - intake_rate
    if net <= 0:
        return None
    return backlog / net


def needs_escalation(
    backlog: int,
    intake_rate: float,
    assessment_rate: float,
    limit: int = CLEAR_WITHIN_WORKING_DAYS,
) -> bool:
    """R-WL-2: true when the backlog cannot be cleared within `limit` working days."""
    days = days_to_clear(backlog, intake_rate, assessment_rate)
    return days is None or days > limit


@dataclass(frozen=True)
class Flow:
    """One report as the trend sees it: the day it came in and the day it was assessed."""

    received: date
    assessed: date | None


def backlog_on(flows: Iterable[Flow], day: date) -> int:
    """Reports received by the end of `day` and not assessed by then."""
    return sum(1 for f in flows if f.received <= day and (f.assessed is None or f.assessed > day))


def backlog_trend(flows: Sequence[Flow], days: Sequence[date]) -> list[tuple[date, int]]:
    return [(day, backlog_on(flows, day)) for day in days]


def rates(
    flows: Iterable[Flow], after: date, through: date, working_days: int
) -> tuple[float, float]:
    """(intake, assessments) per working day for the days after `after` through `through`."""
    intake = assessed = 0
    for f in flows:
        if after < f.received <= through:
            intake += 1
        if f.assessed is not None and after < f.assessed <= through:
            assessed += 1
    return intake / working_days, assessed / working_days
