"""Changes of who someone is in Zicht, under separation of duties (issue 17.3).

Every change of an account's role, e-mail address, being active or teams, and every reset of
password and second factor, is written to `AccountChange` with who asked and why (a reason is
required). Some changes wait for a second functional administrator (`needs_second_admin`):
giving anyone a role with client data or with Beheer, changing one's own account, and a new
e-mail address (the address the one-time link goes to). Nobody sets another person's password:
a reset makes the password unusable, removes the TOTP devices and mails the person a one-time
link to set a new password; the next login enrols a new authenticator app.
"""

from typing import Any

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_otp.plugins.otp_totp.models import TOTPDevice

from zicht.accounts.models import AccountChange, ApiToken, Team, User
from zicht.accounts.policy import PERMISSIONS, Action, Role, require
from zicht.core.errors import AlreadyExists, Conflict, NotPermitted

# A role with one of these needs a second administrator before anyone active holds it.
GUARDED_ACTIONS = frozenset({Action.VIEW_CLIENT_DATA, Action.MANAGE_REFERENCE_DATA})
REASON_MISSING = "Vul de reden van deze wijziging in."
OWN_CHANGE_REFUSED = (
    "U kunt uw eigen wijziging niet bevestigen of afwijzen: dat doet een tweede beheerder."
)
CHANGE_OF_SELF_REFUSED = "Een wijziging van uw eigen account bevestigt een andere beheerder."
ACCOUNT_FIELDS = ("role", "email", "is_active")


def guarded_role(role: str) -> bool:
    return bool(PERMISSIONS[Role(role)] & GUARDED_ACTIONS)


def account_state(user: User) -> dict[str, Any]:
    return {field: getattr(user, field) for field in ACCOUNT_FIELDS}


def needs_second_admin(*, by: User, user: User, before: dict, after: dict) -> str:
    """Why a change waits for a second administrator, or "" when one may make it alone."""
    if user.pk == by.pk:
        return "U wijzigt uw eigen account."
    if before.get("email") and before["email"] != after["email"]:
        return "Naar een nieuw e-mailadres gaat voortaan de link om een wachtwoord in te stellen."
    gains = not before.get("is_active") or before.get("role") != after["role"]
    if after["is_active"] and guarded_role(after["role"]) and gains:
        return "Deze rol geeft toegang tot cliëntgegevens of tot Beheer."
    return ""


def pending_reason(change: AccountChange) -> str:
    """Why a pending change waits, in the words of `needs_second_admin`."""
    return needs_second_admin(
        by=change.requested_by, user=change.user, before=change.before, after=change.after
    )


def _require_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": REASON_MISSING})
    return reason


def _log(
    *, by: User, user: User, kind: str, before: dict, after: dict, reason: str, pending: bool
) -> AccountChange:
    return AccountChange.objects.create(
        user=user,
        kind=kind,
        status=AccountChange.Status.PENDING if pending else AccountChange.Status.APPLIED,
        before=before,
        after=after,
        reason=reason,
        requested_by=by,
    )


def _apply(*, by: User, user: User, after: dict) -> None:
    before = account_state(user)
    for field in ACCOUNT_FIELDS:
        setattr(user, field, after[field])
    user.save(update_fields=list(ACCOUNT_FIELDS))
    if before["role"] != after["role"] or not after["is_active"]:
        # A token made for the old role (a partner system's) never outlives it.
        ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(
            revoked_at=timezone.now(), revoked_by=by
        )


def send_set_password_link(*, user: User, link_base: str, reset: bool) -> None:
    """Mails the person a one-time link to set a password. The link works once (Django's token
    changes with the password) and for PASSWORD_RESET_TIMEOUT; it is never shown in Beheer."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    path = reverse("accounts:set_password", args=[uid, default_token_generator.make_token(user)])
    days = max(1, settings.PASSWORD_RESET_TIMEOUT // 86400)
    why = (
        "De functioneel beheerder heeft uw wachtwoord en uw authenticator-app voor Zicht gereset."
        if reset
        else "Er is een account voor u aangemaakt in Zicht."
    )
    send_mail(
        "Zicht: stel uw wachtwoord in",
        f"Beste {user.full_name},\n\n{why} Stel met deze link een wachtwoord in; de link werkt "
        f"één keer en {days} dagen lang:\n\n{link_base}{path}\n\nDaarna logt u in en koppelt u "
        "uw authenticator-app.\n\nHeeft u dit niet verwacht? Neem dan direct contact op met uw "
        "teamleider.\n",
        None,
        [user.email],
    )


@transaction.atomic
def account_create(
    *, by: User, email: str, full_name: str, role: str, reason: str, link_base: str
) -> tuple[User, AccountChange]:
    """A new account without a password: the person sets one through a mailed link. With a
    guarded role it stays inactive until a second administrator approves."""
    require(by, Action.MANAGE_REFERENCE_DATA)
    reason = _require_reason(reason)
    user = User.objects.create_user(email, None, full_name=full_name, role=role, is_active=False)
    after = {**account_state(user), "is_active": True}
    pending = bool(needs_second_admin(by=by, user=user, before={}, after=after))
    change = _log(
        by=by,
        user=user,
        kind=AccountChange.Kind.CREATE,
        before={},
        after=after,
        reason=reason,
        pending=pending,
    )
    if not pending:
        _apply(by=by, user=user, after=after)
        send_set_password_link(user=user, link_base=link_base, reset=False)
    return user, change


@transaction.atomic
def account_update(
    *, by: User, user: User, role: str, email: str, is_active: bool, reason: str
) -> AccountChange | None:
    """Role, e-mail address and being active: made at once and logged, or left pending for a
    second administrator. None when nothing changes."""
    require(by, Action.MANAGE_REFERENCE_DATA)
    user = User.objects.select_for_update().get(pk=user.pk)
    before = account_state(user)
    after = {"role": role, "email": email.strip().lower(), "is_active": is_active}
    if before == after:
        return None
    reason = _require_reason(reason)
    pending = bool(needs_second_admin(by=by, user=user, before=before, after=after))
    change = _log(
        by=by,
        user=user,
        kind=AccountChange.Kind.ACCOUNT,
        before=before,
        after=after,
        reason=reason,
        pending=pending,
    )
    if not pending:
        _apply(by=by, user=user, after=after)
    return change


@transaction.atomic
def account_change_decide(
    *, by: User, change: AccountChange, approve: bool, link_base: str
) -> AccountChange:
    """The second administrator's answer. Never the one who asked, never the person changed."""
    require(by, Action.MANAGE_REFERENCE_DATA)
    change = AccountChange.objects.select_for_update().get(pk=change.pk)
    if change.status != AccountChange.Status.PENDING:
        raise AlreadyExists("Deze wijziging is al bevestigd of afgewezen.")
    if by.pk == change.requested_by_id:
        raise NotPermitted(OWN_CHANGE_REFUSED)
    if by.pk == change.user_id:
        raise NotPermitted(CHANGE_OF_SELF_REFUSED)
    if approve:
        user = User.objects.select_for_update().get(pk=change.user_id)
        if change.kind == AccountChange.Kind.ACCOUNT and account_state(user) != change.before:
            raise Conflict(
                "Het account is intussen gewijzigd; deze wijziging past er niet meer op. Wijs "
                "haar af en vraag zo nodig een nieuwe aan."
            )
        _apply(by=by, user=user, after=change.after)
        if change.kind == AccountChange.Kind.CREATE:
            send_set_password_link(user=user, link_base=link_base, reset=False)
    change.status = AccountChange.Status.APPLIED if approve else AccountChange.Status.REJECTED
    change.decided_by = by
    change.decided_at = timezone.now()
    change.save(update_fields=["status", "decided_by", "decided_at"])
    return change


@transaction.atomic
def teams_change(*, by: User, user: User, teams: list[Team], reason: str) -> AccountChange | None:
    """The teams a person works in (and so the cases they see): made at once, logged."""
    require(by, Action.MANAGE_REFERENCE_DATA)
    before = sorted(user.teams.values_list("name", flat=True))
    after = sorted(team.name for team in teams)
    if before == after:
        return None
    reason = _require_reason(reason)
    user.teams.set(teams)
    return _log(
        by=by,
        user=user,
        kind=AccountChange.Kind.TEAMS,
        before={"teams": before},
        after={"teams": after},
        reason=reason,
        pending=False,
    )


@transaction.atomic
def account_reset(*, by: User, user: User, reason: str, link_base: str) -> AccountChange:
    """Password and second factor reset: the password unusable (which also ends the person's
    sessions), every TOTP device removed, a one-time link mailed to the person. Nobody else
    learns a password or a secret."""
    require(by, Action.MANAGE_REFERENCE_DATA)
    reason = _require_reason(reason)
    user = User.objects.select_for_update().get(pk=user.pk)
    user.set_unusable_password()
    user.save(update_fields=["password"])
    devices = TOTPDevice.objects.filter(user=user).delete()[0]
    change = _log(
        by=by,
        user=user,
        kind=AccountChange.Kind.RESET,
        before={"totp_devices": devices},
        after={"totp_devices": 0},
        reason=reason,
        pending=False,
    )
    if user.is_active:
        send_set_password_link(user=user, link_base=link_base, reset=True)
    return change
