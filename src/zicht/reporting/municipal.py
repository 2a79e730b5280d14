"""The management report to the municipalities after 4 and 8 months (R-INF-2): per municipality
of the region and for the whole region, volumes per service, deadlines met per kind, the waiting
list month by month and the partner waiting lists signalled (R-HO-5).

Everything is counted in a few grouped queries over the whole period and then split per
municipality in Python, so a workbook of twenty municipalities costs the same queries as one.
"""

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from zicht.calendar.periods import add_months
from zicht.cases.deadlines import label_of
from zicht.cases.models import Deadline
from zicht.handover.models import Handover
from zicht.organisation.models import Municipality
from zicht.reporting import backlog as waiting
from zicht.reporting.periods import Period
from zicht.reporting.suppression import complementary
from zicht.reporting.volumes import REGION, SERVICES, Service, area_of, count
from zicht.screening import forecast


@dataclass(frozen=True)
class DeadlineFigure:
    kind: str
    label: str
    due: int  # obligations due in the period (met or not; lapsed ones left out)
    on_time: int
    median_days: float | None  # from start to met, calendar days

    @property
    def percent_on_time(self) -> float | None:
        return round(100 * self.on_time / self.due, 1) if self.due else None


NOT_REGISTERED = "nog niet geregistreerd in Zicht"
REGION_ONLY = "alleen voor de hele regio: een advies legt geen gemeente vast"


@dataclass(frozen=True)
class Volume:
    label: str
    n: int | None  # None: see `note`
    note: str = ""


@dataclass
class AreaFigures:
    name: str
    code: str  # CBS code, or "" for the region
    volumes: list[Volume] = field(default_factory=list)
    deadlines: list[DeadlineFigure] = field(default_factory=list)
    backlog: list[tuple[date, int]] = field(default_factory=list)
    partner_waiting: list[tuple[str, int]] = field(default_factory=list)
    # Figures withheld to protect a small cell elsewhere in their line (second-level
    # suppression): ("volume", label), ("deadline", kind), ("backlog", day), ("partner", name).
    withheld: set[tuple[str, Any]] = field(default_factory=set)

    @property
    def is_empty(self) -> bool:
        return not any(v.n for v in self.volumes) and not self.deadlines


@dataclass
class MunicipalReport:
    period: Period
    region: AreaFigures
    municipalities: list[AreaFigures]


def region_municipalities() -> list[Municipality]:
    return list(Municipality.objects.filter(in_region=True, active=True).order_by("name"))


def municipality_in_region(pk: int) -> Municipality:
    """The municipality a report is asked for; one outside the region is refused."""
    found = Municipality.objects.filter(pk=pk).first()
    if found is None:
        raise ValidationError({"gemeente": "Deze gemeente bestaat niet."})
    if not found.in_region:
        raise ValidationError(
            {
                "gemeente": f"{found.name} ligt buiten de regio van deze Veilig Thuis-"
                "organisatie: daarvoor maakt Zicht geen gemeenterapportage."
            }
        )
    return found


def _month_ends(period: Period) -> list[date]:
    ends, month = [], period.first
    while month <= period.last:
        ends.append(min(add_months(month, 1).replace(day=1) - timedelta(days=1), period.last))
        month = add_months(month, 1).replace(day=1)
    return ends


def _deadlines(period: Period) -> dict[Any, list[DeadlineFigure]]:
    rows = (
        Deadline.objects.filter(due__gte=period.first, due__lte=period.last, lapsed_reason="")
        .annotate(area=area_of("case"))
        .order_by()
        .values_list("area", "kind", "started_on", "due", "met_at")
    )
    today = timezone.localdate()
    groups: dict[tuple[Any, str], list[tuple[bool, int | None]]] = defaultdict(list)
    for area, kind, started, due, met_at in rows.iterator(chunk_size=5000):
        met_on = timezone.localtime(met_at).date() if met_at else None
        if met_on is None and due >= today:
            continue  # still open and not yet due: neither on time nor late
        outcome = (
            met_on is not None and met_on <= due,
            (met_on - started).days if met_on else None,
        )
        groups[(area, kind)].append(outcome)
        groups[(REGION, kind)].append(outcome)
    result: dict[Any, list[DeadlineFigure]] = defaultdict(list)
    for (area, kind), outcomes in sorted(groups.items(), key=lambda item: str(item[0])):
        days = [d for _, d in outcomes if d is not None]
        result[area].append(
            DeadlineFigure(
                kind,
                label_of(kind),
                len(outcomes),
                sum(1 for on_time, _ in outcomes if on_time),
                statistics.median(days) if days else None,
            )
        )
    return result


def _backlog(period: Period) -> dict[Any, list[tuple[date, int]]]:
    """Per municipality, reports waiting for their assessment at each month's end."""
    ends = _month_ends(period)
    found = waiting.flows(period.first, period.last, per_area=True)
    return {area: forecast.backlog_trend(flows, ends) for area, flows in found.items()} | {
        "__ends__": [(end, 0) for end in ends]
    }


def _partner_waiting(period: Period) -> dict[Any, list[tuple[str, int]]]:
    rows = (
        Handover.objects.filter(waiting_list_at__gte=period.start, waiting_list_at__lt=period.end)
        .annotate(area=area_of("case"))
        .order_by()
        .values_list("area", "partner__name")
    )
    counted: dict[Any, Counter[str]] = defaultdict(Counter)
    for area, partner in rows:
        counted[area][partner] += 1
        counted[REGION][partner] += 1
    return {area: sorted(c.items()) for area, c in counted.items()}


def municipal_report(period: Period, only: Municipality | None = None) -> MunicipalReport:
    """The figures of the period, for the region and each of its municipalities (or one)."""
    volumes = [(service, count(service, period)) for service in SERVICES]
    deadlines = _deadlines(period)
    backlog = _backlog(period)
    waiting = _partner_waiting(period)
    empty_trend = backlog["__ends__"]

    def volume(service: Service, counts: dict[Any, int] | None, key: Any) -> Volume:
        if counts is None:
            return Volume(service.label, None, NOT_REGISTERED)
        if key != REGION and service.area is None:
            return Volume(service.label, None, REGION_ONLY)
        return Volume(service.label, counts.get(key, 0))

    def figures(key: Any, name: str, code: str) -> AreaFigures:
        return AreaFigures(
            name,
            code,
            [volume(service, counts, key) for service, counts in volumes],
            deadlines.get(key, []),
            backlog.get(key, empty_trend),
            waiting.get(key, []),
        )

    # Suppression is decided over every municipality of the region, also for a report of one:
    # two reports of one period then hide the same cells, so one cannot undo the other.
    every = [figures(m.pk, m.name, m.cbs_code) for m in region_municipalities()]
    region = figures(REGION, "Hele regio", "")
    keys = [m.pk for m in region_municipalities()]
    for key, withheld in _withheld(dict(zip(keys, every, strict=True))).items():
        (region if key == REGION else every[keys.index(key)]).withheld |= withheld
    shown = [area for key, area in zip(keys, every, strict=True) if only is None or key == only.pk]
    return MunicipalReport(period, region, shown)


def _lines(areas: dict[Any, AreaFigures]) -> dict[tuple[str, Any], dict[Any, int]]:
    """Every figure the report shows per municipality and for the region as a total: its line,
    {municipality id: count}. (Records outside the region or without a municipality are in the
    total too but not shown; the suppression counts them as known, the safe side.)"""
    lines: dict[tuple[str, Any], dict[Any, int]] = defaultdict(dict)
    for key, area in areas.items():
        for v in area.volumes:
            if v.n is not None:
                lines[("volume", v.label)][key] = v.n
        for d in area.deadlines:
            lines[("deadline", d.kind)][key] = d.due
        for day, n in area.backlog:
            lines[("backlog", day)][key] = n
        for partner, n in area.partner_waiting:
            lines[("partner", partner)][key] = n
    return lines


def _withheld(areas: dict[Any, AreaFigures]) -> dict[Any, set[tuple[str, Any]]]:
    found: dict[Any, set[tuple[str, Any]]] = defaultdict(set)
    for figure, line in _lines(areas).items():
        cells, total = complementary(line)
        for key in cells:
            found[key].add(figure)
        if total:
            found[REGION].add(figure)
    return found
