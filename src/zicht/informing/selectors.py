"""Reads for the informing panel and API: per report of a case, what the reporter and the
household were told, and the deadlines that hold it (R-TRI-7, R-TRI-8). The case itself is
fetched (scoped, logged) through `cases.selectors.case_get_for_user` by the caller."""

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from zicht.cases.deadlines import with_status
from zicht.cases.models import Case, Deadline
from zicht.cases.services import deadline_subject
from zicht.informing.models import HouseholdInforming, ReporterContact, ReporterUpdate
from zicht.reports.models import Report


@dataclass(frozen=True)
class ReportInforming:
    report: Report
    contact_deadline: Deadline | None  # this report's own (R-TRI-7: each reporter contacted)
    contact: ReporterContact | None
    household: HouseholdInforming | None
    update: ReporterUpdate | None


@dataclass(frozen=True)
class CaseInforming:
    reports: list[ReportInforming]
    contact_deadline: Deadline | None  # the case's most urgent, or else the last ended
    update_deadline: Deadline | None

    def of_report(self, report: Report) -> ReportInforming | None:
        return next((item for item in self.reports if item.report.pk == report.pk), None)


def _latest(rows: list[Deadline]) -> Deadline | None:
    """The most urgent open deadline among `rows`, or else the one that ended last."""
    open_rows = [row for row in rows if row.met_at is None]
    if open_rows:
        return min(open_rows, key=lambda row: (row.due, row.pk))
    return max(rows, key=lambda row: (row.met_at, row.started_on, row.pk), default=None)


def _deadlines(case: Case, today: date) -> dict[str, list[Deadline]]:
    """The case's reporter-contact and reporter-update deadlines, by kind, in one query."""
    kinds: dict[str, list[Deadline]] = {"reporter_contact": [], "reporter_update": []}
    rows = Deadline.objects.filter(case=case, kind__in=kinds)
    for deadline in with_status(rows, today):
        kinds[deadline.kind].append(deadline)
    return kinds


def informing_for_case(*, case: Case, today: date | None = None) -> CaseInforming:
    """A fixed number of queries, however many reports the case has."""
    today = today or timezone.localdate()
    reports = list(Report.objects.filter(case=case).order_by("received_at", "pk"))
    deadlines = _deadlines(case, today)
    contact_deadlines = deadlines["reporter_contact"]
    contacts = {
        c.report_id: c
        for c in ReporterContact.objects.filter(case=case).select_related("contacted_by")
    }
    households = {
        h.report_id: h
        for h in HouseholdInforming.objects.filter(case=case)
        .select_related("informed_by")
        .prefetch_related("letters")
    }
    updates = {
        u.report_id: u
        for u in ReporterUpdate.objects.filter(case=case)
        .select_related("informed_by")
        .prefetch_related("partners")
    }
    return CaseInforming(
        reports=[
            ReportInforming(
                report=report,
                contact_deadline=_latest(
                    [d for d in contact_deadlines if d.subject == deadline_subject(report)]
                ),
                contact=contacts.get(report.pk),
                household=households.get(report.pk),
                update=updates.get(report.pk),
            )
            for report in reports
        ],
        contact_deadline=_latest(contact_deadlines),
        update_deadline=_latest(deadlines["reporter_update"]),
    )


def report_of_case(*, case: Case, report_id: int) -> Report | None:
    return Report.objects.filter(case=case, pk=report_id).select_related("case").first()
