"""Separation of duties in Beheer (issue 17.3): no second-factor secret shown, no password set for
another person, a logged reset that forces re-enrolment, role and team changes logged with who
and why, and a second administrator for a client-data role or a change of one's own account."""

import re

import pytest
from django.test import Client

from tests.conftest import verified_client
from tests.factories import TeamFactory, TOTPDeviceFactory, UserFactory
from zicht.accounts import account_changes, services
from zicht.accounts.models import AccountChange, ApiToken, User
from zicht.accounts.policy import Role
from zicht.accounts.totp import base32_secret, current_code

pytestmark = pytest.mark.django_db

USERS = "/beheer/accounts/user/"
CHANGES = "/beheer/accounts/accountchange/"
DEVICES = "/beheer/otp_totp/totpdevice/"


@pytest.fixture
def second_admin(db) -> User:
    return UserFactory(functional_admin=True, email="tweede-beheerder@zicht.test")


@pytest.fixture
def second_admin_client(second_admin) -> Client:
    return verified_client(second_admin)


def _edit(client: Client, user: User, **changes):
    data = {
        "email": user.email,
        "full_name": user.full_name,
        "role": user.role,
        "is_active": "on" if user.is_active else "",
        "teams": [team.pk for team in user.teams.all()],
        "reason": "",
    } | changes
    return client.post(f"{USERS}{user.pk}/change/", {k: v for k, v in data.items() if v != ""})


def _approve(client: Client, change: AccountChange):
    return client.post(CHANGES, {"action": "approve", "_selected_action": [change.pk]}, follow=True)


def test_the_second_factor_admin_never_shows_the_key(admin_client, case_worker):
    """Issue 17.3: /beheer/otp_totp/totpdevice/1/change/ showed the TOTP `key`."""
    device = TOTPDeviceFactory(user=case_worker)
    secrets_ = [device.key, base32_secret(device).replace(" ", ""), base32_secret(device)]
    for page in (DEVICES, f"{DEVICES}{device.pk}/change/"):
        response = admin_client.get(page)
        assert response.status_code == 200
        assert case_worker.full_name in response.content.decode()
        assert not any(secret in response.content.decode() for secret in secrets_)
    assert admin_client.get(f"{DEVICES}add/").status_code == 403
    assert admin_client.get(f"{DEVICES}{device.pk}/config/").status_code in (302, 404)
    assert admin_client.get(f"{DEVICES}{device.pk}/qrcode/").status_code in (302, 404)
    response = admin_client.post(f"{DEVICES}{device.pk}/change/", {"key": "00" * 20})
    assert response.status_code == 403


def test_an_administrator_cannot_set_another_persons_password(admin_client, case_worker):
    """Issue 17.3: /beheer/accounts/user/1/password/ set anyone's password."""
    url = f"{USERS}{case_worker.pk}/password/"
    assert admin_client.get(url).status_code == 403
    response = admin_client.post(
        url, {"password1": "overgenomen-account-1", "password2": "overgenomen-account-1"}
    )
    assert response.status_code == 403
    assert "Wachtwoord en tweede factor resetten" in response.content.decode()
    case_worker.refresh_from_db()
    assert not case_worker.check_password("overgenomen-account-1")
    page = admin_client.get(f"{USERS}{case_worker.pk}/change/").content.decode()
    assert case_worker.password not in page
    assert "password/" not in page


def test_a_reset_forces_re_enrolment_by_the_person_and_is_logged(
    admin_client, admin_user, case_worker, mailoutbox
):
    TOTPDeviceFactory(user=case_worker)
    response = admin_client.post(f"{USERS}{case_worker.pk}/reset/", {"reason": "Telefoon kwijt"})
    assert response.status_code == 302
    case_worker.refresh_from_db()
    assert not case_worker.has_usable_password()
    assert not case_worker.totpdevice_set.exists()
    logged = AccountChange.objects.get(user=case_worker)
    assert (logged.kind, logged.requested_by, logged.reason) == (
        AccountChange.Kind.RESET,
        admin_user,
        "Telefoon kwijt",
    )
    # The link goes to the person only; the administrator's pages never show it.
    (mail,) = mailoutbox
    assert mail.to == [case_worker.email]
    link = re.search(r"http://testserver(/inloggen/wachtwoord/\S+)", mail.body).group(1)
    assert link not in admin_client.get(f"{USERS}{case_worker.pk}/change/").content.decode()

    person = Client()
    landing = person.get(link, follow=True)
    form_url = landing.redirect_chain[-1][0]
    new = "een-eigen-nieuw-wachtwoord"
    done = person.post(form_url, {"new_password1": new, "new_password2": new})
    assert done.status_code == 302
    assert person.get(link, follow=True).context["validlink"] is False  # once only
    # The next login asks for a new authenticator app.
    person.post("/inloggen", {"username": case_worker.email, "password": new})
    assert "koppel eerst een authenticator-app" in person.get("/inloggen/code").content.decode()
    device = case_worker.totpdevice_set.get(confirmed=False)
    assert person.post("/inloggen/code", {"token": current_code(device)}).status_code == 302


def test_a_reset_needs_a_reason(admin_client, case_worker):
    TOTPDeviceFactory(user=case_worker)
    response = admin_client.post(f"{USERS}{case_worker.pk}/reset/", {"reason": " "})
    assert response.status_code == 400
    assert account_changes.REASON_MISSING in response.content.decode()
    assert case_worker.totpdevice_set.exists()
    assert not AccountChange.objects.exists()


def test_a_role_change_needs_a_reason_and_is_logged_with_who_and_why(admin_client, admin_user):
    analyst = UserFactory(role=Role.FRONT_OFFICE)
    response = _edit(admin_client, analyst, role=Role.POLICY_CONTROL)
    assert response.status_code == 200
    assert account_changes.REASON_MISSING in response.content.decode()
    analyst.refresh_from_db()
    assert analyst.role == Role.FRONT_OFFICE

    _edit(admin_client, analyst, role=Role.POLICY_CONTROL, reason="Naar beleid en control")
    analyst.refresh_from_db()
    assert analyst.role == Role.POLICY_CONTROL  # no client data: one administrator suffices
    logged = AccountChange.objects.get(user=analyst)
    assert logged.status == AccountChange.Status.APPLIED
    assert (logged.requested_by, logged.reason) == (admin_user, "Naar beleid en control")
    assert (logged.before["role"], logged.after["role"]) == (Role.FRONT_OFFICE, Role.POLICY_CONTROL)


def test_a_client_data_role_waits_for_a_second_administrator(
    admin_client, second_admin_client, second_admin
):
    analyst = UserFactory(role=Role.POLICY_CONTROL)
    response = _edit(admin_client, analyst, role=Role.CASE_WORKER, reason="Nieuwe functie")
    assert "wacht op een tweede beheerder" in admin_client.get(response.url).content.decode()
    analyst.refresh_from_db()
    assert analyst.role == Role.POLICY_CONTROL
    change = AccountChange.objects.get(user=analyst, status=AccountChange.Status.PENDING)

    _approve(second_admin_client, change)
    analyst.refresh_from_db()
    change.refresh_from_db()
    assert analyst.role == Role.CASE_WORKER
    assert (change.status, change.decided_by) == (AccountChange.Status.APPLIED, second_admin)


def test_the_same_administrator_cannot_approve_their_own_change(admin_client):
    analyst = UserFactory(role=Role.POLICY_CONTROL)
    _edit(admin_client, analyst, role=Role.TEAM_LEADER, reason="Promotie")
    change = AccountChange.objects.get(user=analyst)
    response = _approve(admin_client, change)
    assert account_changes.OWN_CHANGE_REFUSED in response.content.decode()
    change.refresh_from_db()
    analyst.refresh_from_db()
    assert change.status == AccountChange.Status.PENDING
    assert analyst.role == Role.POLICY_CONTROL


def test_changing_ones_own_role_waits_and_the_person_cannot_approve_it(
    admin_client, admin_user, second_admin, second_admin_client
):
    _edit(admin_client, admin_user, role=Role.POLICY_CONTROL, reason="Andere taak")
    admin_user.refresh_from_db()
    assert admin_user.role == Role.FUNCTIONAL_ADMIN
    own = AccountChange.objects.get(user=admin_user)
    assert own.status == AccountChange.Status.PENDING
    # A change of the second administrator, asked by the first: the second cannot approve it.
    _edit(admin_client, second_admin, role=Role.CASE_WORKER, reason="Terug naar casuswerk")
    of_second = AccountChange.objects.get(user=second_admin)
    response = _approve(second_admin_client, of_second)
    assert account_changes.CHANGE_OF_SELF_REFUSED in response.content.decode()
    _approve(second_admin_client, own)
    admin_user.refresh_from_db()
    assert admin_user.role == Role.POLICY_CONTROL


def test_a_new_e_mail_address_waits_for_a_second_administrator(admin_client, case_worker):
    """The one-time link goes to the address: changing it alone would let an administrator
    reset a colleague's account to their own mailbox."""
    old = case_worker.email
    _edit(admin_client, case_worker, email="beheerder-prive@zicht.test", reason="Typfout")
    case_worker.refresh_from_db()
    assert case_worker.email == old
    assert AccountChange.objects.get(user=case_worker).status == AccountChange.Status.PENDING


def test_a_new_account_has_no_password_and_a_client_data_role_waits(
    admin_client, second_admin_client, mailoutbox
):
    response = admin_client.post(
        f"{USERS}add/",
        {"email": "nieuw@zicht.test", "full_name": "Nieuwe Collega", "role": Role.CASE_WORKER,
         "reason": "Nieuw in dienst"},
    )  # fmt: skip
    assert response.status_code == 302
    user = User.objects.get(email="nieuw@zicht.test")
    assert not user.has_usable_password()
    assert not user.is_active
    assert not mailoutbox
    _approve(second_admin_client, AccountChange.objects.get(user=user))
    user.refresh_from_db()
    assert user.is_active
    (mail,) = mailoutbox
    assert mail.to == ["nieuw@zicht.test"] and "/inloggen/wachtwoord/" in mail.body


def test_team_changes_are_logged_with_who_and_why(admin_client, admin_user, case_worker):
    north, south = TeamFactory(name="Team Noord"), TeamFactory(name="Team Zuid")
    response = _edit(admin_client, case_worker, teams=[north.pk])
    assert account_changes.REASON_MISSING in response.content.decode()
    assert not case_worker.teams.exists()
    _edit(admin_client, case_worker, teams=[north.pk], reason="Start in Noord")
    assert list(case_worker.teams.all()) == [north]
    response = admin_client.post(
        f"/beheer/accounts/team/{south.pk}/change/",
        {"name": "Team Zuid", "members": [case_worker.pk], "reason": "Invaller Zuid"},
    )
    assert response.status_code == 302
    assert set(case_worker.teams.all()) == {north, south}
    logged = AccountChange.objects.filter(user=case_worker, kind=AccountChange.Kind.TEAMS)
    assert [(c.after["teams"], c.reason, c.requested_by) for c in logged.order_by("pk")] == [
        (["Team Noord"], "Start in Noord", admin_user),
        (["Team Noord", "Team Zuid"], "Invaller Zuid", admin_user),
    ]


def test_a_changed_role_revokes_the_accounts_tokens(admin_client, case_worker):
    token, _ = services.api_token_issue(by=case_worker, user=case_worker)
    _edit(admin_client, case_worker, role=Role.POLICY_CONTROL, reason="Andere functie")
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None


def test_a_reason_with_a_control_character_is_refused_at_the_field(admin_client, case_worker):
    """The input limits of core.limits hold in Beheer's own forms too."""
    response = admin_client.post(f"{USERS}{case_worker.pk}/reset/", {"reason": "kwijt\x00"})
    assert response.status_code == 400
    assert "kwijt" in response.content.decode()  # what was typed stays
    assert not AccountChange.objects.exists()


def test_team_members_changed_from_the_team_need_a_reason(admin_client, case_worker):
    team = TeamFactory(name="Team Oost")
    response = admin_client.post(
        f"/beheer/accounts/team/{team.pk}/change/",
        {"name": "Team Oost", "members": [case_worker.pk]},
    )
    assert response.status_code == 200
    assert account_changes.REASON_MISSING in response.content.decode()
    assert not team.members.exists()


def test_a_too_short_password_through_the_link_is_refused_in_dutch(
    admin_client, case_worker, mailoutbox
):
    admin_client.post(f"{USERS}{case_worker.pk}/reset/", {"reason": "Wachtwoord vergeten"})
    link = re.search(r"http://testserver(/inloggen/wachtwoord/\S+)", mailoutbox[0].body).group(1)
    person = Client()
    form_url = person.get(link, follow=True).redirect_chain[-1][0]
    response = person.post(form_url, {"new_password1": "kort", "new_password2": "kort"})
    assert response.status_code == 400
    assert "minstens 12 tekens" in response.content.decode()
    case_worker.refresh_from_db()
    assert not case_worker.has_usable_password()


def test_a_rejected_change_changes_nothing(admin_client, second_admin_client, second_admin):
    analyst = UserFactory(role=Role.POLICY_CONTROL)
    _edit(admin_client, analyst, role=Role.TEAM_LEADER, reason="Promotie")
    change = AccountChange.objects.get(user=analyst)
    second_admin_client.post(CHANGES, {"action": "reject", "_selected_action": [change.pk]})
    change.refresh_from_db()
    analyst.refresh_from_db()
    assert (change.status, change.decided_by) == (AccountChange.Status.REJECTED, second_admin)
    assert analyst.role == Role.POLICY_CONTROL


def test_an_approval_that_no_longer_fits_the_account_is_refused(admin_client, second_admin_client):
    """The change keeps the state it was asked on; approving it after the account changed
    otherwise would silently undo that other change."""
    analyst = UserFactory(role=Role.POLICY_CONTROL)
    _edit(admin_client, analyst, role=Role.CASE_WORKER, reason="Casusteam")
    change = AccountChange.objects.get(user=analyst)
    _edit(admin_client, analyst, is_active="", reason="Uit dienst")  # applied at once
    response = _approve(second_admin_client, change)
    assert "intussen gewijzigd" in response.content.decode()
    change.refresh_from_db()
    analyst.refresh_from_db()
    assert change.status == AccountChange.Status.PENDING
    assert (analyst.role, analyst.is_active) == (Role.POLICY_CONTROL, False)
