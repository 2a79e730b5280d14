"""Reads for the informing panel and API: per report of a case, what the reporter and the
household were told, and the deadlines that hold it (R-TRI-7, R-TRI-8). The case itself is
fetched (scoped, logged) through `cases.selectors.case_get_for_user` by the caller."""

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from zicht.cases.deadlines import with_status
from zicht.cases.models import Case, Deadline
from zicht.informing.models import HouseholdInforming, ReporterContact, ReporterUpdate
from zicht.reports.models import Report


@dataclass(frozen=True)
class ReportInforming:
    report: Report
    contact: ReporterContact | None
    household: HouseholdInforming | None
    update: ReporterUpdate | None


@dataclass(frozen=True)
class CaseInforming:
    reports: list[ReportInforming]
    contact_deadline: Deadline | None
    update_deadline: Deadline | None


def _latest(case: Case, kind: str, today: date) -> Deadline | None:
    """The open deadline of the kind, or else the last one met."""
    rows = with_status(Deadline.objects.filter(case=case, kind=kind), today)
    open_row = rows.filter(met_at__isnull=True).order_by("due").first()
    return open_row or rows.order_by("-met_at", "-started_on").first()


def informing_for_case(*, case: Case, today: date | None = None) -> CaseInforming:
    """A fixed number of queries, however many reports the case has."""
    today = today or timezone.localdate()
    reports = list(Report.objects.filter(case=case).order_by("received_at", "pk"))
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
                contact=contacts.get(report.pk),
                household=households.get(report.pk),
                update=updates.get(report.pk),
            )
            for report in reports
        ],
        contact_deadline=_latest(case, "reporter_contact", today),
        update_deadline=_latest(case, "reporter_update", today),
    )


def report_of_case(*, case: Case, report_id: int) -> Report | None:
    return Report.objects.filter(case=case, pk=report_id).select_related("case").first()
