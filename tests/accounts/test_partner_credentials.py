"""A partner system's credentials as partners expect them (issue 19.3): the functional
administrator issues them once (shown once, stored hashed), rotates them with an overlap (old and
new both valid until the overlap ends, then the old one refused) and revokes them (refused at
once), all in Beheer."""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from tests.conftest import verified_client
from tests.factories import PartnerAgencyFactory, TeamFactory, UserFactory
from zicht.accounts import services
from zicht.accounts.admin.tokens import token_state
from zicht.accounts.models import ApiToken, token_digest
from zicht.accounts.policy import Role
from zicht.core.errors import Conflict, NotPermitted
from zicht.reports.models import PartnerSystemAccount

pytestmark = pytest.mark.django_db

ADD = "/beheer/accounts/apitoken/add/"
LIST = "/beheer/accounts/apitoken/"
# A route the partner system may call that reads nothing: an empty list of its handovers.
CALL = "/api/v1/handovers"


def rotate_url(token: ApiToken) -> str:
    return f"{LIST}{token.pk}/roteren/"


def call(key: str) -> int:
    return Client(HTTP_AUTHORIZATION=f"Token {key}").get(CALL).status_code


@pytest.fixture
def police():
    return PartnerSystemAccount.objects.create(
        user=UserFactory(
            role=Role.PARTNER_SYSTEM,
            full_name="Politie Noord-Holland (koppeling)",
            email="koppeling-politie@zicht.test",
        ),
        partner=PartnerAgencyFactory(name="Politie Noord-Holland"),
        default_team=TeamFactory(name="Team Intake"),
    ).user


@pytest.fixture
def issued(admin_client, police):
    """The administrator issues the partner's first key in Beheer."""
    response = admin_client.post(ADD, {"user": police.pk})
    assert response.status_code == 200
    return ApiToken.objects.get(user=police), response.context["key"]


def test_the_key_is_issued_once_stored_hashed_and_works(admin_client, issued):
    """Issue 19.3: shown once on the page that issues it, stored as its SHA-256 only."""
    token, key = issued
    assert token.digest == token_digest(key)
    assert key not in str(list(ApiToken.objects.values()))
    assert call(key) == 200
    listed = admin_client.get(LIST).content.decode()
    assert key not in listed
    assert "Geldig" in listed and "Roteren met overlap" in listed


def test_rotation_keeps_both_keys_valid_until_the_overlap_ends(admin_client, admin_user, issued):
    """Issue 19.3, rotate with an overlap: the new key is shown once; the old one works until the
    overlap ends and answers 401 from then on; the new one keeps working."""
    old, old_key = issued
    page = admin_client.get(rotate_url(old))
    assert page.status_code == 200
    assert "Overlap in dagen" in page.content.decode()

    response = admin_client.post(rotate_url(old), {"overlap_days": 7})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    new_key = response.context["key"]
    new = ApiToken.objects.get(digest=token_digest(new_key))
    assert new.user == old.user and new.created_by == admin_user and new.expires_at is None
    body = response.content.decode()
    assert new_key in body and "werkt nog tot" in body
    old.refresh_from_db()
    assert timedelta(days=7) - timedelta(minutes=1) < old.expires_at - timezone.now()
    assert call(old_key) == call(new_key) == 200

    with time_machine.travel(old.expires_at - timedelta(minutes=1)):
        assert call(old_key) == call(new_key) == 200
    with time_machine.travel(old.expires_at + timedelta(seconds=1)):
        assert call(old_key) == 401
        assert call(new_key) == 200
        assert token_state(old) == "Verlopen"  # as the list says it (a session would time out)
    # The new key is never shown again.
    assert new_key not in admin_client.get(LIST).content.decode()


def test_revoking_refuses_the_key_at_once_even_during_an_overlap(admin_client, issued, police):
    """Issue 19.3, revoke: a leaked key stops at once, whatever overlap it was given."""
    old, old_key = issued
    admin_client.post(rotate_url(old), {"overlap_days": 30})
    response = admin_client.post(
        LIST, {"action": "revoke", "_selected_action": [old.pk]}, follow=True
    )
    assert "1 token(s) ingetrokken" in response.content.decode()
    assert call(old_key) == 401
    assert ApiToken.objects.filter(user=police, revoked_at__isnull=True).count() == 1


def test_an_expired_or_revoked_key_cannot_be_rotated(admin_client, admin_user, issued):
    """Once the overlap has ended the old key is done: rotating it again is refused (a new key
    is issued instead), and nothing is issued."""
    old, _ = issued
    admin_client.post(rotate_url(old), {"overlap_days": 1})
    old.refresh_from_db()
    with time_machine.travel(old.expires_at + timedelta(seconds=1)):
        # A new login: the day-old session has timed out.
        response = verified_client(admin_user).post(rotate_url(old), {"overlap_days": 7})
        assert response.status_code == 400
        assert "kan niet meer geroteerd worden" in response.content.decode()
    assert ApiToken.objects.filter(user=old.user).count() == 2
    services.api_token_revoke(by=admin_user, token=old)
    with pytest.raises(Conflict):
        services.api_token_rotate(by=admin_user, token=old, overlap_days=7)


@pytest.mark.parametrize("overlap", ["0", "31", "", "een week"])
def test_an_overlap_outside_1_to_30_days_is_refused_naming_the_field(admin_client, issued, overlap):
    old, _ = issued
    response = admin_client.post(rotate_url(old), {"overlap_days": overlap})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Kies een overlap van 1 tot en met 30 dagen" in body
    assert f'value="{overlap}"' in body or overlap == ""  # what was typed stays
    assert ApiToken.objects.filter(user=old.user).count() == 1
    old.refresh_from_db()
    assert old.expires_at is None


def test_a_rotation_never_extends_an_earlier_expiry(admin_user, issued):
    old, _ = issued
    soon = timezone.now() + timedelta(days=2)
    ApiToken.objects.filter(pk=old.pk).update(expires_at=soon)
    services.api_token_rotate(by=admin_user, token=old, overlap_days=30)
    old.refresh_from_db()
    assert old.expires_at == soon


def test_nobody_rotates_a_colleagues_token(admin_client, admin_user, case_worker):
    """Separation of duties (issue 17.2) holds for rotation: a new key for a colleague would let
    the administrator act as them."""
    token, _ = services.api_token_issue(by=case_worker, user=case_worker)
    with pytest.raises(NotPermitted):
        services.api_token_rotate(by=admin_user, token=token, overlap_days=7)
    response = admin_client.post(rotate_url(token), {"overlap_days": 7})
    assert response.status_code == 400
    assert "nooit voor een collega" in response.content.decode()
    assert ApiToken.objects.filter(user=case_worker).count() == 1


def test_a_colleague_without_beheer_cannot_open_the_rotation(issued, case_worker):
    old, _ = issued
    assert verified_client(case_worker).get(rotate_url(old)).status_code in (302, 403)
