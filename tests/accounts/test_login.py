"""Logging in: e-mail + password, then a TOTP code; lock-out; logout; the Dutch messages."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import PASSWORD, TOTPDeviceFactory, UserFactory
from zicht.accounts.throttle import client_address, login_delay
from zicht.accounts.totp import current_code

pytestmark = pytest.mark.django_db

LOGIN = "/inloggen"
CODE = "/inloggen/code"


def _password_step(client: Client, email: str, password: str = PASSWORD):
    return client.post(LOGIN, {"username": email, "password": password})


def test_login_needs_password_then_totp_code():
    user = UserFactory(email="anna@zicht.test")
    device = TOTPDeviceFactory(user=user)
    client = Client()

    response = _password_step(client, "Anna@Zicht.test")  # e-mail is case-insensitive
    assert response.status_code == 302
    # With only a password, every page sends you to the code step.
    home = client.get("/")
    assert home.status_code == 302
    assert home.url.startswith(CODE)

    response = client.post(CODE, {"token": current_code(device), "next": "/"})
    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_wrong_password_gets_dutch_message_and_400():
    UserFactory(email="bas@zicht.test")
    response = _password_step(Client(), "bas@zicht.test", "fout-wachtwoord")
    assert response.status_code == 400
    assert "Het e-mailadres of het wachtwoord klopt niet" in response.content.decode()
    # What was typed (the e-mail) stays in the form.
    assert 'value="bas@zicht.test"' in response.content.decode()


def test_missing_fields_are_named():
    response = Client().post(LOGIN, {"username": "", "password": ""})
    body = response.content.decode()
    assert response.status_code == 400
    assert "E-mailadres: Vul uw e-mailadres in." in body
    assert "Wachtwoord: Vul uw wachtwoord in." in body


def test_wrong_totp_code_is_refused_in_dutch():
    user = UserFactory()
    device = TOTPDeviceFactory(user=user)
    client = Client()
    _password_step(client, user.email)
    wrong = f"{(int(current_code(device)) + 1) % 1_000_000:06d}"
    response = client.post(CODE, {"token": wrong})
    assert response.status_code == 400
    assert "Deze code is onjuist of verlopen" in response.content.decode()
    assert client.get("/").status_code == 302


def test_malformed_totp_code_names_the_field():
    user = UserFactory()
    TOTPDeviceFactory(user=user)
    client = Client()
    _password_step(client, user.email)
    response = client.post(CODE, {"token": "12ab"})
    assert response.status_code == 400
    assert (
        "Code uit de authenticator-app: De code bestaat uit 6 cijfers." in response.content.decode()
    )


def test_expired_totp_code_is_refused(time_machine):
    user = UserFactory()
    device = TOTPDeviceFactory(user=user)
    client = Client()
    _password_step(client, user.email)
    now = timezone.now()
    time_machine.move_to(now - timedelta(minutes=5))
    old_code = current_code(device)  # the code of five minutes ago has long expired
    time_machine.move_to(now)
    response = client.post(CODE, {"token": old_code})
    assert response.status_code == 400
    assert "onjuist of verlopen" in response.content.decode()


def test_repeated_wrong_codes_are_throttled():
    user = UserFactory()
    device = TOTPDeviceFactory(user=user)
    client = Client()
    _password_step(client, user.email)
    wrong = f"{(int(current_code(device)) + 7) % 1_000_000:06d}"
    client.post(CODE, {"token": wrong})
    response = client.post(CODE, {"token": current_code(device)})
    # Right after a failure the device is throttled: even the right code must wait.
    assert response.status_code == 400
    assert "Te veel onjuiste codes" in response.content.decode()


def test_first_login_enrols_an_authenticator_app():
    user = UserFactory()
    client = Client()
    _password_step(client, user.email)
    page = client.get(CODE)
    body = page.content.decode()
    assert "koppel eerst een authenticator-app" in body
    assert "<svg" in body
    device = user.totpdevice_set.get(confirmed=False)
    response = client.post(CODE, {"token": current_code(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed


ATTACKER = "203.0.113.9"
DESK = "10.1.2.3"


def _try(email: str, password: str, address: str, **headers):
    return Client(REMOTE_ADDR=address, **headers).post(
        LOGIN, {"username": email, "password": password}
    )


def test_the_delay_grows_from_one_second_up_to_its_ceiling(settings):
    """Issue 17.6: the first failures cost nothing, then each doubles the wait."""
    settings.LOGIN_FREE_FAILURES, settings.LOGIN_DELAY_MAX_SECONDS = 3, 60
    waits = [login_delay(n).total_seconds() for n in range(1, 12)]
    assert waits == [0, 0, 1, 2, 4, 8, 16, 32, 60, 60, 60]


def test_after_the_free_failures_a_try_waits_and_the_wait_grows(time_machine):
    """Issue 17.6: a growing delay rather than a hard lock for the first attempts. A try during
    the wait is refused (429) before the password is checked, so it counts as no failure."""
    user = UserFactory()
    time_machine.move_to(timezone.now(), tick=False)
    for _ in range(3):
        assert _try(user.email, "fout", ATTACKER).status_code == 400
    response = _try(user.email, PASSWORD, ATTACKER)  # even the right password waits
    assert response.status_code == 429
    body = response.content.decode()
    assert "Wacht 1 seconde en probeer" in body
    assert f'value="{user.email}"' in body  # what was typed stays
    time_machine.shift(timedelta(seconds=1))
    assert _try(user.email, "fout", ATTACKER).status_code == 400
    assert "Wacht 2 seconden" in _try(user.email, "fout", ATTACKER).content.decode()
    time_machine.shift(timedelta(seconds=1.5))
    assert "Wacht 1 seconde " in _try(user.email, "fout", ATTACKER).content.decode()  # rounded up
    time_machine.shift(timedelta(seconds=0.7))  # past the wait by a fraction: no wait left
    assert _try(user.email, PASSWORD, ATTACKER).status_code == 302


def test_an_attacker_elsewhere_cannot_lock_out_the_crisis_desk(settings, time_machine):
    """Issue 17.6: five wrong passwords locked any staff account for 30 minutes, from anywhere.
    Now failures count per account and address: the attacker's address is locked out, and the
    crisis desk still logs in from its own."""
    user = UserFactory(email="crisisdienst@zicht.test")
    device = TOTPDeviceFactory(user=user)
    time_machine.move_to(timezone.now(), tick=False)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _try(user.email, "raden", ATTACKER)
        time_machine.shift(timedelta(seconds=settings.LOGIN_DELAY_MAX_SECONDS))
    locked = _try(user.email, PASSWORD, ATTACKER)
    assert locked.status_code == 429
    assert "Inloggen tijdelijk geblokkeerd" in locked.content.decode()

    desk = Client(REMOTE_ADDR=DESK)
    assert desk.post(LOGIN, {"username": user.email, "password": PASSWORD}).status_code == 302
    assert desk.post(CODE, {"token": current_code(device)}).status_code == 302
    assert desk.get("/").status_code == 200


def test_a_forged_forwarded_for_header_is_not_believed(settings, time_machine):
    """Nobody can pose as the crisis desk's address, or dodge the count by claiming others."""
    user = UserFactory()
    time_machine.move_to(timezone.now(), tick=False)
    for n in range(settings.AXES_FAILURE_LIMIT):
        _try(user.email, "raden", ATTACKER, HTTP_X_FORWARDED_FOR=f"{DESK}, 198.51.100.{n}")
        time_machine.shift(timedelta(seconds=settings.LOGIN_DELAY_MAX_SECONDS))
    assert _try(user.email, PASSWORD, ATTACKER, HTTP_X_FORWARDED_FOR="192.0.2.1").status_code == 429
    assert _try(user.email, PASSWORD, DESK).status_code == 302


def test_behind_a_trusted_proxy_the_forwarded_address_counts(settings, rf):
    settings.ZICHT_TRUSTED_PROXIES = ["10.0.0.1"]
    request = rf.post(LOGIN, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=f"{DESK}, {ATTACKER}")
    assert client_address(request) == ATTACKER  # the address the proxy saw, not what was claimed
    assert (
        client_address(rf.post(LOGIN, REMOTE_ADDR=ATTACKER, HTTP_X_FORWARDED_FOR=DESK)) == ATTACKER
    )


def test_logout_ends_the_session(worker_client):
    assert worker_client.get("/").status_code == 200
    response = worker_client.post("/uitloggen", follow=True)
    assert "U bent uitgelogd." in response.content.decode()
    assert worker_client.get("/").status_code == 302


def test_post_without_csrf_token_gets_dutch_403():
    client = Client(enforce_csrf_checks=True)
    response = client.post(LOGIN, {"username": "x@zicht.test", "password": "y"})
    assert response.status_code == 403
    assert "Het formulier is verlopen" in response.content.decode()


def test_unknown_url_gets_friendly_404(worker_client):
    response = worker_client.get("/bestaat-niet")
    assert response.status_code == 404
    assert "Deze pagina bestaat niet" in response.content.decode()


def test_idle_session_expires(settings):
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    assert settings.SESSION_COOKIE_AGE == 30 * 60


def test_open_redirect_after_code_is_refused():
    user = UserFactory()
    device = TOTPDeviceFactory(user=user)
    client = Client()
    _password_step(client, user.email)
    response = client.post(CODE, {"token": current_code(device), "next": "https://evil.test/"})
    assert response.url == "/"


def test_admin_login_goes_through_two_factor_login():
    response = Client().get(reverse("admin:index"))
    assert response.status_code == 302
    follow = Client().get(response.url)
    assert follow.status_code in (301, 302)
    assert follow.url.startswith(LOGIN)
