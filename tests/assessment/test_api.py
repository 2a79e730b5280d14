"""The assessment API: same rules, scope and problem+json as the pages."""

import pytest

from tests.assessment.conftest import COMPLETE
from tests.conftest import verified_client
from tests.factories import TeamFactory, UserFactory
from zicht.audit.models import AccessEvent, AccessLogEntry, Channel
from zicht.cases.workflow import Phase

pytestmark = pytest.mark.django_db


def body(**overrides):
    data = {**COMPLETE, "other_vt_asked_on": "2026-11-20", "rvdk_asked_on": "2026-11-20"}
    return {**data, **overrides}


def path(case, suffix=""):
    return f"/api/v1/cases/{case.number}/assessment{suffix}"


def test_put_submit_confirm(author, case, scientist):
    """R-TRI-4, R-TRI-5 through the API; the save is logged with the API channel."""
    api = verified_client(author)
    assert api.get(path(case)).status_code == 404
    saved = api.put(path(case), body(), content_type="application/json")
    assert saved.status_code == 200, saved.json()
    version = saved.json()["version"]
    submitted = api.post(path(case, "/submit"), {"version": version}, "application/json")
    assert submitted.json()["status"] == "submitted"
    own = api.post(
        path(case, "/confirm"),
        {"version": version + 1, "case_version": case.version},
        "application/json",
    )
    assert own.status_code == 403
    case.refresh_from_db()
    confirmed = verified_client(scientist).post(
        path(case, "/confirm"),
        {"version": version + 1, "case_version": case.version},
        "application/json",
    )
    assert confirmed.status_code == 200, confirmed.json()
    assert confirmed.json()["confirmer_role"] == "behavioural_scientist"
    case.refresh_from_db()
    assert case.phase == Phase.CLOSED
    assert AccessLogEntry.objects.filter(
        case_id=case.pk, channel=Channel.API, event=AccessEvent.CHANGE
    ).exists()


def test_tri6_refusal_is_problem_json_naming_the_field(author, case):
    """R-TRI-6 via the API: invalid_params names `outcome`."""
    api = verified_client(author)
    version = api.put(
        path(case), body(stay_rvdk_investigation=True), content_type="application/json"
    ).json()["version"]
    response = api.post(path(case, "/submit"), {"version": version}, "application/json")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    names = {p["name"] for p in response.json()["invalid_params"]}
    assert "outcome" in names


def test_stale_versions_are_409(author, case, scientist):
    api = verified_client(author)
    api.put(path(case), body(), content_type="application/json")
    again = api.put(path(case), body(version=99), content_type="application/json")
    assert again.status_code == 409 and again.json()["current_version"] == 1
    api.post(path(case, "/submit"), {"version": 1}, "application/json")
    stale_case = verified_client(scientist).post(
        path(case, "/confirm"), {"version": 2, "case_version": 0}, "application/json"
    )
    assert stale_case.status_code == 409


def test_out_of_scope_is_404_and_front_office_cannot_write(author, case, front_office):
    outsider = UserFactory()
    TeamFactory(name="Ander team").members.add(outsider)
    assert verified_client(outsider).get(path(case)).status_code == 404
    response = verified_client(front_office).put(path(case), body(), "application/json")
    assert response.status_code == 403


def test_unknown_outcome_is_refused_naming_the_field(author, case):
    response = verified_client(author).put(
        path(case), body(outcome="weet niet"), content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["invalid_params"][0]["name"] == "outcome"
    assert not case.assessments.exists()


def test_a_refused_body_names_every_mistake_at_once(author, case):
    """16.5 through the API: the body's own error (an impossible date) and the draft's rules on
    the rest (a crisis action without crisis and without description, a request to the Raad in
    the future) in one problem+json answer."""
    response = verified_client(author).put(
        path(case),
        body(
            other_vt_asked_on="2026-02-31",
            rvdk_asked_on="2099-01-01",
            crisis_action="police",
            crisis_description="",
        ),
        content_type="application/json",
    )
    assert response.status_code == 400
    names = {problem["name"] for problem in response.json()["invalid_params"]}
    assert names == {"other_vt_asked_on", "rvdk_asked_on", "crisis_needed", "crisis_description"}


def test_an_update_without_the_version_is_refused_with_428(author, case):
    """20.3: PUT without `version` over an existing draft is refused (428 problem+json, the
    version required) and overwrites nothing; creating the first draft needs none."""
    api = verified_client(author)
    first = api.put(path(case), body(rationale="Eerste versie"), content_type="application/json")
    assert first.status_code == 200
    again = api.put(path(case), body(rationale="Overschreven?"), content_type="application/json")
    assert again.status_code == 428
    assert again["Content-Type"] == "application/problem+json"
    assert again.json()["type"].endswith("versie-verplicht")
    assert api.get(path(case)).json()["rationale"] == "Eerste versie"
