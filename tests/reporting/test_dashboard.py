"""The steering dashboard (issue 15 step 4): inflow, backlog and its 3-week forecast (R-WL-2),
deadlines over time, caseload per worker (R-WL-3), outcomes and monitoring moments."""

import csv
import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.reporting.world import assert_no_client_data
from zicht.cases.models import Deadline

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 15, 12, tzinfo=ZoneInfo("Europe/Amsterdam"))
PERIOD = {"van": "2026-02-01", "tot": "2026-08-31"}


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(NOW, tick=False):
        yield


def chart(client, slug, **query):
    """The chart's figures, as its CSV download gives them."""
    response = client.get("/verantwoording/dashboard", PERIOD | query | {"csv": slug})
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.content.decode()), delimiter=";"))


def test_inflow_per_week_by_source(deadlines, policy_client):
    rows = chart(policy_client, "instroom")
    header, body = rows[0], rows[1:]
    assert header[0] == "Week" and header[-1] == "Totaal"
    assert sum(int(r[-1]) for r in body) == 6  # r1..r6
    week_of_r1 = next(r for r in body if r[0].startswith("wk 7 "))
    assert week_of_r1[header.index("Politie en justitie")] == "1"
    week_of_r2 = next(r for r in body if r[0].startswith("wk 16 "))
    assert week_of_r2[header.index("Burger")] == "1"
    den_helder = chart(policy_client, "instroom", gemeente=deadlines.den_helder.pk)
    assert sum(int(r[-1]) for r in den_helder[1:]) == 2


def test_backlog_and_its_three_week_forecast(deadlines, policy_client):
    """R-WL-2: the backlog per week and three weeks ahead; not clearable → escalate."""
    rows = chart(policy_client, "wachtlijst")
    by_day = {r[0]: r[1:] for r in rows[1:]}
    assert by_day["19-04-2026"] == ["1", ""]  # r2 waits from 15 April
    assert by_day["24-05-2026"] == ["2", ""]  # and r4 from 20 May
    assert [r[1:] for r in rows[-3:]] == [["", "2"], ["", "2"], ["", "2"]]
    assert [r[0] for r in rows[-3:]] == ["22-11-2026", "29-11-2026", "06-12-2026"]
    page = policy_client.get("/verantwoording/dashboard", PERIOD).content.decode()
    assert "escaleren naar de regionale stuurgroep" in page


def test_deadlines_on_time_per_month_and_kind(deadlines, policy_client):
    rows = chart(policy_client, "termijnen")
    header = rows[0]
    february = next(r for r in rows if r[0] == "02-2026")
    assert february[header.index("Veiligheidsbeoordeling afronden")] == "100.0"
    assert february[header.index("Contact met de melder")] == "0.0"
    assert february[-1] == "50.0"
    may = next(r for r in rows if r[0] == "05-2026")
    assert may[header.index("Veiligheidsbeoordeling afronden")] == "0.0"  # c4 open past due


def test_caseload_per_worker_for_the_team_leader_per_team_for_policy(
    deadlines, leader_client, policy_client
):
    """R-WL-3: the team leader sees each worker of their team; policy/control sees teams only."""
    leader_rows = chart(leader_client, "caseload")
    assert leader_rows[0] == ["Medewerker", "Actieve dossiers", "Open termijnen", "Te laat"]
    assert next(r for r in leader_rows if r[0] == "Wim Werker")[:2] == ["Wim Werker", "4"]
    policy_rows = chart(policy_client, "caseload")
    assert policy_rows[0] == ["Team", "Actieve dossiers", "Niet toegewezen"]
    assert policy_rows[1][:2] == ["Team Noord", "4"]
    assert (
        "Wim Werker" not in policy_client.get("/verantwoording/dashboard", PERIOD).content.decode()
    )


def test_outcomes_and_monitoring_moments(deadlines, policy_client):
    rows = {
        r[1]: r[2]
        for r in chart(policy_client, "uitkomsten")[1:]
        if r[0] == "Veiligheidsbeoordeling"
    }
    assert rows["1. Afsluiten: geen zorgen"] == "1"
    assert rows["3. Directe overdracht aan een ketenpartner"] == "1"
    assert rows["5. Onderzoek"] == "1"
    assert rows["4. Voorwaarden en vervolg"] == "0"
    concluded = {r[1]: r[2] for r in chart(policy_client, "uitkomsten")[1:] if r[0] == "Onderzoek"}
    assert concluded == {
        "Bevestigd": "1",
        "Niet bevestigd": "0",
        "Weerlegd": "0",
        "Voortijdig beëindigd": "0",
    }
    Deadline.objects.create(
        case=deadlines.case("c1"),
        kind="monitoring_3_months",
        started_on=date(2026, 4, 1),
        due=date(2026, 7, 1),
    )
    cache.clear()  # the figures above are counted once a minute; count again with the new one
    moments = dict(chart(policy_client, "monitoring")[1:])
    assert moments["Gemist (open na de datum)"] == "1"
    assert moments["Op tijd gehouden"] == "0"


def test_policy_control_sees_no_client_data(deadlines, policy_client):
    page = policy_client.get("/verantwoording/dashboard", PERIOD)
    text = page.content.decode()
    assert page.status_code == 200
    assert_no_client_data(text, deadlines.anna, deadlines.bram, deadlines.dirk)
    assert deadlines.case("c1").number not in text


def test_bad_filters_are_refused_in_dutch(deadlines, policy_client):
    page = policy_client.get(
        "/verantwoording/dashboard", {"van": "2026-05-01", "tot": "2026-04-01"}
    )
    assert page.status_code == 400
    assert "De einddatum ligt vóór de begindatum." in page.content.decode()
    page = policy_client.get("/verantwoording/dashboard", {"van": "gisteren"})
    assert page.status_code == 400
    assert "Vul bij &#x27;van&#x27; een geldige datum in" in page.content.decode()
    assert (
        policy_client.get("/verantwoording/dashboard", PERIOD | {"csv": "onbekend"}).status_code
        == 404
    )


def test_a_case_worker_has_no_dashboard(deadlines, worker):
    from tests.conftest import verified_client

    assert verified_client(worker).get("/verantwoording/dashboard").status_code == 403


def test_figures_are_counted_once_a_minute_per_filter(deadlines, policy_client):
    """The figures of one filter are cached for a minute: a second request counts nothing again,
    another period or municipality is counted on its own, and after a minute it counts anew."""
    from zicht.reporting.dashboard import CACHE_SECONDS

    first = chart(policy_client, "instroom")
    with CaptureQueriesContext(connection) as counted:
        assert chart(policy_client, "instroom") == first
    assert not [q for q in counted.captured_queries if "reports_report" in q["sql"]]
    den_helder = chart(policy_client, "instroom", gemeente=deadlines.den_helder.pk)
    assert sum(int(r[-1]) for r in den_helder[1:]) == 2
    deadlines.reports["r1"].__class__.objects.filter(pk=deadlines.reports["r1"].pk).delete()
    assert chart(policy_client, "instroom") == first  # still the minute-old count
    with time_machine.travel(NOW.timestamp() + CACHE_SECONDS + 1, tick=False):
        assert sum(int(r[-1]) for r in chart(policy_client, "instroom")[1:]) == 5
