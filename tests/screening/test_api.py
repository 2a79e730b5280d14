"""The screening API: list, recording a screening, waiting-list figures; problem+json errors."""

import pytest
from django.test import Client

from tests.api.factories import token_client
from tests.factories import UserFactory
from tests.screening.helpers import assess, register
from zicht.audit.models import AccessEvent, AccessLogEntry, Channel
from zicht.cases.models import Deadline
from zicht.people.models import HouseholdRole
from zicht.screening.models import Screening

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"


def _post(client, report_id, body):
    return client.post(
        f"/api/v1/screening/{report_id}/screenings", body, content_type="application/json"
    )


def test_list_in_risk_order_scoped_and_logged(screener, team):
    """R-WL-1, R-PRIV-3: the API list is the screener's scope in risk order, each case logged."""
    plain = register(screener, team)
    child = register(screener, team, roles=(HouseholdRole.PARENT_CARER, HouseholdRole.CHILD))
    register(UserFactory(), team.__class__.objects.create(name="Team Zuid"))
    response = token_client(screener).get("/api/v1/screening")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    assert [row["report_id"] for row in body["results"]] == [child.pk, plain.pk]
    first = body["results"][0]
    assert first["children"] is True and first["acute"] is False
    assert first["screened_today"] is False and first["last_screened_on"] is None
    assert first["violence_labels"] == ["Psychisch geweld"]
    logged = AccessLogEntry.objects.filter(
        user=screener, channel=Channel.API, event=AccessEvent.READ
    )
    assert {e.case_id for e in logged} == {plain.case_id, child.case_id}


def test_post_screening_201_then_200_the_same_day(screener, team):
    """R-WL-1: a screening is recorded (201); a second the same day replaces it (200); acute
    starts the crisis deadline."""
    report = register(screener, team)
    client = token_client(screener)
    first = _post(client, report.pk, {"note": "Rustig", "acute": False})
    assert first.status_code == 201 and first.json()["acute"] is False
    second = _post(client, report.pk, {"note": "Dreiging", "acute": True})
    assert second.status_code == 200 and second.json()["note"] == "Dreiging"
    assert Screening.objects.filter(report=report).count() == 1
    assert Deadline.objects.filter(case=report.case, kind="crisis_action").exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"acute": True}, "note"),
        ({"note": "x"}, "acute"),
        ({"note": "x", "acute": "misschien"}, "acute"),
    ],
)
def test_bad_input_is_problem_json_naming_the_field(screener, team, body, field):
    """Bad input answers 400 problem+json with the field named; nothing saved."""
    report = register(screener, team)
    response = _post(token_client(screener), report.pk, body)
    assert response.status_code == 400 and response["Content-Type"] == PROBLEM
    assert field in [p["name"] for p in response.json()["invalid_params"]]
    assert not Screening.objects.exists()


def test_assessed_report_is_refused(screener, team):
    """R-WL-1: an assessed report is no longer screened: 400 naming `report`."""
    report = register(screener, team)
    assess(report, UserFactory())
    response = _post(token_client(screener), report.pk, {"note": "x", "acute": False})
    assert response.status_code == 400
    assert [p["name"] for p in response.json()["invalid_params"]] == ["report"]


def test_unknown_and_out_of_scope_reports_are_404(screener, team):
    """R-PRIV-3: another team's report answers like an unknown one."""
    report = register(screener, team)
    outsider = token_client(UserFactory())
    assert _post(outsider, report.pk, {"note": "x", "acute": False}).status_code == 404
    assert _post(token_client(screener), 999999, {"note": "x", "acute": False}).status_code == 404


@pytest.mark.parametrize(
    ("role", "screening", "waiting"),
    [
        ("case_worker", 200, 403),
        ("team_leader", 200, 200),
        ("front_office", 403, 403),
        ("policy_control", 403, 200),
    ],
)
def test_permissions(role, screening, waiting):
    """R-WL-1, R-WL-2: screening needs ASSESS_SAFETY; the figures need LEAD_TEAM or
    VIEW_MANAGEMENT_INFO."""
    client = token_client(UserFactory(role=role))
    assert client.get("/api/v1/screening").status_code == screening
    response = client.get("/api/v1/waiting-list")
    assert response.status_code == waiting


def test_not_logged_in_is_401():
    response = Client().get("/api/v1/waiting-list")
    assert response.status_code == 401 and response["Content-Type"] == PROBLEM


def test_waiting_list_figures(screener, team):
    """R-WL-2: the figures and the signal, with no client data."""
    report = register(screener, team)
    response = token_client(UserFactory(policy_control=True)).get("/api/v1/waiting-list")
    body = response.json()
    assert body["backlog"] == 1 and body["signal"] is True and body["days_to_clear"] is None
    assert body["per_team"] == [{"team": "Team Noord", "backlog": 1}]
    assert len(body["trend"]) == 28 and body["trend"][-1]["backlog"] == 1
    assert body["last_escalation"] is None
    assert report.case.number not in response.content.decode()
