"""The policy module: what each role may do, read in one place."""

import pytest
from django.test import Client

from tests.conftest import verified_client
from tests.factories import UserFactory
from zicht.accounts.policy import PERMISSIONS, Action, Role, can


def test_every_role_has_an_entry():
    assert set(PERMISSIONS) == set(Role)


def test_policy_control_never_sees_client_data():
    """Policy/control works with figures only (DOMAIN §3)."""
    assert Action.VIEW_CLIENT_DATA not in PERMISSIONS[Role.POLICY_CONTROL]


def test_only_experts_decide_in_mdo():
    deciders = {role for role, actions in PERMISSIONS.items() if Action.DECIDE_IN_MDO in actions}
    assert deciders == {Role.BEHAVIOURAL_SCIENTIST, Role.CONFIDENTIAL_DOCTOR, Role.TEAM_LEADER}


def test_only_partner_systems_confirm_handovers_and_still_see_no_client_data():
    """R-HO-5: a partner's system answers handovers to its partner through the API, nothing
    more; staff confirm nothing on a partner's behalf this way."""
    confirmers = {r for r, actions in PERMISSIONS.items() if Action.CONFIRM_HANDOVER in actions}
    assert confirmers == {Role.PARTNER_SYSTEM}
    assert Action.VIEW_CLIENT_DATA not in PERMISSIONS[Role.PARTNER_SYSTEM]


@pytest.mark.django_db
def test_inactive_user_may_nothing():
    user = UserFactory(team_leader=True, is_active=False)
    assert not can(user, Action.LEAD_TEAM)


@pytest.mark.django_db
def test_functional_admin_manages_reference_data_in_admin(admin_client):
    assert admin_client.get("/beheer/").status_code == 200
    assert admin_client.get("/beheer/organisation/municipality/").status_code == 200
    assert admin_client.get("/beheer/calendar/extranonworkingday/add/").status_code == 200
    # ...but not the task queue internals, which are not reference data.
    assert admin_client.get("/beheer/django_tasks_db/dbtaskresult/").status_code in (403, 404)


@pytest.mark.django_db
@pytest.mark.parametrize("role", [r for r in Role if r != Role.FUNCTIONAL_ADMIN])
def test_other_roles_have_no_admin(role):
    client: Client = verified_client(UserFactory(role=role))
    response = client.get("/beheer/")
    assert response.status_code == 302  # the admin sends non-staff to (our) login
    assert client.get("/beheer/organisation/municipality/").status_code == 302


@pytest.mark.django_db
def test_home_shows_what_the_role_may_do(worker_client, case_worker):
    body = worker_client.get("/").content.decode()
    for action in PERMISSIONS[Role(case_worker.role)]:
        assert action.label in body
    assert Action.MANAGE_REFERENCE_DATA.label not in body
