"""Every read of cases, scoped to the user. Out of scope answers 404, the same as missing."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, cast

from django.core.cache import cache
from django.db.models import Case as Choose
from django.db.models import (
    Count,
    IntegerField,
    Q,
    QuerySet,
    Value,
    When,
)
from django.utils import timezone
from django.utils.formats import date_format

from zicht.accounts.models import Team, User
from zicht.accounts.policy import Action, can
from zicht.audit.history import HistoryEntry, change_history
from zicht.audit.models import AccessEvent, Channel
from zicht.audit.services import (
    access_log_record,
    access_log_record_cases,
    access_log_record_shown,
)
from zicht.cases.deadlines import Status, label_of, with_status
from zicht.cases.models import (
    Case,
    Deadline,
    EmergencyAccess,
    HolderType,
    PhaseChange,
    ResponsibilityPeriod,
    TimelineEvent,
    case_url,
)
from zicht.cases.timeline_kinds import label as timeline_kind_label
from zicht.cases.workflow import ACTIVE_PHASES, Phase
from zicht.cases.worklist_signals import WorklistSignal, signals_for
from zicht.core.errors import NotFound
from zicht.people.models import HouseholdMember


def case_get_for_user(
    *, user: User, number: str, channel: Channel = Channel.HTML, resource: str = ""
) -> Case:
    """The case with this number if the user may see it; logs the read (R-PRIV-3)."""
    case = (
        Case.objects.visible_to(user)
        .select_related("household", "team", "worker", "municipality")
        .filter(number=number)
        .first()
    )
    if case is None:
        raise NotFound
    access_log_record(
        user=user,
        event=AccessEvent.READ,
        channel=channel,
        person_ids=case.person_ids(),
        case=case,
        resource=resource,
    )
    return case


def case_exists(*, number: str) -> bool:
    return Case.objects.filter(number=number.strip()).exists()


def cases_shown_log(
    *, user: User, cases: Sequence[Case], channel: Channel, resource: str, detail: str
) -> None:
    """Logs a list of cases that shows each case's household (its name is its members' name):
    one read per member of each household shown, with the case, as opening the case logs it,
    and the case alone where its household has no members (R-PRIV-3, issue 17.5). The members
    of the whole page in one query; the log dedupes what the request logged before."""
    members: dict[int, list[int | None]] = {}
    for household_id, person_id in (
        HouseholdMember.objects.filter(household_id__in={case.household_id for case in cases})
        .values_list("household_id", "person_id")
        .order_by("household_id", "person_id")
    ):
        members.setdefault(household_id, []).append(person_id)
    access_log_record_shown(
        user=user,
        event=AccessEvent.READ,
        channel=channel,
        shown=[
            (person_id, case)
            for case in cases
            for person_id in members.get(case.household_id) or [None]
        ],
        resource=resource,
        detail=detail,
    )


def cases_visible_to(*, user: User) -> QuerySet[Case]:
    return Case.objects.visible_to(user).select_related("team", "worker").order_by("-opened_at")


def responsible_at(*, case: Case, moment: datetime) -> ResponsibilityPeriod | None:
    """Who held responsibility for safety at that moment (R-ZOV-1): one query."""
    return (
        ResponsibilityPeriod.objects.filter(case=case, started_at__lte=moment)
        .filter(Q(ended_at__isnull=True) | Q(ended_at__gt=moment))
        .select_related("team", "worker", "partner")
        .order_by("-started_at", "-id")
        .first()
    )


def responsibility_ledger(*, case: Case) -> QuerySet[ResponsibilityPeriod]:
    return (
        ResponsibilityPeriod.objects.filter(case=case)
        .select_related("team", "worker", "partner", "created_by")
        .order_by("-started_at", "-id")
    )


def timeline(*, case: Case, kind: str = "") -> QuerySet[TimelineEvent]:
    events = TimelineEvent.objects.filter(case=case).select_related("actor").order_by("-at", "-id")
    return events.filter(kind=kind) if kind else events


def timeline_kinds(*, case: Case) -> list[tuple[str, str]]:
    """The kinds of event on this case as (code, Dutch name), by name, for the timeline filter."""
    codes = set(TimelineEvent.objects.filter(case=case).values_list("kind", flat=True))
    return sorted(((code, timeline_kind_label(code)) for code in codes), key=lambda kind: kind[1])


def phase_history(*, case: Case) -> QuerySet[PhaseChange]:
    return PhaseChange.objects.filter(case=case).select_related("by").order_by("-at", "-id")


def own_involvement_since(*, case: Case) -> datetime | None:
    """When VT's own involvement (conditions & follow-up or investigation) began in the case's
    current run — since it was last reopened —, or None when there was none. After it,
    monitoring always follows (R-MON-1)."""
    changes = PhaseChange.objects.filter(case=case)
    reopened = changes.filter(from_phase=Phase.CLOSED).order_by("-at", "-pk").first()
    if reopened is not None:
        changes = changes.filter(at__gte=reopened.at)
    first = (
        changes.filter(to_phase__in=(Phase.CONDITIONS, Phase.INVESTIGATION))
        .order_by("at", "pk")
        .first()
    )
    return first.at if first is not None else None


def case_deadlines(*, case: Case, today: date | None = None) -> QuerySet[Deadline]:
    return with_status(Deadline.objects.filter(case=case), today or timezone.localdate()).order_by(
        "met_at", "due"
    )


def open_deadlines(
    *,
    deadlines: QuerySet[Deadline],
    phase: str = "",
    kind: str = "",
    status: str = "",
    today: date | None = None,
) -> QuerySet[Deadline]:
    """The open deadlines of active cases among `deadlines` (a worker's or a team's, see
    `my_deadlines`/`team_deadlines`), nearest first, with their status annotated in the query
    (R-DL-3), so a worklist page costs the same for 5 rows or 50. The current holder of each
    row's case is added to the rows of the page shown, by `worklist_page_read`."""
    rows = deadlines.filter(met_at__isnull=True, case_active=True)
    if phase:
        rows = rows.filter(case__phase=phase)
    if kind:
        rows = rows.filter(kind=kind)
    rows = with_status(rows, today or timezone.localdate())
    if status:
        rows = rows.filter(status=status)  # type: ignore[misc]  # annotated above
    # Within a due date, in the order the cases were registered (their ids; the same as number
    # order but for a case registered later with an earlier year's date): the order of the
    # partial indexes on (team, due, case) and (worker, due, case), so a page is the first
    # entries of one index scan. `worklist_page_read` reads the page's cells as values.
    return rows.order_by("due", "case_id")


def my_cases(*, user: User) -> QuerySet[Case]:
    """The active cases assigned to the user (always within their scope, so of
    `Case.objects.visible_to` only its rights check is needed)."""
    if not can(user, Action.VIEW_CLIENT_DATA):
        return Case.objects.none()
    return Case.objects.filter(worker=user, phase__in=ACTIVE_PHASES)


def my_deadlines(*, user: User) -> QuerySet[Deadline]:
    """The deadlines of the cases assigned to the user ("Mijn werk"), by the worker copied onto
    each deadline: read from the (worker, due) index without joining the cases."""
    if not can(user, Action.VIEW_CLIENT_DATA):
        return Deadline.objects.none()
    return Deadline.objects.filter(worker=user)


def led_teams(*, user: User) -> QuerySet[Team]:
    if not can(user, Action.LEAD_TEAM):
        return Team.objects.none()
    return Team.objects.filter(members=user).order_by("name")


def _team_ids(teams: QuerySet[Team]) -> list[int]:
    """The ids as literals rather than a subquery, so the planner can use the partial indexes on
    (team, …) with what it knows of each team's size. Read by iterating the queryset: its result
    cache then serves every later use on the same page (a leader leads one team or a few)."""
    return [team.pk for team in teams]


def team_cases(*, teams: QuerySet[Team]) -> QuerySet[Case]:
    return Case.objects.filter(team__in=_team_ids(teams), phase__in=ACTIVE_PHASES)


def team_deadlines(*, teams: QuerySet[Team]) -> QuerySet[Deadline]:
    """The deadlines of the teams' cases, by the team copied onto each deadline."""
    return Deadline.objects.filter(team__in=_team_ids(teams))


# The checks of a monitored family (R-MON-2): one overdue is a family nobody looked at in time.
MONITORING_CHECKS = ("monitoring_3_months", "monitoring_12_months", "monitoring_agreed")


@dataclass(frozen=True)
class MissedKind:
    kind: str
    label: str
    count: int


def missed_monitoring_checks(
    *, teams: QuerySet[Team], today: date | None = None
) -> list[MissedKind]:
    """Per kind of monitoring check, how many of the teams' active cases passed one without it
    (R-MON-2, R-MON-4): the team leader's signal."""
    today = today or timezone.localdate()
    counts = dict(
        team_deadlines(teams=teams)
        .filter(kind__in=MONITORING_CHECKS, met_at__isnull=True, case_active=True, due__lt=today)
        .values("kind")
        .annotate(n=Count("pk"))
        .values_list("kind", "n")
    )
    return [
        MissedKind(kind, label_of(kind), counts[kind])
        for kind in MONITORING_CHECKS
        if counts.get(kind)
    ]


def _per_worker(counts: dict[int, int]) -> Any:
    """A literal per user id, so counts made by a grouped query can be ordered on in SQL."""
    if not counts:
        return Value(0)
    whens = [When(pk=pk, then=Value(n)) for pk, n in counts.items()]
    return Choose(*whens, default=Value(0), output_field=IntegerField())


def caseload_per_worker(*, teams: QuerySet[Team], today: date | None = None) -> QuerySet[User]:
    """Per team member: active cases, open deadlines and overdue ones (R-WL-3).

    Counted per worker by two grouped queries (cases from the case table, open deadlines from
    the (team, worker, due) index on the deadlines' copies), then attached to the members as
    values; a fixed number of queries, however large the team. (One query joining users, cases
    and deadlines needs COUNT(DISTINCT …): three to four times slower for a team with 30,000
    cases.)
    """
    today = today or timezone.localdate()
    team_ids = _team_ids(teams)
    active = Q(team__in=team_ids, phase__in=ACTIVE_PHASES, worker__isnull=False)
    cases = dict(
        Case.objects.filter(active).order_by().values_list("worker").annotate(n=Count("pk"))
    )
    deadlines = (
        Deadline.objects.filter(
            met_at__isnull=True, case_active=True, team__in=team_ids, worker__isnull=False
        )
        .order_by()
        .values_list("worker")
        .annotate(open=Count("pk"), overdue=Count("pk", filter=Q(due__lt=today)))
    )
    open_deadlines, overdue = {}, {}
    for worker_id, open_count, overdue_count in deadlines:
        open_deadlines[worker_id], overdue[worker_id] = open_count, overdue_count
    members = Team.members.through.objects.filter(team__in=team_ids).values("user")
    return (
        User.objects.filter(pk__in=members, is_active=True)
        .annotate(
            active_cases=_per_worker(cases),
            open_deadlines=_per_worker(open_deadlines),
            overdue=_per_worker(overdue),
        )
        .order_by("-active_cases", "full_name")
    )


def unassigned_count(*, teams: QuerySet[Team]) -> int:
    return team_cases(teams=teams).filter(worker__isnull=True).count()


CASELOAD_SECONDS = 60


@dataclass(frozen=True)
class WorkerLoad:
    full_name: str
    role_label: str
    active_cases: int
    open_deadlines: int
    overdue: int


@dataclass(frozen=True)
class TeamCaseload:
    workers: list[WorkerLoad]
    unassigned: int
    counted_at: datetime
    # Names this count: the team page caches its rendered table under it (a team of 40
    # workers costs a few ms to render), so a recount shows at once.
    key: str = ""


def team_caseload(*, teams: QuerySet[Team]) -> TeamCaseload:
    """The caseload table of the team page (R-WL-3), counted at most once a minute per team set.

    Counting a team of 30,000 cases and 70,000 open deadlines costs 50-60 ms however it is
    indexed; a team leader steering on overload needs figures of the last minute, not of this
    millisecond, so the page shows when they were counted and a reload after a minute recounts.
    The worklist rows below it are always live.
    """
    today = timezone.localdate()
    key = f"zicht:caseload:{','.join(map(str, _team_ids(teams)))}:{today.isoformat()}"
    cached = cache.get(key)
    if cached is not None:
        return cast(TeamCaseload, cached)
    caseload = TeamCaseload(
        workers=[
            WorkerLoad(
                full_name=user.full_name,
                role_label=user.get_role_display(),
                active_cases=user.active_cases,  # type: ignore[attr-defined]
                open_deadlines=user.open_deadlines,  # type: ignore[attr-defined]
                overdue=user.overdue,  # type: ignore[attr-defined]
            )
            for user in caseload_per_worker(teams=teams, today=today)
        ],
        unassigned=unassigned_count(teams=teams),
        counted_at=(now := timezone.now()),
        key=f"{key}:{now.timestamp()}",
    )
    cache.set(key, caseload, CASELOAD_SECONDS)
    return caseload


def emergency_accesses_for_leader(
    *, user: User, teams: QuerySet[Team] | None = None
) -> QuerySet[EmergencyAccess]:
    """Emergency access to the leader's teams' cases, or by their team members (R-PRIV-3).
    `teams`: the leader's teams (`led_teams`) when the caller has them already."""
    team_ids = _team_ids(led_teams(user=user) if teams is None else teams)
    members = Team.members.through.objects.filter(team__in=team_ids).values("user")
    return (
        # A member in two of the teams would repeat rows through a join: a subquery does not.
        EmergencyAccess.objects.filter(Q(case__team__in=team_ids) | Q(user__in=members))
        .select_related("case", "user", "case__team")
        .order_by("-at")
    )


@dataclass(frozen=True, slots=True)
class CaseRef:
    """A case as the access log names it."""

    pk: int
    number: str


@dataclass(frozen=True, slots=True)
class WorklistRow:
    """One open deadline as a worklist shows it, every cell ready to print."""

    due_label: str
    status: str
    status_label: str
    kind_label: str
    case_number: str
    case_url: str
    phase_label: str
    worker_name: str
    holder_label: str
    signals: tuple[WorklistSignal, ...] = ()


def worklist_page_read(*, user: User, deadlines: Any, resource: str) -> list[WorklistRow]:
    """The rows of one worklist page, each with its case's current holder (R-ZOV-1), and one
    access-log entry per case shown (R-PRIV-3: a worklist shows case numbers and holders).

    The holders come from the cases' open periods in one query for the page (exactly one open
    period per case, a unique index guarantees it): joined or as subqueries in the page's query
    they cost more to plan and compile than to run. The rows are read as values and their
    cells prepared here: for a page of 50 rows, model instances for each deadline, case and
    worker and the template's conditions and filters cost more than the queries."""
    values = list(deadlines.values("kind", "due", "status", "case_id", *_CASE_VALUES))
    holders: dict[int, dict[str, Any]] = {
        period["case_id"]: dict(period)
        for period in ResponsibilityPeriod.objects.filter(
            case__in={row["case_id"] for row in values}, ended_at__isnull=True
        ).values("case_id", "holder_type", "partner__name", "worker__full_name")
    }
    signals = signals_for({row["case_id"] for row in values})
    due_labels: dict[date, str] = {}  # rows share due dates
    rows = []
    for row in values:
        due = row["due"]
        if due not in due_labels:
            due_labels[due] = date_format(due)  # DATE_FORMAT, as the `date` filter would
        rows.append(
            WorklistRow(
                due_label=due_labels[due],
                status=row["status"],
                status_label=str(Status(row["status"]).label),
                kind_label=label_of(row["kind"]),
                case_number=row["case__number"],
                case_url=case_url(row["case__number"]),
                phase_label=str(Phase(row["case__phase"]).label),
                worker_name=row["case__worker__full_name"] or "",
                holder_label=_worklist_holder(holders.get(row["case_id"])),
                signals=signals.get(row["case_id"], ()),
            )
        )
    access_log_record_cases(
        user=user,
        event=AccessEvent.READ,
        channel=Channel.HTML,
        cases=list(
            {
                row["case_id"]: CaseRef(row["case_id"], row["case__number"]) for row in values
            }.values()
        ),
        resource=resource,
        detail="werklijst",
    )
    return rows


_CASE_VALUES = ("case__number", "case__phase", "case__worker__full_name")


def _worklist_holder(period: dict[str, Any] | None) -> str:
    """Who holds responsibility, as a worklist row says it (the case page says more)."""
    if period is None:
        return "—"
    if period["holder_type"] == HolderType.VT:
        worker = period["worker__full_name"]
        return f"Veilig Thuis ({worker})" if worker else "Veilig Thuis"
    if period["holder_type"] == HolderType.PARTNER:
        return str(period["partner__name"])
    return str(HolderType(period["holder_type"]).label)


def case_history(*, case: Case) -> list[HistoryEntry]:
    """Who changed the case record itself (team, worker, phase…), newest first."""
    records = list(case.history.select_related("history_user").order_by("history_date", "pk"))
    team_ids = {r.team_id for r in records}
    user_ids = {r.worker_id for r in records if r.worker_id}
    teams = dict(Team.objects.filter(pk__in=team_ids).values_list("pk", "name"))
    users = dict(User.objects.filter(pk__in=user_ids).values_list("pk", "full_name"))

    def display(name: str, value: Any) -> str:
        if value in (None, ""):
            return "—"
        if name == "team":
            return teams.get(value, str(value))
        if name == "worker":
            return users.get(value, str(value))
        if name == "phase":
            return str(Phase(value).label)
        if isinstance(value, datetime):
            return date_format(timezone.localtime(value), "DATETIME_FORMAT")
        return str(value)

    # A save that only raised the version (e.g. a responsibility transfer) changed nothing visible.
    return [e for e in change_history(records, Case, display) if e.changes or e.kind != "Gewijzigd"]
