"""The municipality report as it leaves the organisation (R-INF-2): tables with small cells
suppressed, written to an XLSX workbook (a sheet per municipality and a summary) or a PDF with
charts. Both read the same tables, so the two documents cannot disagree."""

import io
from dataclasses import dataclass
from datetime import date

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from zicht.letters.pdf import render_pdf
from zicht.reporting import charts
from zicht.reporting.municipal import AreaFigures, MunicipalReport
from zicht.reporting.suppression import WITHHELD, cell, over

EMPTY = "In deze periode is hier niets geregistreerd."
SUPPRESSION_NOTE = (
    "Aantallen van 1 tot en met 4 staan als <5, en percentages en medianen over minder dan 5 "
    "als 'te weinig'. Een x is een aantal dat niet wordt getoond omdat anders een klein aantal "
    "uit het totaal van de regio te berekenen is. Zo is uit deze rapportage geen gezin te herleiden."
)


@dataclass(frozen=True)
class Table:
    title: str
    columns: tuple[str, ...]
    rows: list[list[object]]
    empty: str


def _month(day: date) -> str:
    return f"{day:%d-%m-%Y}"


def shown(area: AreaFigures, figure: tuple[str, object], n: int) -> int | str:
    """A count as it may leave the organisation: withheld to protect a small cell elsewhere in
    its line, hidden when small itself, else the count."""
    return WITHHELD if figure in area.withheld else cell(n)


def tables(area: AreaFigures) -> list[Table]:
    return [
        Table(
            "Volumes per dienst",
            ("Dienst", "Aantal", "Toelichting"),
            [
                [v.label, "" if v.n is None else shown(area, ("volume", v.label), v.n), v.note]
                for v in area.volumes
            ],
            EMPTY,
        ),
        Table(
            "Termijnen gehaald",
            ("Termijn", "Afgelopen in de periode", "Op tijd (%)", "Mediaan (dagen)"),
            [
                [d.label, WITHHELD, WITHHELD, WITHHELD]
                if ("deadline", d.kind) in area.withheld
                else [
                    d.label,
                    cell(d.due),
                    over(d.due, d.percent_on_time),
                    over(d.due, d.median_days),
                ]
                for d in area.deadlines
            ],
            "Geen termijnen afgelopen in deze periode.",
        ),
        Table(
            "Wachtlijst veiligheidsbeoordeling (einde van de maand)",
            ("Einde maand", "Meldingen wachtend"),
            [[_month(day), shown(area, ("backlog", day), n)] for day, n in area.backlog],
            EMPTY,
        ),
        Table(
            "Wachtlijsten van ketenpartners gemeld (R-HO-5)",
            ("Ketenpartner", "Overdrachten met wachtlijst"),
            [
                [partner, shown(area, ("partner", partner), n)]
                for partner, n in area.partner_waiting
            ],
            "Geen wachtlijsten van ketenpartners gemeld.",
        ),
    ]


def summary(report: MunicipalReport) -> Table:
    areas = [*report.municipalities, report.region]
    labels = [v.label for v in report.region.volumes]
    return Table(
        "Samenvatting: volumes per dienst",
        ("Gemeente", "CBS-code", *labels),
        [
            [
                area.name,
                area.code,
                *(
                    "" if v.n is None else shown(area, ("volume", v.label), v.n)
                    for v in area.volumes
                ),
            ]
            for area in areas
        ],
        EMPTY,
    )


def _sheet_title(name: str, used: set[str]) -> str:
    title = "".join(c for c in name if c not in "[]:*?/\\")[:31] or "Gemeente"
    base, n = title, 2
    while title.lower() in used:
        title = f"{base[:28]} {n}"
        n += 1
    used.add(title.lower())
    return title


def workbook(report: MunicipalReport) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    bold = Font(bold=True)
    used = {"samenvatting"}
    sheet = book.active
    sheet.title = "Samenvatting"
    _heading(sheet, f"Gemeenterapportage Veilig Thuis, {report.period.label}", bold)
    _write(sheet, summary(report), bold)
    sheet.append([])
    sheet.append(["nog niet geregistreerd in Zicht: leeg. " + SUPPRESSION_NOTE])
    for area in [*report.municipalities, report.region]:
        sheet = book.create_sheet(_sheet_title(area.name, used))
        code = f" ({area.code})" if area.code else ""
        _heading(sheet, f"{area.name}{code}, {report.period.label}", bold)
        if area.is_empty:
            sheet.append([EMPTY])
        for table in tables(area):
            sheet.append([])
            _write(sheet, table, bold)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _heading(sheet, text: str, bold) -> None:  # type: ignore[no-untyped-def]
    sheet.append([text])
    sheet.cell(row=sheet.max_row, column=1).font = bold
    sheet.append([SUPPRESSION_NOTE])


def _write(sheet, table: Table, bold) -> None:  # type: ignore[no-untyped-def]
    sheet.append([table.title])
    sheet.cell(row=sheet.max_row, column=1).font = bold
    sheet.append(list(table.columns))
    for column in range(1, len(table.columns) + 1):
        sheet.cell(row=sheet.max_row, column=column).font = bold
    for row in table.rows:
        sheet.append(["" if value is None else value for value in row])
    if not table.rows:
        sheet.append([table.empty])


def _charts(area: AreaFigures) -> dict[str, str]:
    volumes = [
        (v.label, None if v.n is None else shown(area, ("volume", v.label), v.n))
        for v in area.volumes
    ]
    trend = [(f"{day:%m-%Y}", shown(area, ("backlog", day), n)) for day, n in area.backlog]
    return {
        "volumes": mark_safe(  # noqa: S308  # built by charts with every text escaped
            charts.bar_chart(f"Staafdiagram: volumes per dienst, {area.name}", volumes)
        ),
        "backlog": mark_safe(  # noqa: S308
            charts.line_chart(
                f"Lijndiagram: meldingen wachtend op beoordeling per maand, {area.name}", trend
            )
        ),
    }


def pdf(report: MunicipalReport) -> bytes:
    areas = [
        {"area": area, "tables": tables(area), "charts": _charts(area)}
        for area in [report.region, *report.municipalities]
    ]
    html = render_to_string(
        "reporting/municipal_pdf.html",
        {
            "report": report,
            "areas": areas,
            "note": SUPPRESSION_NOTE,
            "made_on": timezone.localdate(),
        },
    )
    return render_pdf(html)
