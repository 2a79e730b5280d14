"""Registration, matching, lookup and ending (R-REG-1, R-REG-2, R-REG-3).

A match is searched when a person is registered: the candidates share an exact or a blocking key
with the new registration (one index lookup), belong to another organisation and have not ended.
A shared exact key is a match; otherwise two different BSN keys rule one out, and the CLKs' Dice
coefficient must reach MATCH_THRESHOLD. Each match notifies BOTH organisations.
"""

import base64
from dataclasses import dataclass
from datetime import datetime

from django.db import router, transaction
from django.db.models import QuerySet
from django.utils import timezone

from zicht.core.errors import NotFound, NotPermitted
from zicht.register.models import (
    AccessLog,
    Key,
    Match,
    Notification,
    Organisation,
    Registration,
)
from zicht.register.pseudonym import MATCH_THRESHOLD, dice

NO_OWN_REGISTRATION = (
    "Het register beantwoordt alleen vragen over een persoon die uw organisatie zelf bij dit "
    "dossier heeft geregistreerd."
)


@dataclass(frozen=True)
class PersonKeys:
    person_ref: str
    bsn_key: str
    exact: tuple[str, ...]
    blocks: tuple[str, ...]
    clk: bytes


def log(
    organisation: Organisation | None,
    event: str,
    outcome: str,
    case_ref: str = "",
    credential_id: int | None = None,
) -> None:
    AccessLog.objects.create(
        organisation=organisation,
        credential_id=credential_id,
        event=event,
        case_ref=case_ref,
        outcome=outcome,
    )


def _candidates(organisation: Organisation, keys: PersonKeys) -> QuerySet[Registration]:
    values = [*keys.exact, *keys.blocks] + ([keys.bsn_key] if keys.bsn_key else [])
    return (
        Registration.objects.filter(keys__value__in=values, ended_at=None)
        .exclude(organisation=organisation)
        .distinct()
    )


def score(keys: PersonKeys, other: Registration, other_exact: set[str]) -> tuple[bool, float]:
    """(exact, score) of a candidate; score 0 when two BSN keys differ."""
    own_exact = set(keys.exact) | ({keys.bsn_key} if keys.bsn_key else set())
    if own_exact & other_exact:
        return True, 1.0
    if keys.bsn_key and other.bsn_key and keys.bsn_key != other.bsn_key:
        return False, 0.0
    return False, dice(keys.clk, bytes(other.clk))


def find_matches(
    organisation: Organisation, keys: PersonKeys
) -> list[tuple[Registration, bool, float]]:
    candidates = list(_candidates(organisation, keys))
    exact_of: dict[int, set[str]] = {c.pk: set() for c in candidates}
    for registration_id, key in Key.objects.filter(
        registration__in=candidates, kind=Key.EXACT
    ).values_list("registration_id", "value"):
        exact_of[registration_id].add(key)
    for candidate in candidates:
        if candidate.bsn_key:
            exact_of[candidate.pk].add(candidate.bsn_key)
    found = []
    for candidate in candidates:
        exact, value = score(keys, candidate, exact_of[candidate.pk])
        if exact or value >= MATCH_THRESHOLD:
            found.append((candidate, exact, value))
    return found


def _store_keys(registration: Registration, keys: PersonKeys) -> None:
    registration.keys.all().delete()
    rows = [Key(registration=registration, kind=Key.EXACT, value=v) for v in keys.exact]
    if keys.bsn_key:
        rows.append(Key(registration=registration, kind=Key.EXACT, value=keys.bsn_key))
    rows += [Key(registration=registration, kind=Key.BLOCK, value=v) for v in keys.blocks]
    Key.objects.bulk_create(rows)


def _match(registration: Registration, other: Registration, exact: bool, value: float) -> None:
    first, second = sorted((registration, other), key=lambda r: r.pk)
    match, created = Match.objects.get_or_create(
        first=first, second=second, defaults={"exact": exact, "score": value}
    )
    if created:
        Notification.objects.bulk_create(
            [
                Notification(
                    organisation=registration.organisation,
                    match=match,
                    own=registration,
                    other=other,
                ),
                Notification(
                    organisation=other.organisation, match=match, own=other, other=registration
                ),
            ]
        )


def atomic() -> transaction.Atomic:
    """A transaction on the register's database (its own alias when it shares a process)."""
    return transaction.atomic(using=router.db_for_write(Registration))


def register(
    *,
    organisation: Organisation,
    case_ref: str,
    persons: list[PersonKeys],
    now: datetime | None = None,
) -> tuple[bool, list[Registration]]:
    """Register (or refresh) the persons of one case; returns (anything new, the registrations).
    A replay of the same registration changes nothing but the last activity date."""
    now = now or timezone.now()
    created_any = False
    registrations = []
    with atomic():
        for keys in persons:
            registration, created = Registration.objects.select_for_update().get_or_create(
                organisation=organisation,
                case_ref=case_ref,
                person_ref=keys.person_ref,
                defaults={
                    "clk": keys.clk,
                    "bsn_key": keys.bsn_key,
                    "registered_at": now,
                    "last_activity_at": now,
                },
            )
            created_any |= created
            if not created:
                registration.clk, registration.bsn_key = keys.clk, keys.bsn_key
                registration.last_activity_at, registration.ended_at = now, None
                registration.save(update_fields=["clk", "bsn_key", "last_activity_at", "ended_at"])
            _store_keys(registration, keys)
            for other, exact, value in find_matches(organisation, keys):
                _match(registration, other, exact, value)
            registrations.append(registration)
    return created_any, registrations


def own_registration(organisation: Organisation, case_ref: str, person_ref: str) -> Registration:
    registration = Registration.objects.filter(
        organisation=organisation, case_ref=case_ref, person_ref=person_ref, ended_at=None
    ).first()
    if registration is None:
        raise NotPermitted(NO_OWN_REGISTRATION)
    return registration


def lookup(*, organisation: Organisation, case_ref: str, person_ref: str) -> list[Registration]:
    """R-REG-2: only about a person of one of the asker's own registrations; the answer is the
    other active registrations of that person (that, where, when), never content."""
    own = own_registration(organisation, case_ref, person_ref)
    matches = Match.objects.filter(first=own) | Match.objects.filter(second=own)
    other_ids = [m.second_id if m.first_id == own.pk else m.first_id for m in matches]
    return list(
        Registration.objects.filter(pk__in=other_ids, ended_at=None)
        .select_related("organisation")
        .order_by("registered_at")
    )


def deregister(*, organisation: Organisation, case_ref: str) -> int:
    """End a case's registrations (retention ended, file destroyed): the dates stay, the keys and
    the CLK go, so an ended registration can never be found again."""
    with atomic():
        return _deregister(organisation, case_ref)


def _deregister(organisation: Organisation, case_ref: str) -> int:
    registrations = Registration.objects.filter(organisation=organisation, case_ref=case_ref)
    if not registrations.exists():
        raise NotFound()
    Key.objects.filter(registration__in=registrations).delete()
    return registrations.filter(ended_at=None).update(
        ended_at=timezone.now(), clk=bytes(128), bsn_key=""
    )


def open_notifications(organisation: Organisation, limit: int = 100) -> list[Notification]:
    return list(
        Notification.objects.filter(organisation=organisation, acknowledged_at=None)
        .select_related("own", "other__organisation")
        .order_by("pk")[:limit]
    )


def acknowledge(*, organisation: Organisation, notification_id: int) -> None:
    """Idempotent: acknowledging twice is fine; another organisation's notification is 404."""
    updated = Notification.objects.filter(pk=notification_id, organisation=organisation)
    if not updated.exists():
        raise NotFound()
    updated.filter(acknowledged_at=None).update(acknowledged_at=timezone.now())


def clk_from_base64(text: str) -> bytes:
    return base64.b64decode(text, validate=True)
