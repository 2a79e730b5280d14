"""Each partner sees only what it delivered or was handed, and every call of a partner system is in
the access log under its name (issue 19.3): a police system and a local team's system, side by
side."""

import json

import pytest

from tests.api.factories import token_client
from tests.factories import PartnerAgencyFactory, UserFactory
from tests.handover.conftest import send
from zicht.accounts.policy import Role
from zicht.audit.models import AccessEvent, AccessLogEntry, Channel
from zicht.handover.models import Handover, HandoverStatus
from zicht.reports.models import PartnerSystemAccount, Report

pytestmark = pytest.mark.django_db

REPORT = {
    "reporter": {"name": "Agent De Vries", "kind": "professional", "phone": "0881234567", "sector": "police_justice"},
    "concerns": "Melding huiselijk geweld na inzet in de nacht.",
    "violence_types": ["physical"],
    "persons": [
        {"first_names": "Piet", "last_name": "Smit", "birth_year": 1985, "role": "alleged_perpetrator"},
        {"first_names": "Anna", "last_name": "Smit", "birth_year": 1987, "role": "victim"},
    ],
}  # fmt: skip


def system(partner, team, name):
    return PartnerSystemAccount.objects.create(
        user=UserFactory(
            role=Role.PARTNER_SYSTEM,
            full_name=f"{partner.name} (koppeling)",
            email=f"{name}@zicht.test",
        ),
        partner=partner,
        default_team=team,
    ).user


@pytest.fixture
def police(team):
    return system(PartnerAgencyFactory(name="Politie Noord-Holland"), team, "politie")


@pytest.fixture
def local_team(partner, team):
    return system(partner, team, "wijkteam")


def report(client, key):
    return client.post(
        "/api/v1/reports",
        json.dumps(REPORT),
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY=key,
    )


def test_police_cannot_read_a_local_teams_handover(case_worker, case, partner, police, local_team):
    """Issue 19.3: a handover to the local team is not there for the police system — not in its
    list, not by id, not to answer (404, as for an unknown handover)."""
    handover, _ = send(case_worker, case, partner)
    by_police = token_client(police)
    assert by_police.get("/api/v1/handovers").json()["count"] == 0
    assert by_police.get(f"/api/v1/handovers/{handover.pk}").status_code == 404
    answer = by_police.post(
        f"/api/v1/handovers/{handover.pk}/confirmation",
        json.dumps({"decision": "accepted", "name": "Agent"}),
        content_type="application/json",
    )
    assert answer.status_code == 404
    assert Handover.objects.get().status == HandoverStatus.SENT

    by_team = token_client(local_team)
    listed = by_team.get("/api/v1/handovers?status=sent").json()
    assert [row["id"] for row in listed["results"]] == [handover.pk]
    assert listed["results"][0]["case_number"] == case.number
    assert by_team.get("/api/v1/handovers?status=accepted").json()["count"] == 0
    assert by_team.get(f"/api/v1/handovers/{handover.pk}").status_code == 200


def test_a_local_team_cannot_read_what_the_police_delivered(police, local_team):
    """Vice versa: the police's report is not there for the local team. Its key is the police's
    own (the same key from the local team is not a replay of the police's answer), and the
    case the report opened is out of the local team's reach."""
    delivered = report(token_client(police), "politie-2026-0001")
    assert delivered.status_code == 201, delivered.content.decode()
    by_team = token_client(local_team)
    other = report(by_team, "politie-2026-0001")
    assert other.status_code == 201
    assert "Idempotent-Replayed" not in other
    assert other.json()["id"] != delivered.json()["id"]
    assert Report.objects.count() == 2
    number = delivered.json()["case_number"]
    assert by_team.get(f"/api/v1/cases/{number}").status_code == 403
    assert by_team.get("/api/v1/cases").status_code == 403
    assert by_team.get("/api/v1/persons").status_code == 403


def test_a_status_outside_the_list_is_a_400_naming_it(local_team):
    response = token_client(local_team).get("/api/v1/handovers?status=onzin")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["invalid_params"][0]["name"] == "status"


def test_staff_have_no_partner_list(case_worker):
    assert token_client(case_worker).get("/api/v1/handovers").status_code in (401, 403)


def test_every_call_is_in_the_access_log_under_the_partners_name(
    case_worker, case, partner, police, local_team
):
    """Issue 19.3 (R-PRIV-3): the police's delivery and its replay, the local team's list, read
    and answer — each call that touches a client's data is logged under the partner system's
    name, on the API channel."""
    by_police = token_client(police)
    assert report(by_police, "politie-2026-0002").status_code == 201
    replayed = report(by_police, "politie-2026-0002")
    assert replayed["Idempotent-Replayed"] == "true"
    police_entries = AccessLogEntry.objects.filter(user_id=police.pk, channel=Channel.API)
    assert police_entries.filter(event=AccessEvent.CREATE).exists()
    again = police_entries.filter(event=AccessEvent.READ, detail__startswith="eerder antwoord")
    assert again.count() == 2  # one per person the replayed answer names
    assert {e.case_number for e in again} == {replayed.json()["case_number"]}
    assert all("Politie Noord-Holland (koppeling)" in e.user_label for e in police_entries)

    handover, _ = send(case_worker, case, partner)
    by_team = token_client(local_team)
    by_team.get("/api/v1/handovers")
    by_team.get(f"/api/v1/handovers/{handover.pk}")
    by_team.post(
        f"/api/v1/handovers/{handover.pk}/confirmation",
        json.dumps({"decision": "accepted", "name": "Sanne Smit"}),
        content_type="application/json",
    )
    team_entries = AccessLogEntry.objects.filter(user_id=local_team.pk, channel=Channel.API)
    resources = set(team_entries.values_list("resource", flat=True))
    assert {"/api/v1/handovers", f"/api/v1/handovers/{handover.pk}"} <= resources
    assert team_entries.filter(event=AccessEvent.CHANGE).exists()  # the answer
    assert all("Wijkteam Alkmaar-Noord (koppeling)" in e.user_label for e in team_entries)
    assert {e.case_number for e in team_entries} == {case.number}
