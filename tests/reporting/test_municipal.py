"""The municipality reports after 4 and 8 months (R-INF-2) against the hand-counted data set of
`world`, with controlled deadlines."""

import io
from datetime import date

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.reporting.conftest import TODAY
from zicht.handover.models import Handover
from zicht.reporting import municipal, municipal_output
from zicht.reporting.periods import months_of_year
from zicht.reporting.readonly import is_read, read_only

pytestmark = pytest.mark.django_db


def report(months=8, only=None):
    with read_only():
        return municipal.municipal_report(months_of_year(2026, months, today=TODAY), only)


def volumes(area):
    return {v.label: v.n for v in area.volumes}


def test_volumes_per_service_per_municipality_and_region(deadlines):
    """R-INF-2: volumes per service for each municipality of the region and the whole region."""
    found = report()
    by_name = {area.name: area for area in found.municipalities}
    assert list(by_name) == ["Alkmaar", "Den Helder"]  # Amsterdam is outside the region
    region, alkmaar, den_helder = found.region, by_name["Alkmaar"], by_name["Den Helder"]
    assert volumes(region) == {
        "Adviezen": 3,
        "Meldingen": 6,
        "Veiligheidsbeoordelingen": 3,
        "Overdrachten": 1,
        "Voorwaarden en vervolg": 0,
        "Onderzoeken": 1,  # c5, decided 5 June (Amsterdam: region only)
        "Monitoren": 1,
        "Tijdelijke huisverboden": 0,
        "Voorlichtingen": 0,
    }
    assert volumes(alkmaar)["Meldingen"] == 3
    assert volumes(alkmaar)["Veiligheidsbeoordelingen"] == 1
    assert volumes(alkmaar)["Overdrachten"] == 1
    assert volumes(alkmaar)["Monitoren"] == 1
    assert volumes(den_helder)["Meldingen"] == 2
    assert volumes(den_helder)["Overdrachten"] == 0
    # Advice records no municipality: only for the whole region, and said so.
    advice = alkmaar.volumes[0]
    assert (advice.n, advice.note) == (None, municipal.REGION_ONLY)


def test_a_service_not_in_zicht_is_said_so_not_counted_as_zero(deadlines, monkeypatch):
    """R-INF-2: without the regional app, house bans are "not registered", not 0; without the
    investigation app, investigations are counted from the cases' phase history."""
    installed = apps.is_installed
    missing = {"zicht.regional", "zicht.investigation"}
    monkeypatch.setattr(apps, "is_installed", lambda name: name not in missing and installed(name))
    region = report().region
    bans = next(v for v in region.volumes if v.label == "Tijdelijke huisverboden")
    assert (bans.n, bans.note) == (None, municipal.NOT_REGISTERED)
    assert volumes(region)["Onderzoeken"] == 1  # c5's phase change


def test_the_four_month_report_counts_january_to_april(deadlines):
    """R-INF-2: after 4 months: r1..r3 and r2 only, not May's or June's reports."""
    found = report(4)
    assert found.period.last == date(2026, 4, 30)
    assert volumes(found.region)["Meldingen"] == 3  # r1, r2, r3
    assert volumes(found.region)["Adviezen"] == 2


def test_deadlines_met_per_kind_with_median(deadlines):
    """R-INF-2: per kind, the share on time and the median days, lapsed ones left out."""
    found = report()
    region = {
        d.kind: (d.due, d.on_time, d.percent_on_time, d.median_days) for d in found.region.deadlines
    }
    assert region == {"assessment": (4, 3, 75.0, 4), "reporter_contact": (1, 0, 0.0, 10)}
    by_name = {
        a.name: {d.kind: (d.due, d.on_time, d.median_days) for d in a.deadlines}
        for a in found.municipalities
    }
    assert by_name["Alkmaar"] == {"assessment": (1, 1, 6), "reporter_contact": (1, 0, 10)}
    assert by_name["Den Helder"] == {"assessment": (2, 1, 4)}


def test_waiting_list_at_each_months_end_and_partner_waiting_lists(deadlines):
    """R-INF-2: the backlog trend month by month, and partner waiting lists (R-HO-5)."""
    found = report()
    # r2 waits from April, r4 from May; r6 waits from 2 July until its deadline lapsed on 9 July
    # (a lapsed assessment deadline ends the wait, as on the screening's waiting list).
    assert [n for _, n in found.region.backlog] == [0, 0, 0, 1, 2, 2, 2, 2]
    assert found.region.backlog[1][0] == date(2026, 2, 28)
    by_name = {a.name: a for a in found.municipalities}
    assert [n for _, n in by_name["Alkmaar"].backlog] == [0, 0, 0, 1, 1, 1, 1, 1]
    assert [n for _, n in by_name["Den Helder"].backlog] == [0, 0, 0, 0, 1, 1, 1, 1]
    partner = Handover.objects.get().partner.name
    assert by_name["Alkmaar"].partner_waiting == [(partner, 1)]
    assert by_name["Den Helder"].partner_waiting == []


def test_workbook_has_a_sheet_per_municipality_and_suppresses_small_cells(deadlines):
    """R-INF-2: XLSX with a summary and a sheet per municipality, read back; counts 1-4 as <5."""
    found = report()
    book = load_workbook(io.BytesIO(municipal_output.workbook(found)))
    assert book.sheetnames == ["Samenvatting", "Alkmaar", "Den Helder", "Hele regio"]
    rows = [list(r) for r in book["Samenvatting"].iter_rows(values_only=True)]
    header = next(r for r in rows if r[0] == "Gemeente")
    reports = header.index("Meldingen")
    line = {r[0]: r for r in rows if r[0] in ("Alkmaar", "Den Helder", "Hele regio")}
    assert line["Alkmaar"][1] == "GM0361"
    assert line["Alkmaar"][reports] == "<5"
    assert line["Hele regio"][reports] == 6
    assert line["Alkmaar"][header.index("Voorwaarden en vervolg")] == 0
    sheet = [list(r) for r in book["Hele regio"].iter_rows(values_only=True)]
    assessment = next(r for r in sheet if r[0] == "Veiligheidsbeoordeling afronden")
    assert assessment[:4] == ["Veiligheidsbeoordeling afronden", "<5", "te weinig", "te weinig"]


def test_pdf_with_charts_reads_back_in_dutch(deadlines):
    """R-INF-2: a PDF with a chart per municipality, read back as text."""
    text = "\n".join(
        page.extract_text() for page in PdfReader(io.BytesIO(municipal_output.pdf(report()))).pages
    )
    assert "Gemeenterapportage Veilig Thuis" in text
    assert "Alkmaar (GM0361)" in text
    assert "Den Helder (GM0400)" in text
    assert "Volumes per dienst" in text
    assert "Termijnen gehaald" in text
    assert "<5" in text
    assert "Amsterdam" not in text


def test_an_empty_period_is_a_report_that_says_so(deadlines):
    """R-INF-2: a period without data is an empty report, not an error."""
    with read_only():
        found = municipal.municipal_report(months_of_year(2025, 8, today=TODAY))
    assert found.region.is_empty
    assert all(area.is_empty for area in found.municipalities)
    book = load_workbook(io.BytesIO(municipal_output.workbook(found)))
    texts = [r[0] for r in book["Alkmaar"].iter_rows(values_only=True)]
    assert municipal_output.EMPTY in texts


def test_bad_periods_and_a_municipality_outside_the_region_are_refused(deadlines):
    """R-INF-2: months not yet over, another number of months, and Amsterdam (outside)."""
    with pytest.raises(ValidationError, match="nog niet voorbij"):
        months_of_year(2027, 4, today=TODAY)
    with pytest.raises(ValidationError, match="4 of na 8"):
        months_of_year(2026, 5, today=TODAY)
    with pytest.raises(ValidationError, match="buiten de regio"):
        municipal.municipality_in_region(deadlines.amsterdam.pk)


def test_the_report_only_reads(deadlines):
    with CaptureQueriesContext(connection) as queries:
        report()
    assert [q["sql"] for q in queries.captured_queries if not is_read(q["sql"])] == []
