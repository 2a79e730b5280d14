"""The API of conditions & follow-up, the shared involvement and the warm handover: the same
rules as the pages, problem+json naming fields, 428 without the plan version, 409 stale, scoping."""

import json

import pytest
from django.utils import timezone

from tests.api.factories import token_client
from tests.conditions.conftest import CONDITION, acknowledge, members, plan
from tests.factories import TeamFactory, UserFactory
from zicht.cases.workflow import Phase
from zicht.handover.models import Handover
from zicht.involvement.models import SafetyPlanVersion
from zicht.letters.models import Letter

PROBLEM = "application/problem+json"


def post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


@pytest.fixture
def api(author):
    return token_client(author)


def names(response) -> list[str]:
    assert response["Content-Type"] == PROBLEM, response.content
    return [p["name"] for p in response.json()["invalid_params"]]


def plan_body(case, **overrides):
    ids = members(case)
    body = {
        "plan_version": 0,
        "conditions": [
            {"text": CONDITION, "members": [ids["Karin"]], "check_how": "Wekelijks huisbezoek."}
        ],
        "actions": [{"member": ids["Karin"], "what": "Aanmelden wijkteam", "due": "2027-01-15"}],
    }
    return body | overrides


def test_the_plan_without_its_version_is_428(api, case):
    body = plan_body(case)
    del body["plan_version"]
    response = post(api, f"/api/v1/cases/{case.number}/safety-plan", body)
    assert response.status_code == 428
    assert not SafetyPlanVersion.objects.exists()


def test_a_plan_action_without_a_due_date_names_the_row(api, case):
    """R-VV-2: who, what, by when; problem+json names actions[0].due; nothing saved."""
    ids = members(case)
    body = plan_body(case, actions=[{"member": ids["Karin"], "what": "Bellen"}])
    response = post(api, f"/api/v1/cases/{case.number}/safety-plan", body)
    assert response.status_code == 400
    assert names(response) == ["actions[0].due"]
    assert not SafetyPlanVersion.objects.exists()


def test_versions_and_a_stale_edit_through_the_api(api, case, author):
    """R-VV-2: a new version per change, the earlier one readable with what changed; an edit
    based on an older version is 409 with the current version."""
    first = post(api, f"/api/v1/cases/{case.number}/safety-plan", plan_body(case))
    assert first.status_code == 201, first.content
    condition = first.json()["conditions"][0]
    changed = dict(condition, check_how="Twee keer per week huisbezoek.")
    second = post(
        api,
        f"/api/v1/cases/{case.number}/safety-plan",
        plan_body(case, plan_version=1, conditions=[changed], note="Strakker."),
    )
    assert second.status_code == 201, second.content
    # The condition kept its key (changed); the action was sent without one: a new row.
    changes = [(c["section"], c["kind"]) for c in second.json()["changes"]]
    assert changes == [("conditions", "changed"), ("actions", "added"), ("actions", "removed")]
    stale = post(
        api,
        f"/api/v1/cases/{case.number}/safety-plan",
        plan_body(case, plan_version=1, note="Tegelijk gewijzigd."),
    )
    assert stale.status_code == 409
    assert stale.json()["current_version"] == 2
    state = api.get(f"/api/v1/cases/{case.number}/safety-plan").json()
    assert state["versions"] == [2, 1] and state["current_version"] == 2
    old = api.get(f"/api/v1/cases/{case.number}/safety-plan/versions/1").json()
    assert old["conditions"][0]["check_how"] == "Wekelijks huisbezoek."


def test_acknowledgement_and_conversation_through_the_api(api, case):
    """R-VV-1: the acknowledgement asks nothing about confirmation; a conversation records
    per member spoken or seen, and the coverage shows who is missing."""
    ids = members(case)
    response = post(
        api,
        f"/api/v1/cases/{case.number}/conditions/acknowledgement",
        {
            "acknowledged_on": timezone.localdate().isoformat(),
            "members": [ids["Karin"]],
            "concerns_acknowledged": True,
            "wants_to_work_on_safety": True,
        },
    )
    assert response.status_code == 201, response.content
    response = post(
        api,
        f"/api/v1/cases/{case.number}/conversations",
        {
            "held_on": timezone.localdate().isoformat(),
            "summary": "Kennismaking.",
            "contacts": [{"member": ids["Karin"], "how": "spoken"}],
        },
    )
    assert response.status_code == 201, response.content
    state = api.get(f"/api/v1/cases/{case.number}/conversations").json()
    statuses = {m["name"]: (m["status"], m["missing"]) for m in state["members"]}
    assert statuses == {"Karin de Wit": ("spoken", False), "Sem de Wit": ("none", True)}


def test_a_warm_handover_without_a_meeting_or_conditions_is_refused(api, case, author, partner):
    """R-HO-3 warm: problem+json names the meeting and the plan; nothing is saved."""
    acknowledge(author, case)
    body = {
        "version": case.version,
        "plan_version": 1,
        "partner": partner.pk,
        "facts": "Moeder vertelde over het geweld.",
        "meeting_attendees": "Moeder, gezinscoach",
        "partner_professional": "P. Peters",
        "rationale": "Wijkteam dichtbij.",
        "monitoring_agreements": "Na 3 en 12 maanden.",
    }
    response = post(api, f"/api/v1/cases/{case.number}/warm-handovers", body)
    assert response.status_code == 400
    assert {"meeting_on", "plan"} <= set(names(response))
    assert not Handover.objects.exists()


def test_the_warm_handover_through_the_api(api, case, author, partner):
    acknowledge(author, case)
    plan(author, case)
    case.refresh_from_db()
    body = {
        "version": case.version,
        "plan_version": 1,
        "partner": partner.pk,
        "facts": "Moeder vertelde over het geweld.",
        "meeting_on": timezone.localdate().isoformat(),
        "meeting_attendees": "Moeder, gezinscoach",
        "client_present": True,
        "partner_professional": "P. Peters",
        "rationale": "Wijkteam dichtbij.",
        "monitoring_agreements": "Na 3 en 12 maanden.",
    }
    response = post(api, f"/api/v1/cases/{case.number}/warm-handovers", body)
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["form"] == "warm" and data["plan_version"] == 1
    assert data["confirmation_url"].startswith("http://testserver/overdracht/")
    case.refresh_from_db()
    assert case.phase == Phase.HANDOVER


def test_out_of_scope_cases_are_404(case):
    stranger = UserFactory(email="ander@zicht.test")
    TeamFactory().members.add(stranger)
    client = token_client(stranger)
    for path in ("safety-plan", "conversations", "conditions/acknowledgement"):
        assert client.get(f"/api/v1/cases/{case.number}/{path}").status_code == 404
    response = post(client, f"/api/v1/cases/{case.number}/safety-plan", plan_body(case))
    assert response.status_code == 404
    assert not SafetyPlanVersion.objects.exists()


def test_the_plan_goes_to_the_household_recording_its_version(api, case, author):
    """R-VV-2: the plan sent is the version current at sending; a stale one is 409."""
    plan(author, case)
    url = f"/api/v1/cases/{case.number}/conditions/plan-letters"
    assert post(api, url, {}).status_code == 428
    assert post(api, url, {"plan_version": 2}).status_code == 409
    response = post(api, url, {"plan_version": 1})
    assert response.status_code == 201, response.content
    (letter,) = response.json()
    assert letter["plan_version"] == 1 and letter["recipient_name"] == "Karin de Wit"
    sent = Letter.objects.get(pk=letter["letter"])
    assert sent.template_code == "safety_plan_to_household" and "versie 1" in sent.subject
    assert CONDITION in sent.html
