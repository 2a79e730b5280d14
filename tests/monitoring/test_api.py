"""The monitoring API: problem+json naming fields, scoping, the same rules as the pages."""

import json

import pytest
from django.utils import timezone

from tests.api.factories import token_client
from tests.factories import TeamFactory, UserFactory
from tests.monitoring.conftest import start
from zicht.accounts.policy import Role
from zicht.audit.models import AccessLogEntry, Channel
from zicht.monitoring.models import MomentKind, MonitoringCheck

pytestmark = pytest.mark.django_db


def post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


@pytest.fixture
def api(case_worker):
    return token_client(case_worker)


def base(case) -> str:
    return f"/api/v1/cases/{case.number}/monitoring-plans"


def check_body(case, plan, **overrides):
    case.refresh_from_db()
    conditions = plan.case.safety_plan.versions.last().conditions.all()
    body = {
        "version": case.version,
        "moment": plan.moments.get(kind=MomentKind.THREE_MONTHS).pk,
        "held_on": timezone.localdate().isoformat(),
        "direct_safety": True,
        "stable_safety": "not_yet",
        "recovery_worked_on": True,
        "summary": "Huisbezoek.",
        "partner_view": "Gaat goed.",
        "conditions": [{"condition": c.pk, "result": "met"} for c in conditions],
        "contacts": [{"member": m.pk, "spoken": True} for m in case.household.members.all()],
    }
    return body | overrides


def test_start_and_list_plans(api, monitored):
    """R-MON-1, R-MON-2 by API: the plan starts with its two statutory moments; the list is
    logged as an API read."""
    response = post(
        api,
        base(monitored),
        {"version": monitored.version, "started_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 201, response.content
    assert [m["kind"] for m in response.json()["moments"]] == ["three_months", "twelve_months"]
    listed = api.get(base(monitored))
    assert listed.status_code == 200 and len(listed.json()) == 1
    assert AccessLogEntry.objects.filter(channel=Channel.API, case_id=monitored.pk).exists()


def test_a_check_without_a_member_is_problem_json_naming_the_field(api, case_worker, monitored):
    """R-MON-3 by API: a member left out is a 400 problem naming `contacts`."""
    plan = start(case_worker, monitored)
    body = check_body(monitored, plan)
    body["contacts"] = body["contacts"][1:]
    response = post(api, f"{base(monitored)}/{plan.pk}/checks", body)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")
    assert "contacts" in json.dumps(response.json())
    assert not MonitoringCheck.objects.exists()
    response = post(api, f"{base(monitored)}/{plan.pk}/checks", check_body(monitored, plan))
    assert response.status_code == 201, response.content


def test_a_stale_version_is_a_conflict(api, case_worker, monitored):
    plan = start(case_worker, monitored)
    response = post(
        api, f"{base(monitored)}/{plan.pk}/checks", check_body(monitored, plan, version=1)
    )
    assert response.status_code == 409
    assert not MonitoringCheck.objects.exists()


def test_another_team_s_plan_is_not_found(case_worker, monitored):
    """R-PRIV-3: out of scope is 404, the same as missing."""
    plan = start(case_worker, monitored)
    stranger = UserFactory(role=Role.CASE_WORKER)
    stranger.teams.add(TeamFactory())
    client = token_client(stranger)
    assert client.get(base(monitored)).status_code == 404
    response = post(client, f"{base(monitored)}/{plan.pk}/checks", check_body(monitored, plan))
    assert response.status_code == 404


def test_early_closing_is_refused_by_api(api, case_worker, monitored):
    """R-MON-4 by API: lasting safety needs the 3- and 12-month checks."""
    plan = start(case_worker, monitored)
    monitored.refresh_from_db()
    response = post(
        api,
        f"{base(monitored)}/{plan.pk}/outcome",
        {"version": monitored.version, "outcome": "safety_lasts", "note": "Klaar."},
    )
    assert response.status_code == 400
    assert "outcome" in json.dumps(response.json())
