"""Hostile input at the edge (issue 17 item 4): refused as 400 (413 for a body too large), as
problem+json in the API and at the field on a page, never a 500."""

import json

import pytest

from tests.api.factories import case, team_of, token_client
from tests.factories import UserFactory
from zicht.accounts.policy import Role
from zicht.cases.models import Case
from zicht.core import limits

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"
DEEP = "[" * 50_000 + "]" * 50_000


def _report(**overrides):
    body = {
        "channel": "phone",
        "received_at": "2026-03-02T10:00:00+01:00",
        "reporter": {"name": "Buurvrouw", "kind": "citizen", "phone": "0612345678"},
        "concerns": "Geschreeuw in de nacht.",
        "violence_types": ["physical"],
        "persons": [{"last_name": "Smit", "role": "victim"}],
    }
    body.update(overrides)
    return body


@pytest.fixture
def intake_client(db):
    user = UserFactory(role=Role.FRONT_OFFICE)
    client = token_client(user)
    client.team = team_of(user).pk
    return client


def _post(client, body, url="/api/v1/reports", raw=None):
    if body is not None and "persons" in body:
        body = {"team": client.team, **body}
    data = raw if raw is not None else json.dumps(body)
    return client.post(url, data, content_type="application/json", HTTP_IDEMPOTENCY_KEY="k-1")


def _refused(response, status=400):
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"] == PROBLEM
    return response.json()


def _reasons(response) -> dict[str, str]:
    return {p["name"]: p["reason"] for p in _refused(response).get("invalid_params", [])}


@pytest.mark.parametrize(
    "received_at",
    ["0001-01-01T00:00:00", "1900-01-01T00:00:00+01:00", "2018-12-31T23:00:00+01:00", "3000-01-01"],
)
def test_received_at_outside_sane_range_is_400(intake_client, received_at):
    """Issue 17.4: a report's `received_at` lies between 2019-01-01 and now (plus clock skew);
    year 0001 was a 500 (OverflowError) and 1900 opened case 1900-000001."""
    response = _post(intake_client, _report(received_at=received_at))
    assert "received_at" in _reasons(response)
    assert not Case.objects.exists()


def test_received_at_a_minute_ahead_is_clock_skew_and_accepted(intake_client):
    from django.utils import timezone

    ahead = (timezone.now() + limits.CLOCK_SKEW / 2).isoformat()
    assert _post(intake_client, _report(received_at=ahead)).status_code == 201


@pytest.mark.parametrize(
    "url", ["/api/v1/reports", "/api/v1/persons", "/api/v1/persons/search", "assessment"]
)
def test_deeply_nested_json_is_400_not_recursion_error(db, url):
    """Issue 17.4: 50,000 `[` then 50,000 `]` was a RecursionError (500) on these four routes."""
    worker = UserFactory()
    client = token_client(worker)
    if url == "assessment":
        url = f"/api/v1/cases/{case(worker).number}/assessment"
        response = client.put(url, DEEP, content_type="application/json")
    else:
        response = _post(client, None, url=url, raw=DEEP)
    body = _refused(response)
    assert "diep" in body["detail"]


def test_nesting_within_the_limit_is_parsed(db):
    client = token_client(UserFactory())
    nested = "[" * (limits.MAX_JSON_DEPTH - 1) + "]" * (limits.MAX_JSON_DEPTH - 1)
    response = _post(client, None, url="/api/v1/persons/search", raw=nested)
    assert response.status_code == 400  # not a search, but parsed: the serializer says why
    assert "diep" not in response.json()["detail"]


@pytest.mark.parametrize(
    ("value", "reason"),
    [("\ud800x", "ongeldig teken"), ("Smit\u0007", "stuurteken"), ("Sm\x00it", "stuurteken")],
)
def test_surrogates_and_control_characters_refused_naming_the_field(intake_client, value, reason):
    """Issue 17.4: `"last_name": "\\ud800x"` was a UnicodeEncodeError (500) in the idempotency
    digest; a control character is refused as well, wherever the string is."""
    persons = [{"last_name": value, "role": "victim"}]
    reasons = _reasons(_post(intake_client, _report(persons=persons)))
    assert reason in reasons["persons[0].last_name"]
    assert not Case.objects.exists()


def test_surrogate_in_a_key_is_refused(intake_client):
    raw = '{"\\ud800": 1}'
    assert _post(intake_client, None, raw=raw).status_code == 400


def test_tab_and_newline_are_text(intake_client):
    response = _post(intake_client, _report(concerns="Eerste regel.\n\tTweede regel.\r\n"))
    assert response.status_code == 201, response.json()["invalid_params"]


def test_body_too_large_is_413(intake_client, settings):
    raw = json.dumps(_report(concerns="x" * (limits.MAX_BODY_BYTES + 1)))
    body = _refused(_post(intake_client, None, raw=raw), status=413)
    assert "groot" in body["detail"]


@pytest.mark.parametrize("at", ["0001-01-01", "0001-01-01T00:00:00", "9999-12-31T23:59:59"])
def test_responsibility_at_year_0001_is_400(db, at):
    """Issue 17.4: `?at=0001-01-01` on the responsibility ledger was a 500 (OverflowError)."""
    worker = UserFactory()
    opened = case(worker)
    url = f"/api/v1/cases/{opened.number}/responsibility"
    assert "at" in _reasons(token_client(worker).get(url, {"at": at}))


def test_year_0001_in_any_date_field_of_a_body_is_400(intake_client):
    persons = [{"last_name": "Smit", "role": "victim"}]
    body = _report(persons=persons, received_at="0001-01-01T00:00:00Z")
    assert "received_at" in _reasons(_post(intake_client, body))


# --- the pages: the same limits at the field, with what was typed kept ----------------------------


@pytest.fixture
def intake_page(case_worker, worker_client):
    from tests.factories import TeamFactory

    team = TeamFactory(name="Team Intake")
    team.members.add(case_worker)
    return worker_client, team


def _page_report(team, **overrides):
    from tests.reports.test_views import _data

    return {**_data(team), **overrides}


@pytest.mark.parametrize("received_date", ["0001-01-01", "1900-01-01", "2018-12-31"])
def test_report_page_refuses_received_date_out_of_range_at_the_field(intake_page, received_date):
    """Issue 17.4: the intake page refuses a moment of receipt before 2019 at the date field,
    keeping what was typed; nothing is saved."""
    client, team = intake_page
    response = client.post("/meldingen/nieuw", _page_report(team, received_date=received_date))
    assert response.status_code == 400
    assert response.context["form"].errors["received_date"]
    assert "Annemiek de Wit" in response.content.decode()
    assert not Case.objects.exists()


def test_report_page_refuses_a_control_character_at_the_field(intake_page):
    client, team = intake_page
    response = client.post(
        "/meldingen/nieuw", _page_report(team, reporter_name="Annemiek\x07 de Wit")
    )
    assert response.status_code == 400
    assert limits.CONTROL_CHARACTER in response.context["form"].errors["reporter_name"]
    assert not Case.objects.exists()


def test_page_body_too_large_is_413(worker_client):
    response = worker_client.post("/meldingen/nieuw", {"concerns": "x" * limits.MAX_BODY_BYTES})
    assert response.status_code == 413


def test_django_form_limit_is_the_same_as_the_api_limit(settings):
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE == limits.MAX_BODY_BYTES
