"""The municipality report page (R-INF-2): figures, downloads, and bad input in Dutch."""

import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from openpyxl import load_workbook

from tests.conftest import verified_client
from tests.reporting.world import assert_no_client_data

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 15, 12, tzinfo=ZoneInfo("Europe/Amsterdam"))


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(NOW, tick=False):
        yield


def test_policy_control_sees_the_figures_without_client_data(data, policy_client):
    """R-INF-2: figures per municipality on the page, no names."""
    page = policy_client.get("/verantwoording/gemeenten", {"jaar": "2026", "maanden": "8"})
    assert page.status_code == 200
    text = page.content.decode()
    assert "Alkmaar (GM0361)" in text and "Den Helder (GM0400)" in text
    assert "<td>Meldingen</td><td>6</td>" in text
    assert "<td>Meldingen</td><td>&lt;5</td>" in text
    assert_no_client_data(text, data.anna, data.bram, data.dirk)


def test_the_workbook_and_the_pdf_download(data, policy_client):
    """R-INF-2: XLSX and PDF of the same report."""
    query = {"jaar": "2026", "maanden": "4", "formaat": "xlsx"}
    xlsx = policy_client.get("/verantwoording/gemeenten", query)
    assert xlsx["Content-Disposition"] == 'attachment; filename="gemeenterapportage-2026-04.xlsx"'
    assert load_workbook(io.BytesIO(xlsx.content)).sheetnames[0] == "Samenvatting"
    pdf = policy_client.get("/verantwoording/gemeenten", query | {"formaat": "pdf"})
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_one_municipality_and_one_outside_the_region(data, policy_client):
    """R-INF-2: a municipality of the region alone; one outside it is refused in Dutch."""
    page = policy_client.get(
        "/verantwoording/gemeenten",
        {"jaar": "2026", "maanden": "8", "gemeente": data.den_helder.pk},
    )
    assert "Den Helder (GM0400)" in page.content.decode()
    assert "Alkmaar (GM0361)" not in page.content.decode()
    page = policy_client.get(
        "/verantwoording/gemeenten", {"jaar": "2026", "maanden": "8", "gemeente": data.amsterdam.pk}
    )
    assert page.status_code == 400
    assert "Amsterdam ligt buiten de regio" in page.content.decode()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"jaar": "twee", "maanden": "8"}, "Vul het jaar in als getal"),
        ({"jaar": "2026", "maanden": "5"}, "Kies de rapportage na 4 of na 8 maanden"),
        ({"jaar": "2027", "maanden": "4"}, "is nog niet voorbij"),
        ({"jaar": "2026"}, "Kies de rapportage na 4 of na 8 maanden"),
    ],
)
def test_bad_input_is_answered_in_dutch_and_kept(data, policy_client, query, message):
    page = policy_client.get("/verantwoording/gemeenten", query)
    assert page.status_code == 400
    assert message in page.content.decode()
    assert f'value="{query["jaar"]}"' in page.content.decode()


def test_a_case_worker_gets_no_municipality_report(data, worker):
    client = verified_client(worker)
    assert (
        client.get("/verantwoording/gemeenten", {"jaar": "2026", "maanden": "8"}).status_code == 403
    )
