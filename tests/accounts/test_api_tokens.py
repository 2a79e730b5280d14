"""API tokens under separation of duties (issue 17.2): nobody mints, sees or resets another
person's token; the key is shown once and stored as its SHA-256 only."""

import importlib
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection
from django.test import Client
from django.utils import timezone

from tests.factories import UserFactory
from zicht.accounts import services
from zicht.accounts.models import ApiToken, token_digest
from zicht.accounts.policy import Role
from zicht.core.errors import NotPermitted

pytestmark = pytest.mark.django_db

ADD = "/beheer/accounts/apitoken/add/"
LIST = "/beheer/accounts/apitoken/"
CASES = "/api/v1/cases"


@pytest.fixture
def partner_system():
    return UserFactory(role=Role.PARTNER_SYSTEM, email="koppeling-politie@zicht.test")


def test_the_issues_route_cannot_mint_a_token_for_a_colleague(admin_client, case_worker):
    """Issue 17.2 as reported: POST /beheer/authtoken/tokenproxy/add/ with another user's id made
    a token for that user. That admin is gone, and the one that replaces it refuses a colleague."""
    response = admin_client.post("/beheer/authtoken/tokenproxy/add/", {"user": case_worker.pk})
    assert response.status_code == 404
    response = admin_client.post(ADD, {"user": case_worker.pk})
    assert response.status_code == 400
    assert "nooit voor een collega" in response.content.decode()
    assert not ApiToken.objects.filter(user=case_worker).exists()


def test_nobody_may_issue_a_token_for_another_person(admin_user, case_worker):
    with pytest.raises(NotPermitted):
        services.api_token_issue(by=admin_user, user=case_worker)
    with pytest.raises(NotPermitted):
        services.api_token_issue(by=case_worker, user=admin_user)
    assert not ApiToken.objects.exists()


def test_admin_issues_a_partner_systems_token_shown_once(admin_client, admin_user, partner_system):
    response = admin_client.post(ADD, {"user": partner_system.pk})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    token = ApiToken.objects.get(user=partner_system)
    assert token.created_by == admin_user
    key = response.context["key"]
    assert key in response.content.decode()
    assert token.digest == token_digest(key)
    # ...and never again: not in the list, not on the token's own page.
    for page in (LIST, f"{LIST}{token.pk}/change/"):
        body = admin_client.get(page).content.decode()
        assert key not in body
        assert token.digest not in body


def test_the_key_is_stored_only_as_its_sha256(case_worker):
    _, key = services.api_token_issue(by=case_worker, user=case_worker)
    assert key not in str(list(ApiToken.objects.values()))
    assert Client(HTTP_AUTHORIZATION=f"Token {key}").get(CASES).status_code == 200


def test_a_revoked_token_answers_401(admin_client, case_worker):
    token, key = services.api_token_issue(by=case_worker, user=case_worker)
    response = admin_client.post(
        LIST, {"action": "revoke", "_selected_action": [token.pk]}, follow=True
    )
    assert "1 token(s) ingetrokken" in response.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert Client(HTTP_AUTHORIZATION=f"Token {key}").get(CASES).status_code == 401


def test_an_expired_token_answers_401(case_worker):
    token, key = services.api_token_issue(by=case_worker, user=case_worker)
    token.expires_at = timezone.now() - timedelta(seconds=1)
    token.save()
    assert Client(HTTP_AUTHORIZATION=f"Token {key}").get(CASES).status_code == 401


def test_tokens_are_revoked_never_deleted_nor_edited(admin_client, case_worker):
    token, _ = services.api_token_issue(by=case_worker, user=case_worker)
    assert admin_client.post(f"{LIST}{token.pk}/delete/", {"post": "yes"}).status_code == 403
    admin_client.post(f"{LIST}{token.pk}/change/", {"user": case_worker.pk, "expires_at": ""})
    assert ApiToken.objects.get(pk=token.pk).user == case_worker


def test_plain_drf_tokens_become_hashed_and_keep_working(case_worker):
    """The migration turns each of DRF's plain-text tokens into its SHA-256 and deletes the key."""
    migration = importlib.import_module("zicht.accounts.migrations.0003_api_token")
    key = "0123456789abcdef0123456789abcdef01234567"
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE authtoken_token (key varchar(40) PRIMARY KEY, user_id bigint, "
            "created timestamp with time zone)"
        )
        cursor.execute(
            "INSERT INTO authtoken_token VALUES (%s, %s, %s)", [key, case_worker.pk, timezone.now()]
        )
    # The function reads only the editor's connection (SQLite allows no schema editor in a test).
    migration.hash_plaintext_tokens(apps, SimpleNamespace(connection=connection))
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM authtoken_token")
        assert cursor.fetchone()[0] == 0
    assert Client(HTTP_AUTHORIZATION=f"Token {key}").get(CASES).status_code == 200
