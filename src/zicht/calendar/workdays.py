"""Working days per the Algemene termijnenwet, art. 3 (rule R-DL-1).

A working day is a Monday to Friday that is neither a statutory holiday (art. 3(1) and (2)) nor a
day declared equal to one by decree (art. 3(3)); the latter are `ExtraNonWorkingDay` rows that an
administrator keeps in the admin.

The list is the current one (Koningsdag since 2014); dates before that are not corrected for the
old Koninginnedag.

Counting model: working days are numbered in order, and a non-working day shares the number of
the last working day before it. `working_days_between(a, b)` is the difference of the numbers of
`b` and `a` (the working days in (a, b]), and `add_working_days(d, n)` is the first day whose
number is that of `d` plus `n`. Every function takes an optional `extra` set of extra non-working
days; when given, the database is not read, which keeps the arithmetic testable as pure code.
"""

from collections.abc import Iterator, Mapping, Set
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, timedelta
from functools import cache
from types import MappingProxyType

from dateutil.easter import easter

from zicht.calendar.models import ExtraNonWorkingDay

_ONE_DAY = timedelta(days=1)


def statutory_holidays(year: int) -> dict[date, str]:
    """The holidays of the Algemene termijnenwet in `year`, with their Dutch names."""
    return dict(_statutory(year))


@cache
def _statutory(year: int) -> Mapping[date, str]:
    easter_sunday = easter(year)
    kings_day = date(year, 4, 27)
    if kings_day.weekday() == 6:
        kings_day = date(year, 4, 26)
    days: dict[date, str] = {}
    for day, name in (
        (date(year, 1, 1), "Nieuwjaarsdag"),
        (easter_sunday - timedelta(days=2), "Goede Vrijdag"),
        (easter_sunday, "Eerste paasdag"),
        (easter_sunday + timedelta(days=1), "Tweede paasdag"),
        (kings_day, "Koningsdag"),
        (date(year, 5, 5), "Bevrijdingsdag"),
        (easter_sunday + timedelta(days=39), "Hemelvaartsdag"),
        (easter_sunday + timedelta(days=49), "Eerste pinksterdag"),
        (easter_sunday + timedelta(days=50), "Tweede pinksterdag"),
        (date(year, 12, 25), "Eerste kerstdag"),
        (date(year, 12, 26), "Tweede kerstdag"),
    ):
        _put(days, day, name)
    # Cached across calls, so hand out a read-only view.
    return MappingProxyType(days)


def _put(days: dict[date, str], day: date, name: str) -> None:
    # Ascension Day falls on 5 May when Easter is on 27 March (2016, 2157): keep both names.
    if day in days and name != days[day]:
        name = f"{days[day]} en {name}"
    days[day] = name


def holidays(year: int) -> dict[date, str]:
    """The statutory holidays of `year` plus the extra non-working days declared for it."""
    days = statutory_holidays(year)
    extra = ExtraNonWorkingDay.objects.filter(
        date__gte=date(year, 1, 1), date__lte=date(year, 12, 31)
    ).values_list("date", "name")
    for day, name in extra:
        _put(days, day, name)
    return dict(sorted(days.items()))


_memo: ContextVar[dict[tuple[date, date], frozenset[date]] | None] = ContextVar(
    "extra_days_memo", default=None
)


@contextmanager
def extra_days_memo() -> Iterator[None]:
    """Within the block, the same span of extra non-working days is read once: a service that
    computes several due dates from one start date asks for the same span each time."""
    token = _memo.set({})
    try:
        yield
    finally:
        _memo.reset(token)


def _extra_days(start: date, end: date) -> frozenset[date]:
    """The extra non-working days from `start` up to and including `end`, in one query."""
    memo = _memo.get()
    for (low, high), known in (memo or {}).items():
        if low <= start and end <= high:
            return frozenset(d for d in known if start <= d <= end)
    days = frozenset(
        ExtraNonWorkingDay.objects.filter(date__gte=start, date__lte=end).values_list(
            "date", flat=True
        )
    )
    if memo is not None:
        memo[(start, end)] = days
    return days


def _is_working_day(d: date, extra: Set[date]) -> bool:
    return d.weekday() < 5 and d not in _statutory(d.year) and d not in extra


def is_working_day(d: date, *, extra: Set[date] | None = None) -> bool:
    """Whether `d` is a working day."""
    if extra is None:
        if not _is_working_day(d, frozenset()):
            return False
        return not ExtraNonWorkingDay.objects.filter(date=d).exists()
    return _is_working_day(d, extra)


def next_working_day(d: date, *, extra: Set[date] | None = None) -> date:
    """`d` itself when it is a working day, else the first working day after it: where a period
    counted in days, weeks or months ends on a Saturday, Sunday or holiday, it ends on the next
    working day instead (Algemene termijnenwet art. 1, rule R-DL-4)."""
    if extra is not None:
        return _next(d, extra)
    # A run of non-working days is at most 4 long (Good Friday to Easter Monday) unless an
    # administrator declared more: widened only then.
    span = timedelta(days=14)
    while True:
        result = _next(d, _extra_days(d, d + span))
        if result <= d + span:
            return result
        span *= 2


def _next(d: date, extra: Set[date]) -> date:
    while not _is_working_day(d, extra):
        d += _ONE_DAY
    return d


def add_working_days(d: date, n: int, *, extra: Set[date] | None = None) -> date:
    """The date `n` working days after `d` (before it when `n` is negative).

    `d` itself never counts and the result is always a working day, except that `n == 0`
    returns `d` unchanged. From a working day, -n gives the n-th working day before it. A
    non-working `d` counts as the working day before it (see the module docstring), so
    Saturday + 1 is Monday and Saturday - 1 is Thursday, just as from Friday. That keeps
    `working_days_between(d, add_working_days(d, n)) == n` for every `n`.
    """
    if extra is not None:
        return _add(d, n, extra)
    if n == 0:
        return d
    # At least 5 in 7 days are weekdays and at most 9 holidays a year fall on one, so this span
    # is only too short if an administrator has declared unusually many extra days.
    span = timedelta(days=2 * abs(n) + 14)
    while True:
        start, end = (d, d + span) if n > 0 else (d - span, d)
        result = _add(d, n, _extra_days(start, end))
        if start <= result <= end:
            return result
        span *= 2


def _add(d: date, n: int, extra: Set[date]) -> date:
    if n == 0:
        return d
    step = _ONE_DAY if n > 0 else -_ONE_DAY
    remaining = abs(n)
    if n < 0 and not _is_working_day(d, extra):
        # The working day before d has d's number, so it is not yet one step back.
        remaining += 1
    current = d
    while remaining:
        current += step
        if _is_working_day(current, extra):
            remaining -= 1
    return current


def working_days_between(a: date, b: date, *, extra: Set[date] | None = None) -> int:
    """The number of working days after `a` up to and including `b`; negative if `b < a`."""
    if extra is None:
        if a == b:
            return 0
        extra = _extra_days(min(a, b) + _ONE_DAY, max(a, b))
    return _between(a, b, extra)


def _between(a: date, b: date, extra: Set[date]) -> int:
    if b < a:
        return -_between(b, a, extra)
    # Counted arithmetically rather than by walking, so long spans stay cheap.
    off = {day for year in range(a.year, b.year + 1) for day in _statutory(year)}
    off.update(extra)
    off_weekdays = sum(1 for day in off if a < day <= b and day.weekday() < 5)
    return _weekdays_through(b) - _weekdays_through(a) - off_weekdays


def _weekdays_through(d: date) -> int:
    """The number of Mondays to Fridays from 1 January of year 1 (a Monday) through `d`."""
    weeks, days = divmod(d.toordinal(), 7)
    return 5 * weeks + min(days, 5)
