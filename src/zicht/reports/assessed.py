"""Each report's assessment day, kept on the report (R-WL-2).

A report is assessed by the first assessment deadline of its case that ended (met, or lapsed) at
or after the report came in; until then it waits. The waiting list (the dashboard, the
municipality report) counts reports by that day. Finding it per report with a subquery over the
case's deadlines cost seconds at national scale, so `Report.assessed_on` holds it, as a local day.

It is kept here, not in `cases.services`, because the cases app sits below the reports app and
does not know reports. Every save or delete of an assessment deadline (whichever path meets,
lapses, creates or removes it: `cases.services.deadline_meet`, `deadlines_lapse`, the demo, a
test writing rows) and every save of a report recomputes the assessment day of the reports of
that case: a few rows, two queries. Bulk writes that bypass `save()` call `refresh` themselves.
"""

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from zicht.cases.models import Deadline
from zicht.reports.models import Report

KIND = "assessment"
BATCH = 500  # case ids per query: well under SQLite's limit of bound parameters


def assessed_on(received_at: datetime, ended: Iterable[datetime]) -> date | None:
    """The local day of the first of `ended` (the moments the case's assessment deadlines ended)
    at or after `received_at`; None while there is none: the report waits."""
    first = min((moment for moment in ended if moment >= received_at), default=None)
    return timezone.localdate(first, timezone.get_default_timezone()) if first else None


def refresh(case_ids: Iterable[int]) -> int:
    """Recomputes `assessed_on` of every report of these cases; returns how many changed.
    Written with `update()`: no history entry, no signal, nothing else touched."""
    ids = sorted(set(case_ids))
    changed = 0
    for offset in range(0, len(ids), BATCH):
        batch = ids[offset : offset + BATCH]
        ended: dict[int, list[datetime]] = defaultdict(list)
        for case_id, moment in Deadline.objects.filter(
            case_id__in=batch, kind=KIND, met_at__isnull=False
        ).values_list("case_id", "met_at"):
            if moment is not None:  # filtered: for the type checker
                ended[case_id].append(moment)
        to_set: dict[date | None, list[int]] = defaultdict(list)
        for pk, case_id, received_at, stored in Report.objects.filter(
            case_id__in=batch
        ).values_list("pk", "case_id", "received_at", "assessed_on"):
            day = assessed_on(received_at, ended.get(case_id, ()))
            if day != stored:
                to_set[day].append(pk)
        for day, pks in to_set.items():
            for start in range(0, len(pks), BATCH):
                changed += Report.objects.filter(pk__in=pks[start : start + BATCH]).update(
                    assessed_on=day
                )
    return changed


def _deadline_changed(sender: Any, instance: Deadline, **kwargs: Any) -> None:
    if instance.kind == KIND:
        refresh([instance.case_id])


def _report_saved(sender: Any, instance: Report, **kwargs: Any) -> None:
    refresh([instance.case_id])


def connect() -> None:
    """Called once from the app's ready()."""
    post_save.connect(_deadline_changed, sender=Deadline, dispatch_uid="report_assessed_deadline")
    post_delete.connect(
        _deadline_changed, sender=Deadline, dispatch_uid="report_assessed_deadline_gone"
    )
    post_save.connect(_report_saved, sender=Report, dispatch_uid="report_assessed_report")
