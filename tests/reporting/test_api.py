"""The reporting API (issue 15 step 6): the aggregates with the pages' scoping and refusals."""

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests.api.factories import token_client
from tests.reporting.world import assert_no_client_data
from zicht.reporting.models import TimeNorm

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 15, 12, tzinfo=ZoneInfo("Europe/Amsterdam"))


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(NOW, tick=False):
        yield


def test_the_dashboard_as_figures(deadlines, policy):
    """R-WL-3: per team for policy/control; no names in the answer."""
    answer = token_client(policy).get(
        "/api/v1/reporting/dashboard", {"van": "2026-02-01", "tot": "2026-08-31"}
    )
    assert answer.status_code == 200
    charts = {c["slug"]: c for c in answer.json()["charts"]}
    assert set(charts) == {
        "instroom",
        "wachtlijst",
        "termijnen",
        "caseload",
        "uitkomsten",
        "monitoring",
    }
    assert charts["caseload"]["columns"][0] == "Team"
    assert sum(row[-1] for row in charts["instroom"]["rows"]) == 6
    assert "Wim Werker" not in answer.content.decode()
    assert_no_client_data(answer.content.decode(), deadlines.anna)


def test_the_municipality_report_is_suppressed(deadlines, policy):
    """R-INF-2: the API gives what may leave the organisation: 1-4 as <5."""
    answer = token_client(policy).get(
        "/api/v1/reporting/municipalities", {"jaar": 2026, "maanden": 8}
    )
    assert answer.status_code == 200
    areas = {a["name"]: a for a in answer.json()["areas"]}
    volumes = {row[0]: row[1] for row in areas["Alkmaar"]["tables"][0]["rows"]}
    assert volumes["Meldingen"] == "<5"
    assert {row[0]: row[1] for row in areas["Hele regio"]["tables"][0]["rows"]}["Meldingen"] == 6
    outside = token_client(policy).get(
        "/api/v1/reporting/municipalities",
        {"jaar": 2026, "maanden": 8, "gemeente": deadlines.amsterdam.pk},
    )
    assert outside.status_code == 400
    assert outside["Content-Type"] == "application/problem+json"
    assert "buiten de regio" in outside.content.decode()


def test_capacity_and_a_percentage_that_is_not_a_number(deadlines, policy):
    """R-INF-3: the plan as figures; a non-number is 400 naming the parameter."""
    TimeNorm.objects.filter(service="report").update(hours=Decimal("130"))
    client = token_client(policy)
    answer = client.get("/api/v1/reporting/capacity", {"scenario": "middle", "jaren": 1})
    report = next(line for line in answer.json()["lines"] if line["service"] == "report")
    assert report["fte"] == ["0.8"]
    bad = client.get("/api/v1/reporting/capacity", {"groeiMeldingen": "veel"})
    assert bad.status_code == 400
    assert bad.json()["invalid_params"][0]["name"] == "groeiMeldingen"
    grown = client.get("/api/v1/reporting/capacity", {"jaren": 1, "groeiMeldingen": 100})
    assert grown.json()["lines"] != answer.json()["lines"]


def test_a_case_worker_is_refused(deadlines, worker):
    for path in ("dashboard", "municipalities?jaar=2026&maanden=8", "capacity"):
        assert token_client(worker).get(f"/api/v1/reporting/{path}").status_code == 403
