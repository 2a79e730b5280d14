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
    """Reports as the trend sees them: the day they came in and the day they were assessed.
    `count` reports share those two days (a database can group them: the reporting dashboard
    reads tens of thousands of reports as a few hundred flows)."""

    received: date
    assessed: date | None
    count: int = 1


def backlog_on(flows: Iterable[Flow], day: date) -> int:
    """Reports received by the end of `day` and not assessed by then."""
    return sum(
        f.count for f in flows if f.received <= day and (f.assessed is None or f.assessed > day)
    )


def backlog_trend(flows: Sequence[Flow], days: Sequence[date]) -> list[tuple[date, int]]:
    return [(day, backlog_on(flows, day)) for day in days]


def rates(
    flows: Iterable[Flow], after: date, through: date, working_days: int
) -> tuple[float, float]:
    """(intake, assessments) per working day for the days after `after` through `through`."""
    intake = assessed = 0
    for f in flows:
        if after < f.received <= through:
            intake += f.count
        if f.assessed is not None and after < f.assessed <= through:
            assessed += f.count
    return intake / working_days, assessed / working_days
