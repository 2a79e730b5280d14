"""The reports waiting for their safety assessment (R-WL-2), as the dashboard and the municipality
report count them: grouped in the database by the day a report came in and the day it was
assessed, so Python reads a few hundred flows instead of every report.

A report's assessment is the first assessment deadline of its case ended at or after it came in;
a report without one is still waiting. The day of it is kept on the report (`Report.assessed_on`,
by `reports.assessed`), so the waiting reports are an indexed range: still waiting, or assessed
on or after the first day asked about.
"""

from collections import defaultdict
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from zicht.organisation.models import Municipality
from zicht.reporting.localday import LocalDate
from zicht.reporting.volumes import REGION, area_of
from zicht.reports.models import Report
from zicht.screening.forecast import Flow


def _midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def flows(
    since: date, until: date, *, municipality: Municipality | None = None, per_area: bool = False
) -> dict[Any, list[Flow]]:
    """The reports that were waiting at some moment from `since` through `until`, as flows:
    {REGION: [...]} and, with `per_area`, also {municipality id (None: unknown): [...]}."""
    reports: QuerySet[Report] = Report.objects.filter(
        Q(assessed_on__isnull=True) | Q(assessed_on__gte=since),
        received_at__lt=_midnight(until + timedelta(days=1)),
    )
    if municipality is not None or per_area:
        reports = reports.annotate(area=area_of("case"))
    if municipality is not None:
        # By name: the type checker does not see the annotation as a field.
        reports = reports.filter(**{"area": municipality.pk})
    rows = (
        reports.annotate(received_on=LocalDate("received_at"))
        .order_by()
        .values_list(*(("area",) if per_area else ()), "received_on", "assessed_on")
        .annotate(n=Count("pk"))
    )
    found: dict[Any, list[Flow]] = defaultdict(list)
    for *area, received, assessed_on, n in rows:
        flow = Flow(received, assessed_on, n)
        found[REGION].append(flow)
        if per_area:
            found[area[0]].append(flow)
    return found
