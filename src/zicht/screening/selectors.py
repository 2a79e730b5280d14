"""Reads for the daily screening (R-WL-1) and the waiting list (R-WL-2).

A report is "not yet assessed" while its case has an open `assessment` deadline: the deadline
starts when the report is registered and is met when the assessment is confirmed.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models import Case as Choose
from django.utils import timezone

from zicht.accounts.models import User
from zicht.accounts.policy import Action, can
from zicht.audit.models import AccessEvent, Channel
from zicht.audit.services import access_log_record_cases
from zicht.calendar.models import ExtraNonWorkingDay
from zicht.calendar.workdays import add_working_days, working_days_between
from zicht.cases.models import Deadline
from zicht.core.errors import NotFound
from zicht.people.models import HouseholdMember, HouseholdRole
from zicht.reports.models import Report, ReportPerson, ViolenceType
from zicht.screening import forecast
from zicht.screening.models import Screening, WaitingListEscalation


def _open_deadline(kind: str) -> Exists:
    return Exists(Deadline.objects.filter(case=OuterRef("case"), kind=kind, met_at__isnull=True))


def unassessed_reports() -> QuerySet[Report]:
    return Report.objects.filter(_open_deadline("assessment"))


def _eighteen_years_before(today: date) -> date:
    try:
        return today.replace(year=today.year - 18)
    except ValueError:  # 29 February
        return today.replace(year=today.year - 18, day=28)


def _minor(prefix: str, today: date) -> Q:
    """Born after the day 18 years ago. A date known only by year (and month) counts as a minor
    when it could be one: for the order of screening, a possible child weighs as a child."""
    cutoff = _eighteen_years_before(today)
    year, month, day = (f"{prefix}birth_{part}" for part in ("year", "month", "day"))
    same_month = Q(**{month: cutoff.month}) & (
        Q(**{f"{day}__isnull": True}) | Q(**{f"{day}__gt": cutoff.day})
    )
    same_year = Q(**{year: cutoff.year}) & (
        Q(**{f"{month}__isnull": True}) | Q(**{f"{month}__gt": cutoff.month}) | same_month
    )
    return Q(**{f"{year}__gt": cutoff.year}) | same_year


def _children_involved(today: date) -> Any:
    child = Q(role=HouseholdRole.CHILD)
    in_report = ReportPerson.objects.filter(report=OuterRef("pk")).filter(
        child | _minor("person__", today)
    )
    in_household = HouseholdMember.objects.filter(household=OuterRef("case__household")).filter(
        child | _minor("person__", today)
    )
    return ExpressionWrapper(
        Q(Exists(in_report)) | Q(Exists(in_household)), output_field=BooleanField()
    )


def _scope(user: User) -> Q:
    """The user's teams' cases and the cases assigned to them, as in the worklists. Emergency
    access opens one case for a reason; it does not put that case on a daily list."""
    if not (can(user, Action.VIEW_CLIENT_DATA) and can(user, Action.ASSESS_SAFETY)):
        return Q(pk__in=[])
    team_ids = list(user.teams.values_list("pk", flat=True))
    return Q(case__team__in=team_ids) | Q(case__worker=user)


def screening_list(*, user: User, today: date | None = None) -> QuerySet[Report]:
    """Every report in the user's scope not yet assessed, riskiest first (R-WL-1): acute (the
    latest screening said direct danger, or a crisis intervention is open), then children
    involved, then the oldest. All columns are annotated in the one query."""
    today = today or timezone.localdate()
    last = Screening.objects.filter(report=OuterRef("pk")).order_by("-screened_on", "-pk")
    rows = unassessed_reports().filter(_scope(user))
    return (
        rows.annotate(
            last_screened_on=Subquery(last.values("screened_on")[:1]),
            last_screened_by=Subquery(last.values("screened_by__full_name")[:1]),
            last_acute=Subquery(last.values("acute")[:1]),
            crisis_open=_open_deadline("crisis_action"),
        )
        .annotate(
            # CASE WHEN rather than a bare OR: a report never screened has a NULL last_acute,
            # and NULL sorts first in PostgreSQL's descending order but last in SQLite's.
            acute=Choose(
                When(Q(last_acute=True) | Q(crisis_open=True), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
            children=_children_involved(today),
        )
        .select_related("case")
        .order_by("-acute", "-children", "received_at", "pk")
    )


def not_screened_on(rows: QuerySet[Report], day: date) -> QuerySet[Report]:
    """Of `screening_list`'s rows, those without a screening on `day` (never screened too)."""
    return rows.filter(Q(last_screened_on__isnull=True) | Q(last_screened_on__lt=day))


@dataclass(frozen=True)
class ScreeningRow:
    report: Any  # a Report with the annotations of `screening_list`
    days_waiting: int
    violence: list[str]
    screened_today: bool


_VIOLENCE = dict(ViolenceType.choices)


def screening_rows(reports: Iterable[Any], today: date) -> list[ScreeningRow]:
    """The page's rows with the working days waited; the extra non-working days are read once."""
    reports = list(reports)
    if not reports:
        return []
    oldest = min(timezone.localdate(r.received_at) for r in reports)
    extra = frozenset(
        ExtraNonWorkingDay.objects.filter(date__gt=oldest, date__lte=today).values_list(
            "date", flat=True
        )
    )
    return [
        ScreeningRow(
            report=r,
            days_waiting=max(
                working_days_between(timezone.localdate(r.received_at), today, extra=extra), 0
            ),
            violence=[str(_VIOLENCE.get(v, v)) for v in r.violence_types],
            screened_today=r.last_screened_on == today,
        )
        for r in reports
    ]


def log_screening_read(
    *, user: User, reports: Iterable[Report], resource: str, channel: Channel = Channel.HTML
) -> None:
    """The list shows case numbers and what happened to them: one read per case (R-PRIV-3)."""
    cases = {report.case_id: report.case for report in reports}
    access_log_record_cases(
        user=user,
        event=AccessEvent.READ,
        channel=channel,
        cases=cases.values(),
        resource=resource,
        detail="screeningslijst",
    )


def report_for_screening(*, user: User, report_id: int) -> Report:
    """A report the user may screen: in their scope (404 otherwise, as for an unknown id)."""
    report = (
        Report.objects.filter(_scope(user), pk=report_id)
        .select_related("case", "case__household")
        .first()
    )
    if report is None:
        raise NotFound
    return report


def is_unassessed(report: Report) -> bool:
    return Deadline.objects.filter(
        case_id=report.case_id, kind="assessment", met_at__isnull=True
    ).exists()


def screenings_of(*, report: Report) -> QuerySet[Screening]:
    return (
        Screening.objects.filter(report=report)
        .select_related("screened_by")
        .order_by("-screened_on", "-pk")
    )


# --- the waiting list (figures only, no client data) ------------------------------------------


@dataclass(frozen=True)
class WaitingList:
    today: date
    backlog: int
    per_team: list[tuple[str, int]]
    trend: list[tuple[date, int]]
    intake_rate: float
    assessment_rate: float
    days_to_clear: float | None
    signal: bool
    window_start: date  # the rates count the working days after this day, through today


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _flows(since: date) -> list[forecast.Flow]:
    """Every report that was in the backlog, came in or was assessed after `since`, in one
    query: the assessment that counts for a report is the first of its case met after it came
    in (a report joining a case with an open assessment shares that assessment)."""
    met = (
        Deadline.objects.filter(
            case=OuterRef("case"), kind="assessment", met_at__gte=OuterRef("received_at")
        )
        .order_by("met_at")
        .values("met_at")[:1]
    )
    rows = (
        Report.objects.annotate(assessed_at=Subquery(met), waiting=_open_deadline("assessment"))
        .filter(Q(assessed_at__gte=_start_of(since)) | Q(waiting=True))
        .values_list("received_at", "assessed_at", "waiting")
    )
    return [
        forecast.Flow(
            received=timezone.localdate(received),
            # A report still waiting counts as unassessed, whatever an older met deadline says.
            assessed=None if waiting or assessed is None else timezone.localdate(assessed),
        )
        for received, assessed, waiting in rows
    ]


def waiting_list(*, today: date | None = None) -> WaitingList:
    """The backlog per team and in total, its trend over 28 days, the rates over the last 20
    working days and the R-WL-2 signal. A fixed handful of queries, however many reports."""
    today = today or timezone.localdate()
    per_team = list(
        unassessed_reports()
        .order_by()
        .values_list("case__team__name")
        .annotate(n=Count("pk"))
        .order_by("case__team__name")
    )
    backlog = sum(n for _, n in per_team)
    window_start = add_working_days(today, -forecast.RATE_WINDOW_WORKING_DAYS)
    days = [today - timedelta(days=n) for n in range(forecast.TREND_DAYS - 1, -1, -1)]
    flows = _flows(min(window_start, days[0] - timedelta(days=1)))
    intake, assessed = forecast.rates(
        flows, window_start, today, working_days_between(window_start, today)
    )
    return WaitingList(
        today=today,
        backlog=backlog,
        per_team=per_team,
        trend=forecast.backlog_trend(flows, days),
        intake_rate=intake,
        assessment_rate=assessed,
        days_to_clear=forecast.days_to_clear(backlog, intake, assessed),
        signal=forecast.needs_escalation(backlog, intake, assessed),
        window_start=window_start,
    )


def escalations(*, limit: int = 20) -> QuerySet[WaitingListEscalation]:
    return WaitingListEscalation.objects.select_related("recorded_by")[:limit]


def screened_on(*, report: Report, day: date) -> bool:
    return Screening.objects.filter(report=report, screened_on=day).exists()
