"""Capacity planning (R-INF-3): time norms × volumes of the last 12 months, grown by scenario."""

import io
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from openpyxl import load_workbook

from zicht.reporting import capacity
from zicht.reporting.models import ScenarioGrowth, TimeNorm

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 15, 12, tzinfo=ZoneInfo("Europe/Amsterdam"))


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def norms(data):
    TimeNorm.objects.filter(service="report").update(hours=Decimal("130"))
    TimeNorm.objects.filter(service="advice").update(hours=Decimal("650"))
    return data


def line(found, service):
    return next(x for x in found.lines if x.service == service)


def test_the_seeds_norm_and_middle_scenario_are_there(db):
    """R-INF-3: monitoring 15 hours per case (was 2); middle: advice +25% and +12.5% from the
    code, reports +18% a year and +7%."""
    assert TimeNorm.objects.get(service="monitoring").hours == Decimal("15")
    middle = {
        g.stream: (g.yearly_percent, g.code_percent)
        for g in ScenarioGrowth.objects.filter(scenario="middle")
    }
    assert middle == {
        "advice": (Decimal("25"), Decimal("12.5")),
        "report": (Decimal("18"), Decimal("7")),
    }


def test_fte_per_service_and_in_total_for_the_next_years(norms):
    """R-INF-3: reports 6 in the last 12 months → 6 × 1.18 × 1.07 = 7.6 → 8 next year, 9 the year
    after; at 130 hours and 1300 hours per FTE that is 0.8 and 0.9 FTE. Advice 3 → 4 and 5 at 650
    hours: 2.0 and 2.5 FTE. Monitoring (15 h) of 1 plan rounds to 0.0."""
    found = capacity.plan("middle", 2)
    assert found.years == [2027, 2028]
    report = line(found, "report")
    assert (report.base, report.volumes, report.fte) == (
        6,
        [Decimal(8), Decimal(9)],
        [Decimal("0.8"), Decimal("0.9")],
    )
    advice = line(found, "advice")
    assert (advice.base, advice.volumes, advice.fte) == (
        3,
        [Decimal(4), Decimal(5)],
        [Decimal("2.0"), Decimal("2.5")],
    )
    assert line(found, "monitoring").fte == [Decimal("0.0"), Decimal("0.0")]
    handover = line(found, "handover")
    assert (handover.fte, handover.note) == ([None, None], "tijdsnorm nog niet vastgesteld")
    assert found.totals == [Decimal("2.8"), Decimal("3.4")]


def test_other_percentages_change_the_outcome_without_saving(norms, policy_client):
    """R-INF-3: editable percentages: no growth leaves the reports at 6 → 0.6 FTE; nothing saved."""
    page = policy_client.get(
        "/verantwoording/capaciteit",
        {"scenario": "middle", "jaren": "1", "groei_meldingen": "0", "meldcode_meldingen": "0"},
    )
    assert page.status_code == 200
    assert page.context["plan"].totals == [Decimal("2.6")]  # 0.6 reports + 2.0 advice
    assert ScenarioGrowth.objects.get(scenario="middle", stream="report").yearly_percent == 18


def test_a_percentage_that_is_not_a_number_is_refused_in_dutch(norms, policy_client):
    """R-INF-3: bad input names the field, keeps what was typed, computes nothing."""
    page = policy_client.get(
        "/verantwoording/capaciteit",
        {"scenario": "middle", "jaren": "3", "groei_meldingen": "veel"},
    )
    assert page.status_code == 400
    text = page.content.decode()
    assert "Vul bij &#x27;groei meldingen per jaar (%)&#x27; een getal in" in text
    assert 'value="veel"' in text
    assert "plan" not in page.context or page.context.get("plan") is None


def test_a_norm_of_zero_or_less_is_refused(db):
    """R-INF-3: a time norm is more than 0 hours, in the form and in the database."""
    norm = TimeNorm.objects.get(service="report")
    for hours in (Decimal("0"), Decimal("-3")):
        norm.hours = hours
        with pytest.raises(ValidationError, match="meer dan 0 uur"):
            norm.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        TimeNorm.objects.filter(service="report").update(hours=Decimal("0"))


def test_the_functional_administrator_edits_norms_policy_control_does_not(
    db, admin_client, policy_client
):
    """R-INF-3: norms are reference data of the functional administrator."""
    assert admin_client.get("/beheer/reporting/timenorm/").status_code == 200
    assert policy_client.get("/beheer/reporting/timenorm/").status_code in (302, 403)


def test_the_capacity_workbook_reads_back(norms, policy_client):
    """R-INF-3: exportable to XLSX."""
    response = policy_client.get(
        "/verantwoording/capaciteit", {"scenario": "middle", "jaren": "2", "formaat": "xlsx"}
    )
    rows = [
        list(r)
        for r in load_workbook(io.BytesIO(response.content))["Capaciteit"].iter_rows(
            values_only=True
        )
    ]
    header = next(r for r in rows if r[0] == "Dienst")
    report = next(r for r in rows if r[0] == "Meldingen en veiligheidsbeoordeling")
    assert report[header.index("FTE 2027")] == 0.8
    total = next(r for r in rows if r[0] == "Totaal")
    assert total[header.index("FTE 2028")] == 3.4
