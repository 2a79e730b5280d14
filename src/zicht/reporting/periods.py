"""The periods reports are made over: a half year for CBS (R-INF-1), the first 4 or 8 months of a
year for the municipalities (R-INF-2), or any from–to period on a dashboard.

Refusals are Dutch and name the field: a period is the user's input.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone

from zicht.calendar.periods import add_months


@dataclass(frozen=True)
class Period:
    first: date  # the first day, included
    last: date  # the last day, included
    label: str

    @property
    def start(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.first, time.min))

    @property
    def end(self) -> datetime:
        """The moment just after the last day: ranges are `start <= t < end`."""
        return timezone.make_aware(datetime.combine(self.last + timedelta(days=1), time.min))

    def is_over(self, today: date) -> bool:
        return self.last < today


_HALF_YEAR = re.compile(r"^\s*(\d{4})\s*-\s*([12])\s*$")


def half_year(text: str, *, today: date | None = None) -> Period:
    """'2026-1' is January–June 2026, '2026-2' July–December. A half year still running is
    refused: CBS receives a half year once it is over (R-INF-1)."""
    match = _HALF_YEAR.match(text or "")
    if not match:
        raise ValidationError(
            {"halfjaar": "Geef het halfjaar op als jaar-1 of jaar-2, bijvoorbeeld 2026-1."}
        )
    year, half = int(match[1]), int(match[2])
    if not 2000 <= year <= 2100:
        raise ValidationError({"halfjaar": "Dat jaar ligt buiten 2000–2100."})
    first = date(year, 1 if half == 1 else 7, 1)
    period = Period(first, add_months(first, 6) - timedelta(days=1), f"{year}, {half}e halfjaar")
    today = today or timezone.localdate()
    if not period.is_over(today):
        raise ValidationError(
            {
                "halfjaar": f"Het halfjaar {year}-{half} loopt nog (tot en met "
                f"{period.last:%d-%m-%Y}). De CBS-levering kan pas na afloop worden gemaakt."
            }
        )
    return period


def months_of_year(year: int, months: int, *, today: date | None = None) -> Period:
    """The first `months` months of `year` (the 4- and 8-month reports, R-INF-2). A report over
    months that have not all passed is refused."""
    if months not in (4, 8):
        raise ValidationError({"maanden": "Kies de rapportage na 4 of na 8 maanden."})
    if not 2000 <= year <= 2100:
        raise ValidationError({"jaar": "Dat jaar ligt buiten 2000–2100."})
    first = date(year, 1, 1)
    period = Period(
        first, add_months(first, months) - timedelta(days=1), f"januari–{_MONTH[months]} {year}"
    )
    today = today or timezone.localdate()
    if not period.is_over(today):
        raise ValidationError(
            {
                "jaar": f"De periode januari–{_MONTH[months]} {year} is nog niet voorbij (tot en "
                f"met {period.last:%d-%m-%Y})."
            }
        )
    return period


_MONTH = {4: "april", 8: "augustus"}


def between(first: date, last: date) -> Period:
    if last < first:
        raise ValidationError({"tot": "De einddatum ligt vóór de begindatum."})
    if (last - first).days > 3 * 366:
        raise ValidationError({"tot": "Kies een periode van hoogstens drie jaar."})
    return Period(first, last, f"{first:%d-%m-%Y} t/m {last:%d-%m-%Y}")
