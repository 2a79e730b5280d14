"""Capacity planning (R-INF-3): time norms × expected volumes = staffing in FTE.

Volumes are Zicht's own of the last 12 months; each following year grows by the scenario's yearly
percentage, and from the first year on by the one-off effect of the improved reporting code.
Advice follows the advice stream; every service after a report follows the reports stream; house
bans and information sessions stay as they are. A service without a norm, or not registered in
Zicht, gets no FTE and says why.
"""

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from zicht.reporting import volumes
from zicht.reporting.models import ScenarioGrowth, ScenarioName, Service, TimeNorm
from zicht.reporting.periods import Period

# Productive hours of one FTE in a year: 36 hours × 52 weeks, less leave, holidays, illness,
# training and consultation (about 30%). docs/decisions.md.
PRODUCTIVE_HOURS_PER_FTE = Decimal("1300")
MAX_YEARS = 5

# Which volume of `reporting.volumes.SERVICES` counts for each service of the norms.
VOLUME_OF = {
    Service.ADVICE: "Adviezen",
    Service.REPORT: "Meldingen",
    Service.HANDOVER: "Overdrachten",
    Service.CONDITIONS: "Voorwaarden en vervolg",
    Service.INVESTIGATION: "Onderzoeken",
    Service.MONITORING: "Monitoren",
    Service.HOUSE_BAN: "Tijdelijke huisverboden",
    Service.INFORMATION_SESSION: "Voorlichtingen",
}
STREAM_OF = {Service.ADVICE: "advice", Service.HOUSE_BAN: None, Service.INFORMATION_SESSION: None}


@dataclass(frozen=True)
class Growth:
    yearly: Decimal
    code: Decimal


@dataclass(frozen=True)
class Line:
    service: str
    label: str
    hours: Decimal | None
    base: int | None
    volumes: list[Decimal]  # per year
    fte: list[Decimal | None]  # per year
    note: str


@dataclass(frozen=True)
class Plan:
    scenario: str
    years: list[int]
    lines: list[Line]
    totals: list[Decimal]
    growth: dict[str, Growth]
    period: Period

    @property
    def scenario_label(self) -> str:
        return str(ScenarioName(self.scenario).label).lower()


def scenario_growth(scenario: str, overrides: dict[str, Growth] | None = None) -> dict[str, Growth]:
    if scenario not in ScenarioName.values:
        raise ValidationError({"scenario": "Kies het scenario laag, midden of hoog."})
    found = {
        row.stream: Growth(row.yearly_percent, row.code_percent)
        for row in ScenarioGrowth.objects.filter(scenario=scenario)
    }
    return found | (overrides or {})


def _grown(base: int, growth: Growth | None, year: int) -> Decimal:
    if growth is None:
        return Decimal(base)
    factor = (1 + growth.yearly / 100) ** year * (1 + growth.code / 100)
    return (Decimal(base) * factor).quantize(Decimal("1"))


def plan(scenario: str, years: int, overrides: dict[str, Growth] | None = None) -> Plan:
    if not 1 <= years <= MAX_YEARS:
        raise ValidationError({"jaren": f"Kies 1 tot en met {MAX_YEARS} jaar."})
    growth = scenario_growth(scenario, overrides)
    today = timezone.localdate()
    period = Period(today - timedelta(days=364), today, "de laatste 12 maanden")
    counted = {s.label: volumes.count(s, period) for s in volumes.SERVICES}
    norms = {n.service: n for n in TimeNorm.objects.all()}
    this_year = today.year
    lines = []
    for service in Service:
        norm = norms.get(service)
        hours = norm.hours if norm else None
        counts = counted.get(VOLUME_OF[service])
        base = None if counts is None else counts.get(volumes.REGION, 0)
        stream = STREAM_OF.get(service, "report")
        expected = [
            _grown(base or 0, growth.get(stream) if stream else None, year)
            for year in range(1, years + 1)
        ]
        fte: list[Decimal | None] = [None] * years
        if base is None:
            note = "nog niet geregistreerd in Zicht"
        elif hours is None:
            note = "tijdsnorm nog niet vastgesteld"
        else:
            note = ""
            fte = [
                (v * hours / PRODUCTIVE_HOURS_PER_FTE).quantize(Decimal("0.1")) for v in expected
            ]
        lines.append(Line(service, str(service.label), hours, base, expected, fte, note))
    totals = [sum((line.fte[i] or Decimal(0) for line in lines), Decimal(0)) for i in range(years)]
    return Plan(
        scenario,
        [this_year + y for y in range(1, years + 1)],
        lines,
        totals,
        growth,
        period,
    )


def plan_of(data: dict[str, Any]) -> Plan:
    """The plan a CapacityForm asks for: its scenario, with the percentages it overrides."""
    base = scenario_growth(data["scenario"])
    overrides = {
        stream: Growth(
            base[stream].yearly if data.get(f"groei_{name}") is None else data[f"groei_{name}"],
            base[stream].code if data.get(f"meldcode_{name}") is None else data[f"meldcode_{name}"],
        )
        for stream, name in (("advice", "adviezen"), ("report", "meldingen"))
        if stream in base
    }
    return plan(data["scenario"], data["jaren"], overrides)


def workbook(found: Plan) -> bytes:
    import io

    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "Capaciteit"
    bold = Font(bold=True)
    sheet.append([f"Capaciteitsplanning, scenario {ScenarioName(found.scenario).label.lower()}"])
    sheet.cell(row=1, column=1).font = bold
    sheet.append(
        [f"Volumes: {found.period.label}; {PRODUCTIVE_HOURS_PER_FTE} productieve uren per FTE."]
    )
    sheet.append([])
    header = ["Dienst", "Uren per casus", "Volume laatste 12 maanden"]
    header += (
        [f"Volume {y}" for y in found.years] + [f"FTE {y}" for y in found.years] + ["Toelichting"]
    )
    sheet.append(header)
    for column in range(1, len(header) + 1):
        sheet.cell(row=sheet.max_row, column=column).font = bold
    for line in found.lines:
        sheet.append(
            [
                line.label,
                None if line.hours is None else float(line.hours),
                line.base,
                *(float(v) for v in line.volumes),
                *(None if f is None else float(f) for f in line.fte),
                line.note,
            ]
        )
    sheet.append(
        ["Totaal", None, None, *([None] * len(found.years)), *(float(t) for t in found.totals)]
    )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
