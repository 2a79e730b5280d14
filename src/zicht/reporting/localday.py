"""The local day of a moment, counted in the database without a Python call per row.

Django's `TruncDate` is native SQL on PostgreSQL (`AT TIME ZONE`), but on SQLite it is one of
Django's Python functions that SQLite calls once per value: at national scale the CBS file and
the dashboard's counted request made half a million such calls (a profile: a quarter to half of
their time). `LocalDate` is `TruncDate` on PostgreSQL; on SQLite it adds the zone's offset with
SQLite's own `date()`: the offsets and the moments they change (CET/CEST) are taken from the zone
database for a span of years around today, one `CASE` branch per stretch of equal offset, newest
first. A moment outside that span, if any, still goes through Django's function, so the day is
the same as `TruncDate`'s for every moment.
"""

from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models.functions import TruncDate
from django.utils import timezone

YEARS_BACK = 10
YEARS_AHEAD = 2


@lru_cache(maxsize=8)
def stretches(zone_name: str, first: date, last: date) -> tuple[tuple[datetime, int], ...]:
    """From `first` to `last` (UTC days): each moment the zone's offset changes, with the offset
    in seconds from then on; the first entry is `first` itself. Oldest first."""
    zone = ZoneInfo(zone_name)

    def offset(moment: datetime) -> int:
        found = moment.astimezone(zone).utcoffset()
        return int(found.total_seconds()) if found is not None else 0

    start = datetime(first.year, first.month, first.day, tzinfo=UTC)
    found = [(start, offset(start))]
    day = start
    while day.date() < last:
        if offset(day + timedelta(days=1)) != found[-1][1]:
            # The change lies within (day, day + 1 day]: find its second.
            low, high = 0, 24 * 60 * 60
            while high - low > 1:
                middle = (low + high) // 2
                if offset(day + timedelta(seconds=middle)) == found[-1][1]:
                    low = middle
                else:
                    high = middle
            moment = day + timedelta(seconds=high)
            found.append((moment, offset(moment)))
        day += timedelta(days=1)
    return tuple(found)


class LocalDate(TruncDate):
    """`TruncDate` (the local day of a moment in the current time zone), natively on SQLite."""

    def as_sqlite(self, compiler: Any, connection: Any, **extra_context: Any) -> tuple[str, Any]:
        fallback_sql, fallback_params = super().as_sql(compiler, connection)
        sql, params = compiler.compile(self.lhs)
        today = timezone.now().date()
        first = today.replace(year=today.year - YEARS_BACK, day=1)
        last = today.replace(year=today.year + YEARS_AHEAD, day=1)
        span = stretches(self.get_tzname(), first, last)
        end = datetime(last.year, last.month, last.day, tzinfo=UTC)
        adapt = connection.ops.adapt_datetimefield_value
        parts = [f"CASE WHEN {sql} IS NULL THEN NULL WHEN {sql} >= %s THEN {fallback_sql}"]
        values: list[Any] = [*params, *params, adapt(end), *fallback_params]
        for moment, seconds in reversed(span):
            parts.append(f"WHEN {sql} >= %s THEN date({sql}, %s)")
            values += [*params, adapt(moment), *params, f"{seconds:+d} seconds"]
        parts.append(f"ELSE {fallback_sql} END")
        values += fallback_params
        return " ".join(parts), tuple(values)
