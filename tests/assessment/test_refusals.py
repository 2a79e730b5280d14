"""One refusal, one answer: the page and the API refuse the same thing with the same status and
the same Dutch message (issue 16, code review item 3)."""

import pytest

from tests.assessment.conftest import submitted
from tests.conftest import verified_client
from tests.factories import TeamFactory, UserFactory

pytestmark = pytest.mark.django_db

OWN_WORK = "U kunt uw eigen veiligheidsbeoordeling niet bevestigen"


def _page_message(response) -> str:
    return response.content.decode()


def test_confirming_ones_own_assessment_is_refused_alike_on_page_and_api(author, case):
    """R-TRI-4: the author cannot confirm; both answer 403 with why, not "Uw rol geeft geen
    toegang" (the author's role may confirm the work of others)."""
    assessment = submitted(author, case)
    client = verified_client(author)
    versions = {"version": assessment.version, "case_version": case.version}

    page = client.post(f"/dossiers/{case.number}/beoordeling/bevestigen", versions)
    api = client.post(
        f"/api/v1/cases/{case.number}/assessment/confirm", versions, "application/json"
    )

    assert page.status_code == api.status_code == 403
    assert OWN_WORK in api.json()["detail"]
    assert api.json()["detail"] in _page_message(page)
    assert "Uw rol geeft geen toegang" not in _page_message(page)


def test_a_case_out_of_scope_is_the_same_404_on_page_and_api(author, case):
    """R-PRIV-3: missing and out of scope answer alike, on the page as in the API."""
    stranger = UserFactory()
    TeamFactory(name="Team Elders").members.add(stranger)
    client = verified_client(stranger)

    page = client.get(f"/dossiers/{case.number}/beoordeling")
    api = client.get(f"/api/v1/cases/{case.number}/assessment")
    missing = client.get("/api/v1/cases/2026-999999/assessment")

    assert page.status_code == api.status_code == missing.status_code == 404
    assert api.json()["detail"] == missing.json()["detail"]
    assert api.json()["detail"] in _page_message(page)


def test_a_role_without_client_data_is_refused_alike_on_page_and_api(case):
    """R-PRIV-3: policy/control sees no client data; page and API say so in the same words."""
    client = verified_client(UserFactory(policy_control=True))

    page = client.get(f"/dossiers/{case.number}/beoordeling")
    api = client.get(f"/api/v1/cases/{case.number}/assessment")

    assert page.status_code == api.status_code == 403
    assert api.json()["detail"] == "Uw rol geeft geen toegang tot dossiers en persoonsgegevens."
    assert api.json()["detail"] in _page_message(page)
