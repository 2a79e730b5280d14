"""Writes for staff accounts and teams. Every change of an account goes through here."""

from collections.abc import Iterable

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from zicht.accounts.models import Team, User
from zicht.accounts.policy import Role
from zicht.accounts.totp import DEVICE_NAME


@transaction.atomic
def user_create(
    *,
    email: str,
    full_name: str,
    role: Role,
    password: str | None,
    teams: Iterable[Team] = (),
) -> User:
    user = User.objects.create_user(email=email, password=password, full_name=full_name, role=role)
    user.teams.set(list(teams))
    return user


@transaction.atomic
def totp_device_for_enrolment(*, user: User) -> TOTPDevice:
    """The unconfirmed device a user is enrolling, created on first need.

    A confirmed device is never replaced here: resetting a lost phone is the functional
    administrator's job in the admin, so an attacker with only the password cannot re-enrol.
    """
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


@transaction.atomic
def totp_device_confirm(*, device: TOTPDevice) -> TOTPDevice:
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user, confirmed=False).delete()
    return device


@transaction.atomic
def totp_device_enrol_confirmed(*, user: User, key: str | None = None) -> TOTPDevice:
    """A confirmed device straight away: for demo accounts, whose codes `demo_totp` prints."""
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, name=DEVICE_NAME, defaults={"confirmed": True, **({"key": key} if key else {})}
    )
    return device
