"""The reports waiting for their safety assessment (R-WL-2), as the dashboard and the municipality
report count them: grouped in the database by the day a report came in and the day it was
assessed, so Python reads a few hundred flows instead of every report.

A report's assessment is the first assessment deadline of its case met at or after it came in; a
report without one is still waiting.
"""

from collections import defaultdict
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Count, Min, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import TruncDate
from django.utils import timezone

from zicht.cases.models import Deadline
from zicht.organisation.models import Municipality
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
    assessed = Deadline.objects.filter(
        case=OuterRef("case"), kind="assessment", met_at__gte=OuterRef("received_at")
    )
    reports: QuerySet[Report] = Report.objects.filter(
        received_at__lt=_midnight(until + timedelta(days=1))
    )
    if municipality is not None or per_area:
        reports = reports.annotate(area=area_of("case"))
    if municipality is not None:
        # By name: the type checker does not see the annotation as a field.
        reports = reports.filter(**{"area": municipality.pk})
    rows = (
        reports.annotate(
            assessed=Subquery(
                assessed.order_by().values("case").annotate(first=Min("met_at")).values("first")[:1]
            )
        )
        # Not `exclude(assessed__lt=…)`: NOT (NULL < x) is NULL, which would drop the waiting.
        .filter(Q(assessed__isnull=True) | Q(assessed__gte=_midnight(since)))
        .annotate(received_on=TruncDate("received_at"), assessed_on=TruncDate("assessed"))
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
