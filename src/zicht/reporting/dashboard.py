"""The steering dashboard for team leaders and the board (issue 15 step 4): figures only.

Each chart is a `Chart`: a title, a table (the screen reader's version and the CSV) and its SVG.
Filters: a period and optionally one municipality (a record counts for its case's municipality,
else its household's). Caseload per worker (R-WL-3) is shown to a team leader for their own
teams; policy/control sees it per team, without names.
"""

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.apps import apps
from django.core.cache import cache
from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from zicht.accounts.models import Team, User
from zicht.accounts.policy import Action, can
from zicht.assessment.models import Assessment, Outcome, Status
from zicht.calendar.workdays import add_working_days, working_days_between
from zicht.cases.deadlines import label_of
from zicht.cases.models import Case, Deadline
from zicht.cases.selectors import team_caseload
from zicht.cases.workflow import ACTIVE_PHASES
from zicht.organisation.models import Municipality
from zicht.reporting import backlog as waiting
from zicht.reporting import charts
from zicht.reporting.localday import LocalDate
from zicht.reporting.periods import Period
from zicht.reporting.readonly import read_only
from zicht.reporting.volumes import REGION, area_of
from zicht.reports.models import CallerKind, Report, Sector
from zicht.screening import forecast

FORECAST_WEEKS = 3  # R-WL-2: can the backlog be cleared within 3 weeks?
CITIZEN = "Burger"
# Looked up by label, not imported: the dashboard works before and after that app lands.
INVESTIGATION = "investigation.Investigation"


@dataclass(frozen=True)
class Chart:
    slug: str
    title: str
    columns: tuple[str, ...]
    rows: list[list[Any]]
    svg: str
    note: str = ""


def _in_area(queryset: QuerySet[Any], municipality: Municipality | None, path: str = "case"):  # type: ignore[no-untyped-def]
    if municipality is None:
        return queryset
    return queryset.annotate(area=area_of(path)).filter(area=municipality.pk)


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _weeks(period: Period) -> list[date]:
    weeks, monday = [], _monday(period.first)
    while monday <= period.last:
        weeks.append(monday)
        monday += timedelta(days=7)
    return weeks


def _week_label(monday: date) -> str:
    return f"wk {monday.isocalendar().week} ({monday:%d-%m})"


def inflow(period: Period, municipality: Municipality | None) -> Chart:
    """Reports per week by source: the reporter's sector, or a citizen. Counted per local day in
    the database and added up per week here (the week as in the Netherlands: Monday to Sunday);
    a day, unlike `TruncWeek`, is native SQL on SQLite too."""
    rows = (
        _in_area(
            Report.objects.filter(received_at__gte=period.start, received_at__lt=period.end),
            municipality,
        )
        .annotate(day=LocalDate("received_at"))
        .order_by()
        .values_list("day", "contact__caller_kind", "contact__sector")
        .annotate(n=Count("pk"))
    )
    counted: dict[date, Counter[str]] = defaultdict(Counter)
    for day, kind, sector, n in rows:
        source = (
            CITIZEN
            if kind == CallerKind.CITIZEN
            else Sector(sector).label
            if sector
            else "Onbekend"
        )
        counted[_monday(day)][source] += n
    sources = [str(label) for label in Sector.labels if any(c[label] for c in counted.values())]
    sources += [s for s in (CITIZEN, "Onbekend") if any(c[s] for c in counted.values())]
    table = [
        [_week_label(week), *(counted[week][s] for s in sources), sum(counted[week].values())]
        for week in _weeks(period)
    ]
    svg = charts.bar_chart(
        "Staafdiagram: meldingen per week (totaal); de tabel geeft ze per bron.",
        [(row[0], row[-1]) for row in table],
    )
    return Chart(
        "instroom",
        "Instroom van meldingen per week, naar bron",
        ("Week", *sources, "Totaal"),
        table,
        svg,
    )


def backlog(period: Period, municipality: Municipality | None, today: date) -> Chart:
    """The backlog at each week's end, and after today its forecast for 3 weeks (R-WL-2) at the
    intake and assessment rates of the last 20 working days."""
    window_start = add_working_days(today, -forecast.RATE_WINDOW_WORKING_DAYS)
    flows = waiting.flows(
        min(period.first, window_start), max(period.last, today), municipality=municipality
    )[REGION]
    ends = [min(week + timedelta(days=6), period.last) for week in _weeks(period)]
    ends = [end for end in ends if end <= today]
    table: list[list[Any]] = [
        [f"{end:%d-%m-%Y}", n, ""] for end, n in forecast.backlog_trend(flows, ends)
    ]
    now = forecast.backlog_on(flows, today)
    intake, assessed = forecast.rates(
        flows, window_start, today, working_days_between(window_start, today)
    )
    for week in range(1, FORECAST_WEEKS + 1):
        expected = max(0.0, now + (intake - assessed) * 5 * week)
        table.append([f"{today + timedelta(weeks=week):%d-%m-%Y}", "", round(expected)])
    days = forecast.days_to_clear(now, intake, assessed)
    note = (
        "Niet binnen 3 weken weg te werken bij het huidige tempo: escaleren naar de regionale "
        "stuurgroep (R-WL-2)."
        if forecast.needs_escalation(now, intake, assessed)
        else "Binnen 3 weken weg te werken bij het huidige tempo."
    )
    if days is not None and now:
        note += f" Verwacht weggewerkt in {days:.0f} werkdagen."
    points = [(row[0][:5], row[1] if row[1] != "" else row[2]) for row in table]
    svg = charts.line_chart(
        "Lijndiagram: meldingen wachtend op beoordeling per week, de laatste 3 punten verwacht.",
        points,
    )
    return Chart(
        "wachtlijst",
        "Wachtlijst veiligheidsbeoordeling en verwachting voor 3 weken",
        ("Datum", "Wachtend", "Verwacht"),
        table,
        svg,
        note,
    )


def _months(period: Period) -> list[tuple[date, date]]:
    months, first = [], period.first.replace(day=1)
    while first <= period.last:
        nxt = (first + timedelta(days=32)).replace(day=1)
        months.append((max(first, period.first), min(nxt - timedelta(days=1), period.last)))
        first = nxt
    return months


DeadlineCounts = list[tuple[date, str, int, int, int, int, int]]


def deadline_counts(
    period: Period, municipality: Municipality | None, today: date
) -> DeadlineCounts:
    """The deadlines due in the period (lapsed left out), per due day and kind: (due, kind,
    counted, on time, late, open past due, open not yet due). Counted: met, or open past due
    (still open and not yet due is neither on time nor late). One scan of the deadlines for the
    deadlines chart and the monitoring chart."""
    met_on = LocalDate("met_at")
    return list(
        _in_area(
            Deadline.objects.filter(due__gte=period.first, due__lte=period.last, lapsed_reason=""),
            municipality,
        )
        .annotate(met_on=met_on)
        .order_by()
        .values_list("due", "kind")
        .annotate(
            counted=Count("pk", filter=Q(met_at__isnull=False) | Q(due__lt=today)),
            on_time=Count("pk", filter=Q(met_on__lte=F("due"))),
            late=Count("pk", filter=Q(met_on__gt=F("due"))),
            missed=Count("pk", filter=Q(met_at__isnull=True, due__lt=today)),
            coming=Count("pk", filter=Q(met_at__isnull=True, due__gte=today)),
        )
    )


def deadlines(
    period: Period,
    municipality: Municipality | None,
    today: date,
    counts: DeadlineCounts | None = None,
) -> Chart:
    """Per month and kind, the share of deadlines due that month met on time (lapsed left out).
    Counted per due day in the database (`deadline_counts`), added up per month here."""
    if counts is None:
        counts = deadline_counts(period, municipality, today)
    counted: dict[tuple[date, str], list[int]] = {}
    kinds: set[str] = set()
    months = _months(period)
    for due, kind, due_n, on_time, *_ in counts:
        if not due_n:  # only open ones not yet due
            continue
        # The first month starts on the period's first day, not on the 1st.
        figures = counted.setdefault((max(due.replace(day=1), period.first), kind), [0, 0])
        figures[0] += due_n
        figures[1] += on_time
        kinds.add(kind)
    ordered = sorted(kinds, key=label_of)

    def share(due: int, on_time: int) -> float | str:
        return round(100 * on_time / due, 1) if due else "—"

    table = []
    for first, _ in months:
        cells = [
            share(*counted[(first, kind)]) if (first, kind) in counted else "—" for kind in ordered
        ]
        total_due = sum(counted[(first, k)][0] for k in ordered if (first, k) in counted)
        total_on = sum(counted[(first, k)][1] for k in ordered if (first, k) in counted)
        table.append([f"{first:%m-%Y}", *cells, share(total_due, total_on)])
    svg = charts.line_chart(
        "Lijndiagram: percentage termijnen op tijd per maand, alle soorten samen.",
        [(row[0], row[-1]) for row in table],
    )
    return Chart(
        "termijnen",
        "Termijnen op tijd per soort, per maand (%)",
        ("Maand", *(label_of(k) for k in ordered), "Alle termijnen"),
        table,
        svg,
    )


def caseload(user: User, today: date) -> Chart:
    """R-WL-3: a team leader sees the caseload per worker of their teams; whoever else may see
    management information sees active cases per team, without names. Both counted at most once
    a minute: the leader's as on the team page (`team_caseload`), the teams' here."""
    if can(user, Action.LEAD_TEAM):
        with read_only():
            workers = team_caseload(teams=Team.objects.filter(members=user)).workers
        table = [[w.full_name, w.active_cases, w.open_deadlines, w.overdue] for w in workers]
        columns: tuple[str, ...] = ("Medewerker", "Actieve dossiers", "Open termijnen", "Te laat")
        title = "Caseload per medewerker van uw teams"
    else:
        table = _cached(f"zicht:dashboard:teams:{today.isoformat()}", _per_team)
        columns = ("Team", "Actieve dossiers", "Niet toegewezen")
        title = "Caseload per team"
    svg = charts.bar_chart(
        f"Staafdiagram: {title.lower()}, actieve dossiers.", [(r[0], r[1]) for r in table]
    )
    return Chart("caseload", title, columns, table, svg)


def _per_team() -> list[list[Any]]:
    per_team = (
        Case.objects.filter(phase__in=ACTIVE_PHASES)
        .order_by()
        .values_list("team__name")
        .annotate(n=Count("pk"), unassigned=Count("pk", filter=Q(worker__isnull=True)))
        .order_by("team__name")
    )
    return [[name, n, unassigned] for name, n, unassigned in per_team]


def outcomes(period: Period, municipality: Municipality | None) -> Chart:
    """Assessment outcomes (confirmed in the period) and investigation conclusions."""
    assessments = _in_area(
        Assessment.objects.filter(
            status=Status.CONFIRMED, confirmed_at__gte=period.start, confirmed_at__lt=period.end
        ),
        municipality,
    )
    found = dict(assessments.order_by().values_list("outcome").annotate(n=Count("pk")))
    table: list[list[Any]] = [
        ["Veiligheidsbeoordeling", str(label), found.get(value, 0)]
        for value, label in Outcome.choices
    ]
    note = ""
    if apps.is_installed("zicht.investigation"):
        model = apps.get_model(INVESTIGATION)
        concluded = _in_area(
            model.objects.filter(concluded_at__gte=period.start, concluded_at__lt=period.end),
            municipality,
        )
        conclusions = dict(concluded.order_by().values_list("conclusion").annotate(n=Count("pk")))
        field = model._meta.get_field("conclusion")
        table += [
            ["Onderzoek", str(label), conclusions.get(value, 0)] for value, label in field.choices
        ]
    else:
        note = "Uitkomsten van onderzoeken: nog niet geregistreerd in Zicht."
    svg = charts.bar_chart(
        "Staafdiagram: uitkomsten van beoordelingen en onderzoeken.",
        [(f"{row[0][:5]}.: {row[1][:28]}", row[2]) for row in table],
    )
    return Chart(
        "uitkomsten",
        "Uitkomsten van beoordelingen en onderzoeken",
        ("Dienst", "Uitkomst", "Aantal"),
        table,
        svg,
        note,
    )


def monitoring(
    period: Period,
    municipality: Municipality | None,
    today: date,
    counts: DeadlineCounts | None = None,
) -> Chart:
    """The monitoring moments due in the period: held on time, late, missed (still open past
    due), or still to come."""
    if counts is None:
        counts = deadline_counts(period, municipality, today)
    found = Counter[str]()
    for _, kind, _, on_time, late, missed, coming in counts:
        if kind.startswith("monitoring"):
            found.update(on_time=on_time, late=late, missed=missed, coming=coming)
    counted = {
        "Op tijd gehouden": found["on_time"],
        "Te laat gehouden": found["late"],
        "Gemist (open na de datum)": found["missed"],
        "Nog te houden": found["coming"],
    }
    labels = ("Op tijd gehouden", "Te laat gehouden", "Gemist (open na de datum)", "Nog te houden")
    table = [[label, counted[label]] for label in labels]
    svg = charts.bar_chart(
        "Staafdiagram: monitoringsmomenten in de periode.", [(r[0], r[1]) for r in table]
    )
    return Chart(
        "monitoring", "Monitoringsmomenten: gehouden en gemist", ("Stand", "Aantal"), table, svg
    )


# The figures of one filter are counted at most once a minute. Steering needs the trend of
# weeks, not this second's count; at national scale (100,000 cases) a count costs a few hundred
# milliseconds, a cached one nothing. The cache is Django's default (per process, see
# docs/decisions.md): each gunicorn worker counts once a minute per filter at most.
CACHE_SECONDS = 60


def _cached(key: str, count: Callable[[], Any]) -> Any:
    """Counted inside `read_only()`, kept outside it: the cache is no domain table, and whatever
    cache backend is configured may write."""
    found = cache.get(key)
    if found is None:
        with read_only():
            found = count()
        cache.set(key, found, CACHE_SECONDS)
    return found


def dashboard(user: User, period: Period, municipality: Municipality | None) -> list[Chart]:
    today = timezone.localdate()
    area = municipality.pk if municipality else "alle"
    key = f"zicht:dashboard:{period.first}:{period.last}:{area}:{today.isoformat()}"

    def count() -> list[Chart]:
        counts = deadline_counts(period, municipality, today)
        return [
            inflow(period, municipality),
            backlog(period, municipality, today),
            deadlines(period, municipality, today, counts),
            outcomes(period, municipality),
            monitoring(period, municipality, today, counts),
        ]

    figures = _cached(key, count)
    return [*figures[:3], caseload(user, today), *figures[3:]]
