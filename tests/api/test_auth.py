"""Who may use the API: a token or a TOTP-verified session; errors as problem+json."""

import pytest
from django.test import Client

from tests.api.factories import case, token_client
from tests.conftest import verified_client
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

CASES = "/api/v1/cases"
PROBLEM = "application/problem+json"


def test_no_credentials_is_401_problem():
    response = Client().get(CASES)
    assert response.status_code == 401
    assert response["Content-Type"] == PROBLEM
    assert response["WWW-Authenticate"] == "Token"
    body = response.json()
    assert body["status"] == 401
    assert body["title"] == "Niet ingelogd"
    assert body["instance"] == CASES
    assert body["type"].startswith("urn:zicht:probleem:")


def test_token_gives_access(case_worker):
    case(case_worker)
    response = token_client(case_worker).get(CASES)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json()["count"] == 1


def test_wrong_token_is_401():
    response = Client(HTTP_AUTHORIZATION="Token nietsgeldigs").get(CASES)
    assert response.status_code == 401
    assert response["Content-Type"] == PROBLEM


def test_verified_session_gives_access(worker_client):
    assert worker_client.get(CASES).status_code == 200


def test_session_with_password_only_is_refused_without_redirect(case_worker):
    client = Client()
    client.force_login(case_worker)  # password step done, no TOTP code yet
    response = client.get(CASES)
    assert response.status_code == 401
    assert response["Content-Type"] == PROBLEM
    # The UI keeps sending such a session to the code step.
    page = client.get("/")
    assert page.status_code == 302
    assert page.url.startswith("/inloggen/code")


def test_role_without_client_data_is_403():
    analyst = UserFactory(policy_control=True)
    response = token_client(analyst).get(CASES)
    assert response.status_code == 403
    assert response["Content-Type"] == PROBLEM
    assert response.json()["title"] == "Geen toegang"


def test_session_post_needs_csrf_token(case_worker):
    client = verified_client(case_worker)
    client.handler.enforce_csrf_checks = True
    response = client.post(
        "/api/v1/households", {"name": "Gezin Visser"}, content_type="application/json"
    )
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]


@pytest.mark.parametrize("path", ["/api/v1/bestaat-niet", "/api/v1/cases/", "/api/v1/"])
def test_unknown_paths_and_trailing_slashes_are_404_problem(worker_client, path):
    response = worker_client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == PROBLEM
    assert response.json()["instance"] == path


def test_method_not_allowed_is_problem(worker_client):
    response = worker_client.delete(CASES)
    assert response.status_code == 405
    assert response["Content-Type"] == PROBLEM


def test_openapi_document_is_served():
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.json()["info"]["title"] == "Zicht API"
