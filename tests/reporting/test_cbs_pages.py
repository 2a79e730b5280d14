"""The CBS page, its validation report, the streamed file and the command (R-INF-1)."""

import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import connection
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext

from tests.conftest import verified_client
from tests.reporting.world import assert_no_client_data
from zicht.cases.models import case_url
from zicht.reporting.readonly import is_read
from zicht.reports.models import Contact

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 15, 12, tzinfo=ZoneInfo("Europe/Amsterdam"))


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(NOW, tick=False):
        yield


def test_policy_control_sees_counts_and_checks_without_client_data(data, policy_client):
    """R-INF-1: the controller checks the half year before delivering: counts, and no names."""
    page = policy_client.get("/verantwoording/cbs", {"halfjaar": "2026-1"})
    assert page.status_code == 200
    text = page.content.decode()
    assert "Geen problemen gevonden" in text
    assert "<td>MELDING</td><td>5</td>" in text
    assert_no_client_data(text, data.anna, data.bram, data.dirk)


def test_checks_list_what_would_make_the_delivery_wrong_with_a_link(data, policy_client):
    """R-INF-1: a missing sector and a closed case without outcome are listed, each linked to the
    page where it is put right."""
    Contact.objects.filter(report=data.reports["r3"]).update(sector="")
    data.case("c3").assessments.all().delete()
    page = policy_client.get("/verantwoording/cbs", {"halfjaar": "2026-1"})
    text = page.content.decode()
    assert "2 problemen gevonden" in text
    number = data.case("c3").number
    assert "Melding van een professional zonder sector (1)" in text
    assert "Dossier afgesloten zonder uitkomst van de veiligheidsbeoordeling (1)" in text
    assert f'<a href="{case_url(number)}">Dossier {number}</a>' in text


def test_a_running_half_year_is_refused_on_the_page(data, policy_client):
    """R-INF-1: a half year still running gets a Dutch message at the field, nothing else."""
    page = policy_client.get("/verantwoording/cbs", {"halfjaar": "2026-2"})
    assert page.status_code == 400
    assert "Het halfjaar 2026-2 loopt nog" in page.content.decode()
    assert policy_client.get("/verantwoording/cbs/bestand", {"halfjaar": "x"}).status_code == 400


def test_the_file_is_streamed_and_read_only(data, policy_client):
    """R-INF-1: the download is a stream of rows from one read-only transaction."""
    with CaptureQueriesContext(connection) as queries:
        response = policy_client.get("/verantwoording/cbs/bestand", {"halfjaar": "2026-1"})
        assert isinstance(response, StreamingHttpResponse)
        body = b"".join(response.streaming_content).decode()
    assert response["Content-Disposition"] == 'attachment; filename="cbs-veilig-thuis-2026-1.csv"'
    assert body.startswith("VOORLOOP;VTNHN;2026-1;")
    assert body.count("\r\nMELDING;") == 5
    reporting = [q["sql"] for q in queries.captured_queries if "reports_report" in q["sql"]]
    assert reporting and all(is_read(sql) for sql in reporting)


def test_a_case_worker_may_not_deliver(data, worker):
    client = verified_client(worker)
    assert client.get("/verantwoording/cbs", {"halfjaar": "2026-1"}).status_code == 403
    assert client.get("/verantwoording/cbs/bestand", {"halfjaar": "2026-1"}).status_code == 403


def test_the_command_writes_the_file_and_reports_the_checks(data, tmp_path):
    """R-INF-1: the management command for a long run, with the checks and progress on stderr."""
    Contact.objects.filter(report=data.reports["r3"]).update(sector="")
    target = tmp_path / "cbs.csv"
    err = io.StringIO()
    call_command("cbs_delivery", "2026-1", "--output", str(target), stderr=err)
    assert target.read_text().count("\nMELDING;") == 5
    assert "Melding van een professional zonder sector: 1" in err.getvalue()
    assert "Klaar: 20 records." in err.getvalue()
    with pytest.raises(CommandError, match="loopt nog"):
        call_command("cbs_delivery", "2026-2", stderr=io.StringIO())
