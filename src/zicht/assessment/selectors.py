"""Reads for the safety assessment. The case itself is always fetched scoped and logged through
`cases.selectors.case_get_for_user` first; these read what hangs from it."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet

from zicht.accounts.models import User
from zicht.assessment.models import Assessment, Status
from zicht.audit.models import AccessEvent, Channel
from zicht.audit.services import access_log_record_cases
from zicht.cases.models import Case
from zicht.cases.workflow import Phase
from zicht.core.errors import NotFound
from zicht.reports.models import Report


def assessment_current(*, case: Case) -> Assessment | None:
    """The newest assessment of the case (the draft or submitted one, else the last confirmed)."""
    return (
        Assessment.objects.filter(case=case)
        .select_related("author", "confirmed_by", "returned_by")
        .order_by("-created_at", "-id")
        .first()
    )


def assessment_current_required(*, case: Case) -> Assessment:
    """The current assessment of a case the caller may see; 404 when it has none yet."""
    current = assessment_current(case=case)
    if current is None:
        raise NotFound(f"Dossier {case.number} heeft nog geen veiligheidsbeoordeling.")
    return current


def assessment_history(*, case: Case) -> QuerySet[Assessment]:
    return (
        Assessment.objects.filter(case=case, status=Status.CONFIRMED)
        .select_related("author", "confirmed_by")
        .order_by("-confirmed_at")
    )


def may_start_new(*, case: Case, current: Assessment | None) -> bool:
    """A new assessment starts when none is in progress and the case is (back) in assessment."""
    in_progress = current is not None and current.status != Status.CONFIRMED
    return case.phase == Phase.ASSESSMENT and not in_progress


@dataclass(frozen=True)
class EarlierReport:
    case_number: str
    case_phase: str
    received_at: datetime
    involvement: str
    violence: str
    visible: bool  # the user may open that case without emergency access


def earlier_reports(
    *, case: Case, user: User, channel: Channel = Channel.HTML, resource: str = ""
) -> list[EarlierReport]:
    """R-TRI-2 (a): reports at this VT about any of the household's persons, in other cases.

    Listed whatever team holds them (the assessment must weigh all of this VT's history); only
    the facts needed to weigh them are shown, and each case listed is logged as read."""
    persons = case.household.members.values("person")
    reports = list(
        Report.objects.filter(persons__person__in=persons)
        .exclude(case=case)
        .select_related("case")
        .distinct()
        .order_by("-received_at")[:50]
    )
    if not reports:
        return []
    visible = set(
        Case.objects.visible_to(user)
        .filter(pk__in={r.case_id for r in reports})
        .values_list("pk", flat=True)
    )
    access_log_record_cases(
        user=user,
        event=AccessEvent.READ,
        channel=channel,
        cases={r.case_id: r.case for r in reports}.values(),
        resource=resource,
        detail="eerdere meldingen bij de veiligheidsbeoordeling (R-TRI-2)",
    )
    return [
        EarlierReport(
            case_number=report.case.number,
            case_phase=str(Phase(report.case.phase).label),
            received_at=report.received_at,
            involvement=report.get_involvement_display(),
            violence=", ".join(_violence_labels(report.violence_types)),
            visible=report.case_id in visible,
        )
        for report in reports
    ]


def _violence_labels(codes: list[str]) -> list[str]:
    from zicht.reports.models import ViolenceType

    return [str(ViolenceType(code).label) for code in codes if code in ViolenceType.values]


def case_has_anonymous_report(*, case: Case) -> bool:
    return Report.objects.filter(case=case, anonymous_to_household=True).exists()


def latest_report(*, case: Case) -> Report | None:
    return Report.objects.filter(case=case).order_by("-received_at", "-id").first()
