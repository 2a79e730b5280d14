"""The handover API: problem+json naming fields, scoping, the partner system's confirmation
(R-HO-5), hand-back (R-HO-6), disputes (R-HO-7)."""

import json

import pytest
from django.utils import timezone

from tests.api.factories import token_client
from tests.factories import PartnerAgencyFactory, TeamFactory, UserFactory
from tests.handover.conftest import FACTS, send
from zicht.accounts.policy import Role
from zicht.audit.models import AccessLogEntry, Channel
from zicht.cases.models import HolderType
from zicht.cases.services import current_period
from zicht.handover.models import Handover, HandoverStatus
from zicht.reports.models import PartnerSystemAccount

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"


def post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


@pytest.fixture
def api(case_worker):
    return token_client(case_worker)


@pytest.fixture
def partner_system(partner, team):
    account = PartnerSystemAccount.objects.create(
        user=UserFactory(role=Role.PARTNER_SYSTEM, email="wijkteam-koppeling@zicht.test"),
        partner=partner,
        default_team=team,
    )
    return token_client(account.user)


def _body(case, partner, **overrides):
    body = {
        "version": case.version,
        "partner": partner.pk,
        "facts": FACTS,
        "opinions": [
            {"text": "Spanning neemt toe", "holder": "J. de Boer", "based_on": "Twee meldingen"}
        ],
    }
    return body | overrides


def test_post_sends_and_answers_the_link_once(api, case, partner):
    """R-HO-3: POST sends the handover; the answer carries the confirmation link."""
    response = post(api, f"/api/v1/cases/{case.number}/handovers", _body(case, partner))
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["confirmation_url"].startswith("http://testserver/overdracht/")
    assert data["status"] == "sent"
    assert data["opinions"][0]["holder"] == "J. de Boer"
    listed = api.get(f"/api/v1/cases/{case.number}/handovers").json()
    assert "confirmation_url" not in listed[0]


def test_post_without_facts_is_problem_json_naming_facts(api, case, partner):
    """R-HO-4: facts required; problem+json names the field."""
    response = post(api, f"/api/v1/cases/{case.number}/handovers", _body(case, partner, facts=""))
    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM
    assert [p["name"] for p in response.json()["invalid_params"]] == ["facts"]


def test_opinion_without_source_names_the_opinion_field(api, case, partner):
    """R-HO-4: an opinion without whose it is: invalid_params names opinions[0].holder."""
    body = _body(case, partner, opinions=[{"text": "Vermoeden", "holder": "", "based_on": "x"}])
    response = post(api, f"/api/v1/cases/{case.number}/handovers", body)
    assert response.status_code == 400
    names = [p["name"] for p in response.json()["invalid_params"]]
    assert names == ["opinions[0].holder"]
    assert not Handover.objects.exists()


def test_stale_version_is_409(api, case, partner):
    response = post(api, f"/api/v1/cases/{case.number}/handovers", _body(case, partner, version=99))
    assert response.status_code == 409
    assert response.json()["type"].endswith("verouderde-versie")


def test_out_of_scope_case_is_404(case, partner):
    stranger = UserFactory()
    TeamFactory(name="Team Zuid").members.add(stranger)
    client = token_client(stranger)
    assert client.get(f"/api/v1/cases/{case.number}/handovers").status_code == 404
    assert (
        post(client, f"/api/v1/cases/{case.number}/handovers", _body(case, partner)).status_code
        == 404
    )


def test_partner_system_confirms_its_own_handover(case_worker, case, partner, partner_system):
    """R-HO-5 through the API: the partner system accepts; the partner becomes responsible;
    the access log names the partner system on the API channel."""
    handover, _ = send(case_worker, case, partner)
    detail = partner_system.get(f"/api/v1/handovers/{handover.pk}")
    assert detail.status_code == 200
    assert detail.json()["facts"] == FACTS
    response = post(
        partner_system,
        f"/api/v1/handovers/{handover.pk}/confirmation",
        {"decision": "accepted", "name": "Sanne Smit"},
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "accepted"
    assert current_period(case).holder_type == HolderType.PARTNER
    entry = AccessLogEntry.objects.filter(channel=Channel.API, case_id=case.pk).last()
    assert "wijkteam-koppeling@zicht.test" in entry.user_label


def test_partner_system_of_another_partner_gets_404(case_worker, case, partner, team):
    handover, _ = send(case_worker, case, partner)
    other = PartnerSystemAccount.objects.create(
        user=UserFactory(role=Role.PARTNER_SYSTEM),
        partner=PartnerAgencyFactory(name="Ander wijkteam"),
        default_team=team,
    )
    client = token_client(other.user)
    assert client.get(f"/api/v1/handovers/{handover.pk}").status_code == 404
    response = post(
        client, f"/api/v1/handovers/{handover.pk}/confirmation", {"decision": "accepted"}
    )
    assert response.status_code == 404
    assert Handover.objects.get().status == HandoverStatus.SENT


def test_staff_cannot_use_the_confirmation(api, case_worker, case, partner):
    handover, _ = send(case_worker, case, partner)
    response = post(api, f"/api/v1/handovers/{handover.pk}/confirmation", {"decision": "accepted"})
    assert response.status_code in (401, 403)
    assert response["Content-Type"] == PROBLEM


def test_confirmation_after_hand_back_is_refused(api, case_worker, case, partner, partner_system):
    """R-HO-6: a handover handed back cannot be confirmed: 409 (already handed back), the
    problem+json names `decision`."""
    handover, _ = send(case_worker, case, partner)
    case.refresh_from_db()
    back = post(
        api,
        f"/api/v1/cases/{case.number}/handovers/{handover.pk}/hand-back",
        {"version": case.version, "by": "household", "reason": "Gezin wil niet"},
    )
    assert back.status_code == 200, back.content
    assert back.json()["status"] == "handed_back"
    response = post(
        partner_system, f"/api/v1/handovers/{handover.pk}/confirmation", {"decision": "accepted"}
    )
    assert response.status_code == 409
    assert response.json()["type"] == "urn:zicht:probleem:bestaat-al"
    assert response.json()["invalid_params"][0]["name"] == "decision"
    assert current_period(case).holder_type == HolderType.VT


def test_hand_back_without_reason_names_reason(api, case_worker, case, partner):
    handover, _ = send(case_worker, case, partner)
    case.refresh_from_db()
    response = post(
        api,
        f"/api/v1/cases/{case.number}/handovers/{handover.pk}/hand-back",
        {"version": case.version, "by": "partner"},
    )
    assert response.status_code == 400
    assert [p["name"] for p in response.json()["invalid_params"]] == ["reason"]


def test_dispute_steps_and_resolution(api, case_worker, case, partner, partner_system):
    """R-HO-7 through the API: dispute → VT responsible; step 2 before 1 refused naming `level`;
    resolution back to the partner."""
    handover, _ = send(case_worker, case, partner)
    post(partner_system, f"/api/v1/handovers/{handover.pk}/confirmation", {"decision": "accepted"})
    case.refresh_from_db()
    opened = post(
        api,
        f"/api/v1/cases/{case.number}/disputes",
        {"version": case.version, "handover": handover.pk, "reason": "Geen start"},
    )
    assert opened.status_code == 201, opened.content
    assert current_period(case).holder_type == HolderType.VT
    dispute_id = opened.json()["id"]
    case.refresh_from_db()
    step = {
        "version": case.version,
        "level": 2,
        "held_on": timezone.localdate().isoformat(),
        "participants": "Teamleiders",
        "outcome": "not_resolved",
    }
    url = f"/api/v1/cases/{case.number}/disputes/{dispute_id}/steps"
    refused = post(api, url, step)
    assert refused.status_code == 400
    assert refused.json()["invalid_params"][0]["name"] == "level"
    done = post(api, url, step | {"level": 1})
    assert done.status_code == 201
    assert [s["level"] for s in done.json()["steps"]] == [1]
    case.refresh_from_db()
    resolved = post(
        api,
        f"/api/v1/cases/{case.number}/disputes/{dispute_id}/resolution",
        {"version": case.version, "holder": "partner"},
    )
    assert resolved.status_code == 200
    assert current_period(case).holder_type == HolderType.PARTNER
    assert api.get(f"/api/v1/cases/{case.number}/disputes").json()[0]["is_open"] is False


def test_openapi_document_describes_the_handover_routes(api):
    paths = api.get("/api/v1/openapi.json").json()["paths"]
    for path in (
        "/cases/{number}/handovers",
        "/handovers/{id}",
        "/handovers/{id}/confirmation",
        "/cases/{number}/handovers/{id}/hand-back",
        "/cases/{number}/disputes",
        "/cases/{number}/disputes/{id}/steps",
        "/cases/{number}/disputes/{id}/resolution",
    ):
        assert path in paths
