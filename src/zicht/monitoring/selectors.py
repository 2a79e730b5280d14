"""Reads of monitoring, always through a case the user may see (the case page and the forms
get the case from `cases.selectors.case_get_for_user`, which logs the read)."""

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from zicht.cases.deadlines import Status, with_status
from zicht.cases.models import Case, Deadline, HolderType, ResponsibilityPeriod
from zicht.cases.services import deadline_subject
from zicht.handover.models import Handover, HandoverStatus
from zicht.monitoring.models import MonitoringCheck, MonitoringMoment, MonitoringPlan
from zicht.organisation.models import PartnerAgency


def holding_partner(case: Case) -> PartnerAgency | None:
    """The partner that holds responsibility for safety now, if one does: during monitoring it
    gets the letters and its view is part of each check (R-MON-3)."""
    period = (
        ResponsibilityPeriod.objects.filter(case=case, ended_at__isnull=True)
        .select_related("partner")
        .first()
    )
    if period is None or period.holder_type != HolderType.PARTNER:
        return None
    return period.partner


def handed_over_agreements(case: Case) -> str:
    """The monitoring agreements of the case's latest warm handover the partner accepted: the
    plan starts from what was agreed there (R-HO-3 warm, R-MON-2)."""
    handover = (
        Handover.objects.filter(case=case, status=HandoverStatus.ACCEPTED)
        .exclude(monitoring_agreements="")
        .order_by("-accepted_at", "-pk")
        .first()
    )
    return handover.monitoring_agreements if handover else ""


def plan_of_case(*, case: Case, plan_id: int) -> MonitoringPlan | None:
    return MonitoringPlan.objects.filter(case=case, pk=plan_id).first()


@dataclass(frozen=True)
class MomentRow:
    moment: MonitoringMoment
    status: str  # a deadline status (cases.deadlines.Status)
    check: MonitoringCheck | None

    @property
    def status_label(self) -> str:
        return Status(self.status).label


@dataclass(frozen=True)
class PlanView:
    plan: MonitoringPlan
    moments: list[MomentRow]
    checks: list[MonitoringCheck]

    @property
    def missed(self) -> list[MomentRow]:
        return [row for row in self.moments if row.status == Status.OVERDUE]


def plans_of_case(*, case: Case, today: date | None = None) -> list[PlanView]:
    """Each plan of the case, newest first, with its moments (each with its obligation's
    status) and its checks with their conditions and contacts."""
    today = today or timezone.localdate()
    plans = list(MonitoringPlan.objects.filter(case=case).select_related("created_by"))
    if not plans:
        return []
    moments = list(
        MonitoringMoment.objects.filter(plan__in=plans)
        .select_related("deadline")
        .order_by("due", "pk")
    )
    moment_deadlines = Deadline.objects.filter(case=case, subject__startswith="monitoringmoment:")
    statuses = dict(
        with_status(moment_deadlines, today).values_list("subject", "status")  # type: ignore[misc]
    )
    checks = list(
        MonitoringCheck.objects.filter(plan__in=plans)
        .select_related("recorded_by", "moment")
        .prefetch_related("conditions__condition", "contacts__member__person")
    )
    by_moment = {check.moment_id: check for check in checks if check.moment_id}
    return [
        PlanView(
            plan=plan,
            moments=[
                MomentRow(
                    moment=m,
                    status=statuses.get(deadline_subject(m), Status.ON_TIME),
                    check=by_moment.get(m.pk),
                )
                for m in moments
                if m.plan_id == plan.pk
            ],
            checks=[c for c in checks if c.plan_id == plan.pk],
        )
        for plan in plans
    ]
