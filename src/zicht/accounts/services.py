"""Writes for staff accounts and teams. Every change of an account goes through here."""

import secrets
from collections.abc import Iterable
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from zicht.accounts.models import ApiToken, Team, User, token_digest
from zicht.accounts.policy import Action, Role, can
from zicht.accounts.totp import DEVICE_NAME
from zicht.core.errors import Conflict, NotPermitted


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


ISSUE_FOR_OTHERS_REFUSED = (
    "U kunt alleen voor uzelf of voor de koppeling van een ketenpartner een API-token aanmaken, "
    "nooit voor een collega: met dat token zou u als die collega werken."
)


def may_issue_api_token(*, by: User, user: User) -> bool:
    """Separation of duties (issue 17.2): a token for oneself, or (the functional administrator)
    for a partner system's account, which is nobody's person. Never for a colleague."""
    if by.pk == user.pk:
        return by.is_active
    return can(by, Action.MANAGE_REFERENCE_DATA) and user.role == Role.PARTNER_SYSTEM


@transaction.atomic
def api_token_issue(*, by: User, user: User) -> tuple[ApiToken, str]:
    """A new API token for `user`, and its key: the only moment the key exists outside the
    caller's hands. Only its SHA-256 is stored."""
    if not may_issue_api_token(by=by, user=user):
        raise NotPermitted(ISSUE_FOR_OTHERS_REFUSED)
    key = secrets.token_hex(20)
    token = ApiToken.objects.create(user=user, digest=token_digest(key), created_by=by)
    return token, key


@transaction.atomic
def api_token_revoke(*, by: User, token: ApiToken) -> ApiToken:
    """Revoking is always allowed to the functional administrator and the token's own user:
    it takes power away, it gives none."""
    if by.pk != token.user_id and not can(by, Action.MANAGE_REFERENCE_DATA):
        raise NotPermitted()
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is not None:
        raise Conflict("Dit API-token is al ingetrokken.")
    token.revoked_at = timezone.now()
    token.revoked_by = by
    token.save(update_fields=["revoked_at", "revoked_by"])
    return token


# A partner's rotation (issue 19.3): the new key is issued at once, the old one keeps working
# until the partner has put the new one in place, at most a month (a deployment cycle).
ROTATION_OVERLAP_DEFAULT_DAYS = 7
ROTATION_OVERLAP_MAX_DAYS = 30
ROTATION_OVERLAP_INVALID = (
    f"Kies een overlap van 1 tot en met {ROTATION_OVERLAP_MAX_DAYS} dagen: zo lang werken het "
    "oude en het nieuwe token allebei."
)


@transaction.atomic
def api_token_rotate(*, by: User, token: ApiToken, overlap_days: int) -> tuple[ApiToken, str]:
    """A new token for the same account, and its key (shown once); the old token stays valid
    for `overlap_days` more and is refused from then on (401), so a partner system switches
    without a moment in which no key works. An earlier expiry of the old token is kept. Issued
    under the same rule as any token (`may_issue_api_token`); a revoked or expired token cannot
    be rotated: it no longer works, so there is nothing to overlap with (issue a new one)."""
    if not 1 <= overlap_days <= ROTATION_OVERLAP_MAX_DAYS:
        raise ValidationError({"overlap_days": ROTATION_OVERLAP_INVALID})
    old = ApiToken.objects.select_for_update().select_related("user").get(pk=token.pk)
    if not may_issue_api_token(by=by, user=old.user):
        raise NotPermitted(ISSUE_FOR_OTHERS_REFUSED)
    if not old.is_usable():
        raise Conflict(
            "Dit API-token is ingetrokken of verlopen en kan niet meer geroteerd worden. Maak "
            "een nieuw token aan."
        )
    new, key = api_token_issue(by=by, user=old.user)
    ends = timezone.now() + timedelta(days=overlap_days)
    if old.expires_at is None or old.expires_at > ends:
        old.expires_at = ends
        old.save(update_fields=["expires_at"])
    return new, key
