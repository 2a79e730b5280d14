"""The screening pages: permissions, marking, errors, access log, query counts."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from tests.conftest import verified_client
from tests.factories import UserFactory
from tests.screening.helpers import register
from zicht.audit.models import AccessEvent, AccessLogEntry
from zicht.cases.models import Deadline
from zicht.screening import services
from zicht.screening.models import Screening, WaitingListEscalation

pytestmark = pytest.mark.django_db

LIST = "/screening"
WAITING = "/screening/wachtlijst"


def _screen_url(report):
    return f"/screening/meldingen/{report.pk}"


@pytest.mark.parametrize(
    ("role", "list_status", "waiting_status"),
    [
        ("case_worker", 200, 403),
        ("team_leader", 200, 200),
        ("front_office", 403, 403),
        ("policy_control", 403, 200),  # figures, never the client list
        ("functional_admin", 403, 403),
    ],
)
def test_who_sees_what(team, role, list_status, waiting_status):
    """R-WL-1, R-WL-2: screening needs ASSESS_SAFETY; the waiting list's figures are for team
    leaders and management information (policy/control), without client data."""
    user = UserFactory(role=role)
    team.members.add(user)
    client = verified_client(user)
    assert client.get(LIST).status_code == list_status
    assert client.get(WAITING).status_code == waiting_status


def test_list_marks_reports_not_screened_today(screener, screener_client, team):
    """R-WL-1: the list shows which reports have not been screened today."""
    done = register(screener, team)
    waiting = register(screener, team)
    services.screening_record(user=screener, report=done, note="Gezien", acute=False)
    page = screener_client.get(LIST).content.decode()
    assert "Vandaag nog niet gescreend: <strong>1</strong>" in page
    assert _screen_url(waiting) in page and _screen_url(done) not in page
    assert "Sanne Screener" in page  # last screened by


def test_yesterdays_screening_is_not_today(screener, screener_client, team):
    """R-WL-1: daily: a report screened yesterday is due again today."""
    report = register(screener, team, received_at=timezone.now() - timedelta(days=2))
    with time_machine.travel(timezone.now() - timedelta(days=1)):
        services.screening_record(user=screener, report=report, note="Gisteren", acute=False)
    page = screener_client.get(LIST).content.decode()
    assert _screen_url(report) in page


def test_reading_the_list_logs_each_case_shown(screener, screener_client, team):
    """R-PRIV-3: the list shows case numbers, so each case shown gets a read entry."""
    reports = [register(screener, team) for _ in range(2)]
    screener_client.get(LIST)
    logged = AccessLogEntry.objects.filter(
        user=screener, event=AccessEvent.READ, detail="screeningslijst"
    )
    assert {e.case_id for e in logged} == {r.case_id for r in reports}


def test_list_queries_do_not_grow_with_rows(
    screener, screener_client, team, django_assert_max_num_queries
):
    """R-WL-1: the list costs the same number of queries for 2 rows or 12."""
    for _ in range(2):
        services.screening_record(
            user=screener, report=register(screener, team), note="Gezien", acute=True
        )
    with django_assert_max_num_queries(30) as few:
        screener_client.get(LIST)
    for _ in range(10):
        services.screening_record(
            user=screener, report=register(screener, team), note="Gezien", acute=False
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = screener_client.get(LIST)
    assert response.content.decode().count("/screening/meldingen/") == 0  # all screened today


def test_list_is_paginated(screener, screener_client, team, monkeypatch):
    """R-WL-1: the list is paginated."""
    monkeypatch.setattr("zicht.screening.views.PAGE_SIZE", 2)
    for _ in range(3):
        register(screener, team)
    first = screener_client.get(LIST).content.decode()
    second = screener_client.get(LIST + "?pagina=2").content.decode()
    assert "Pagina 1 van 2" in first and "Pagina 2 van 2" in second
    assert first.count("/screening/meldingen/") == 2 and second.count("/screening/meldingen/") == 1


def test_screening_form_records_and_redirects(screener, screener_client, team):
    """R-WL-1: the screener records "vandaag gescreend" with a note; acute starts the crisis
    deadline."""
    report = register(screener, team)
    response = screener_client.post(_screen_url(report), {"note": "Dreiging", "acute": "ja"})
    assert response.status_code == 302 and response["Location"] == LIST
    assert Screening.objects.get(report=report).acute is True
    assert Deadline.objects.filter(case=report.case, kind="crisis_action").exists()


def test_screening_form_errors_keep_the_input(screener, screener_client, team):
    """A missing choice is refused with a Dutch message naming the field; the note stays."""
    report = register(screener, team)
    response = screener_client.post(_screen_url(report), {"note": "Mijn notitie"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Is er direct gevaar?: Kies of er direct gevaar is" in page
    assert "Mijn notitie" in page
    assert not Screening.objects.exists()


def test_screening_a_report_out_of_scope_is_404(team, screener):
    """R-PRIV-3: another team's report answers as if it did not exist."""
    report = register(screener, team)
    outsider = UserFactory()
    assert verified_client(outsider).get(_screen_url(report)).status_code == 404
    assert (
        verified_client(outsider)
        .post(_screen_url(report), {"note": "x", "acute": "nee"})
        .status_code
        == 404
    )


def test_waiting_list_page_shows_signal_and_records_escalation(leader, screener, team):
    """R-WL-2: the signal is a prominent notice; the team leader records the escalation and the
    page shows when it was escalated."""
    register(screener, team)
    client = verified_client(leader)
    page = client.get(WAITING).content.decode()
    assert "Escaleren naar de regionale stuurgroep" in page
    assert "Er is nog geen escalatie vastgelegd." in page
    response = client.post(
        WAITING,
        {
            "escalated_on": timezone.localdate().isoformat(),
            "escalated_to": "Regionale stuurgroep",
            "note": "Extra capaciteit gevraagd",
        },
    )
    assert response.status_code == 302
    page = client.get(WAITING).content.decode()
    assert "Laatst geëscaleerd op" in page and "aan Regionale stuurgroep" in page


def test_waiting_list_without_backlog_has_no_signal(leader):
    """R-WL-2: no backlog, no signal."""
    page = verified_client(leader).get(WAITING).content.decode()
    assert "Escaleren naar de regionale stuurgroep" not in page
    assert "binnen 3 weken weg te werken" in page


def test_escalation_form_errors_name_the_field(leader):
    """R-WL-2: bad input on the escalation form is refused with the field named; nothing saved."""
    response = verified_client(leader).post(
        WAITING, {"escalated_on": "morgen", "escalated_to": "", "note": "x"}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Datum van de escalatie: Vul een geldige datum in" in page
    assert "Aan wie: Vul in aan wie u heeft geëscaleerd" in page
    assert not WaitingListEscalation.objects.exists()


def test_policy_control_sees_figures_but_may_not_escalate(screener, team):
    """R-WL-2: policy/control reads the figures (no client data on the page) but records no
    escalation."""
    report = register(screener, team)
    client = verified_client(UserFactory(policy_control=True))
    page = client.get(WAITING).content.decode()
    assert report.case.number not in page and "Escalatie vastleggen" not in page
    response = client.post(
        WAITING, {"escalated_on": "2026-01-05", "escalated_to": "Stuurgroep", "note": "x"}
    )
    assert response.status_code == 403
    assert not WaitingListEscalation.objects.exists()
