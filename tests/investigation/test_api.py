"""The investigation API: the same rules as the pages (R-OND-1, R-OND-3, R-OND-5), problem+json
naming the field, nothing half-saved, versions on changes, scoping and access logging."""

import json

import pytest
from django.utils import timezone

from tests.api.factories import token_client
from tests.factories import UserFactory
from tests.investigation.conftest import member, talk
from zicht.audit.models import AccessLogEntry, Channel
from zicht.investigation.models import AuthorityNotice, Investigation
from zicht.involvement.models import Conversation

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"


def post(client, url, body, method="post"):
    return getattr(client, method)(url, json.dumps(body), content_type="application/json")


@pytest.fixture
def api(author):
    return token_client(author)


def base(case) -> str:
    return f"/api/v1/cases/{case.number}/investigation"


def fields(response) -> set[str]:
    body = response.json()
    return {p["name"] for p in body.get("invalid_params", [])} | {body.get("field", "")}


def test_ond1_start_with_grounds_and_read_back(api, case):
    """R-OND-1 over the API; GET lists every member with the state of the conversations."""
    response = post(
        api,
        base(case),
        {"grounds": [{"ground": "no_cooperation", "explanation": "Vader weigert gesprekken."}]},
    )
    assert response.status_code == 201, response.content
    body = api.get(base(case)).json()
    assert body["grounds"] == [
        {"ground": "no_cooperation", "explanation": "Vader weigert gesprekken."}
    ]
    assert [m["name"] for m in body["members"]] == ["Karin de Wit", "Sem de Wit", "Lotte de Wit"]
    assert not any(m["covered"] for m in body["members"])
    assert AccessLogEntry.objects.filter(channel=Channel.API, resource=base(case)).exists()


def test_ond1_ground_without_explanation_is_problem_json(api, case):
    response = post(api, base(case), {"grounds": [{"ground": "unclear", "explanation": ""}]})
    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM
    assert "explanation_unclear" in fields(response)
    assert not Investigation.objects.exists()


def test_grounds_change_needs_the_version(api, case, investigation):
    body = {"grounds": [{"ground": "insufficient", "explanation": "Te weinig bekend."}]}
    assert post(api, f"{base(case)}/grounds", body, "put").status_code == 428
    stale = post(api, f"{base(case)}/grounds", {**body, "version": 99}, "put")
    assert stale.status_code == 409 and stale.json()["current_version"] == investigation.version
    done = post(api, f"{base(case)}/grounds", {**body, "version": investigation.version}, "put")
    assert done.status_code == 200 and done.json()["version"] == investigation.version + 1


def test_ond3_child_of_seven_seen_without_reason_refused(api, case, investigation):
    """R-OND-3 over the API: skipping a child of 6+ without a reason is 400, field named."""
    sem = member(case, "Sem")
    response = post(
        api,
        f"{base(case)}/conversations",
        {
            "held_on": timezone.localdate().isoformat(),
            "summary": "Huisbezoek.",
            "contacts": [{"member": sem.pk, "how": "seen"}],
        },
    )
    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM
    assert f"reason_{sem.pk}" in fields(response)
    assert not Conversation.objects.exists()
    ok = post(
        api,
        f"{base(case)}/conversations",
        {
            "held_on": timezone.localdate().isoformat(),
            "summary": "Huisbezoek.",
            "contacts": [{"member": sem.pk, "how": "seen"}],
            "reasons": [{"member": sem.pk, "reason": "Sem was ziek; volgende week op school."}],
        },
    )
    assert ok.status_code == 201, ok.content


def test_ond3_conclusion_refused_while_a_member_is_missing(api, author, case, investigation):
    """R-OND-3: concluding with a member missing is 400 on `conclusion`, nothing saved."""
    talk(author, case, investigation, ("Karin", "spoken"))
    body = {
        "version": investigation.version,
        "conclusion": "refuted",
        "facts": "Geen aanwijzingen voor geweld.",
        "next_steps": "Afsluiten.",
    }
    response = post(api, f"{base(case)}/conclusion", body)
    assert response.status_code == 400
    assert "conclusion" in fields(response)
    assert "Sem de Wit" in response.content.decode()
    investigation.refresh_from_db()
    assert investigation.concluded_at is None
    assert post(api, f"{base(case)}/conclusion", {**body, "version": None}).status_code == 428


def test_ond2_conclusion_over_the_api(api, author, case, investigation):
    talk(author, case, investigation, ("Karin", "spoken"), ("Sem", "spoken"), ("Lotte", "seen"))
    response = post(
        api,
        f"{base(case)}/conclusion",
        {
            "version": investigation.version,
            "conclusion": "confirmed",
            "facts": "Sem vertelde over slaan.",
            "next_steps": "Plan en warme overdracht.",
            "opinions": [{"text": "Het escaleert.", "holder": "B. Gedrag", "based_on": "Sem."}],
        },
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["conclusion"] == "confirmed"
    assert body["opinions"] == [
        {"text": "Het escaleert.", "holder": "B. Gedrag", "based_on": "Sem."}
    ]


def test_ond5_rvdk_without_college_refused_over_the_api(api, case, investigation):
    """R-OND-5 over the API: 400 naming `inform_college`, nothing saved."""
    body = {"kind": "rvdk", "made_on": timezone.localdate().isoformat(), "grounds": "Zorgen."}
    response = post(api, f"{base(case)}/notices", body)
    assert response.status_code == 400 and "inform_college" in fields(response)
    assert not AuthorityNotice.objects.exists()
    done = post(api, f"{base(case)}/notices", {**body, "inform_college": True})
    assert done.status_code == 201 and done.json()["college_letter"]


def test_network_request_and_answer(api, case, investigation):
    asked = post(
        api,
        f"{base(case)}/network-requests",
        {
            "kind": "professional",
            "source": "Huisarts Van Dam",
            "asked_on": timezone.localdate().isoformat(),
            "question": "Is het gezin bij u bekend?",
        },
    )
    assert asked.status_code == 201, asked.content
    url = f"{base(case)}/network-requests/{asked.json()['id']}/answer"
    body = {"answer": "Ja, sinds 2020.", "answered_on": timezone.localdate().isoformat()}
    assert post(api, url, body).status_code == 200
    assert post(api, url, body).status_code == 409  # not overwritten


def test_other_teams_case_is_404(case, investigation):
    """Scoping: a worker of another team gets the 404 of an unknown case."""
    stranger = token_client(UserFactory())
    assert stranger.get(base(case)).status_code == 404
    body = {"kind": "police", "made_on": timezone.localdate().isoformat(), "grounds": "x"}
    assert post(stranger, f"{base(case)}/notices", body).status_code == 404
    assert not AuthorityNotice.objects.exists()
