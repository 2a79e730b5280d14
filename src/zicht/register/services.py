"""Registration, matching, lookup and ending (R-REG-1, R-REG-2, R-REG-3).

A match is searched when a person is registered: the candidates share an exact or a blocking key
with the new registration (one index lookup), belong to another organisation and have not ended.
A shared exact key is a match; otherwise two different BSN keys rule one out, and the score (the
CLKs' field-weighted Dice plus a bonus per further shared key) must reach MATCH_THRESHOLD and be
the best fit both ways (`select`). Each match notifies BOTH organisations.
"""

import base64
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple

from django.db import connections, router, transaction
from django.db.models import Q
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
from zicht.register.pseudonym import Profile, profile, similarity_of

# The match rule's figures, chosen on half of FEBRL4 (bench/register_quality.py; the other half
# is what docs/register.md reports): a score from MATCH_THRESHOLD is a match when it is the best
# fit both ways within TIE; each shared key beyond the first adds AGREEMENT_BONUS.
MATCH_THRESHOLD = 0.6
TIE = 0.02
AGREEMENT_BONUS = 0.05
RivalBest = Callable[["Scored"], float]

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


class Candidate(NamedTuple):
    """What the match rule needs of a stored registration: read with its keys in one query
    (`_scored`), never as a model instance (a lookup at 5 million meets hundreds)."""

    pk: int
    organisation_id: int
    bsn_key: str
    clk: bytes


@dataclass(frozen=True)
class Scored:
    """A candidate registration and how well it fits the person asked about."""

    registration: Candidate
    exact: bool
    value: float


def score(
    keys: PersonKeys,
    other: Candidate,
    other_exact: set[str],
    shared: int,
    own: Profile | None = None,
    own_exact: set[str] | None = None,
) -> Scored:
    """A shared exact key is a match (1.0); two different BSN keys rule one out (0.0); otherwise
    the fields' weighted Dice (`similarity`) plus AGREEMENT_BONUS for every blocking or exact key
    shared beyond the first: each further view of the person that agrees is evidence. `own` and
    `own_exact` are `profile(keys.clk)` and `_exact(keys)`, computed once by a caller scoring
    many candidates."""
    if own_exact is None:
        own_exact = _exact(keys)
    if own_exact & other_exact:
        return Scored(other, True, 1.0)
    if keys.bsn_key and other.bsn_key and keys.bsn_key != other.bsn_key:
        return Scored(other, False, 0.0)
    bonus = AGREEMENT_BONUS * max(shared - 1, 0)
    own = own or profile(keys.clk)
    return Scored(other, False, similarity_of(own, profile(other.clk)) + bonus)


def _exact(keys: PersonKeys) -> set[str]:
    return set(keys.exact) | ({keys.bsn_key} if keys.bsn_key else set())


def _candidate_rows(values: list[str], organisation_id: int, *, others: bool) -> list[Any]:
    """The key rows among `values` of active registrations of every organisation but
    `organisation_id` (`others`) or of that one only, with the columns the rule reads of their
    registrations. Plain SQL: the ORM's compiling of this join costs about as much as running
    it (a lookup at 5 million runs it once, or three times with the rule's second step)."""
    if not values:
        return []
    connection = connections[router.db_for_read(Key)]
    quote = connection.ops.quote_name
    keys, registrations = quote(Key._meta.db_table), quote(Registration._meta.db_table)
    sql = (
        f"SELECT k.registration_id, r.organisation_id, r.bsn_key, r.clk, k.kind, k.value "  # noqa: S608 (model tables)
        f"FROM {keys} k INNER JOIN {registrations} r ON r.id = k.registration_id "
        f"WHERE k.value IN ({', '.join(['%s'] * len(values))}) AND r.ended_at IS NULL "
        f"AND r.organisation_id {'<>' if others else '='} %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*values, organisation_id])
        return cursor.fetchall()


def _scored(keys: PersonKeys, organisation_id: int, *, others: bool) -> list[Scored]:
    """Every active registration that shares a key with `keys`, of the other organisations
    (`others`) or of `organisation_id` itself, scored: one query (`_candidate_rows`). A
    candidate shares an exact key when one of its rows is an exact key among `keys`' own (its
    other exact keys cannot meet ours, so need not be read)."""
    own_exact = _exact(keys)
    values = [*keys.exact, *keys.blocks] + ([keys.bsn_key] if keys.bsn_key else [])
    found: dict[int, Candidate] = {}
    shared: Counter[int] = Counter()
    exact_of: dict[int, set[str]] = {}
    for pk, organisation_id_, bsn_key, clk, kind, value in _candidate_rows(
        values, organisation_id, others=others
    ):
        if pk not in found:
            found[pk] = Candidate(pk, organisation_id_, bsn_key, bytes(clk))
            exact_of[pk] = set()
        shared[pk] += 1
        if kind == Key.EXACT and value in own_exact:
            exact_of[pk].add(value)
    own = profile(keys.clk)
    return [
        score(keys, c, exact_of[c.pk], shared[c.pk], own, own_exact) for c in sorted(found.values())
    ]


def keys_of(registration: Candidate, person_ref: str = "") -> PersonKeys:
    """A stored registration's keys, as its organisation sent them."""
    exact, blocks = [], []
    for kind, value in Key.objects.filter(registration_id=registration.pk).values_list(
        "kind", "value"
    ):
        if kind == Key.BLOCK:
            blocks.append(value)
        elif value != registration.bsn_key:
            exact.append(value)
    return PersonKeys(
        person_ref=person_ref,
        bsn_key=registration.bsn_key,
        exact=tuple(exact),
        blocks=tuple(blocks),
        clk=registration.clk,
    )


def select(
    candidates: list[Scored],
    organisation_of: Callable[[Scored], object],
    rival_best: RivalBest,
    threshold: float = MATCH_THRESHOLD,
) -> list[Scored]:
    """The match rule (R-REG-3), shared with bench/register_quality.py. An exact candidate is a
    match. A fuzzy one must reach MATCH_THRESHOLD, be the best fit in its organisation (within
    TIE: a person in two of that organisation's cases fits both alike), and the new registration
    must in turn be its best fit among the asker's registrations (`rival_best`, within TIE):
    a one-to-one rule, so a namesake of similar age does not match beside the person."""
    best: dict[object, float] = {}
    for candidate in candidates:
        if not candidate.exact:
            key = organisation_of(candidate)
            best[key] = max(best.get(key, 0.0), candidate.value)
    return [
        candidate
        for candidate in candidates
        if candidate.exact
        or (
            candidate.value >= threshold
            and candidate.value >= best[organisation_of(candidate)] - TIE
            and candidate.value >= rival_best(candidate) - TIE
        )
    ]


def find_matches(organisation: Organisation, keys: PersonKeys) -> list[Scored]:
    """The other organisations' registrations of the person with these keys (R-REG-3)."""

    def rival_best(candidate: Scored) -> float:
        # How well the candidate fits the asker's registrations: is this one its best?
        rivals = _scored(keys_of(candidate.registration), organisation.pk, others=False)
        return max((r.value for r in rivals if not r.exact), default=0.0)

    return select(
        _scored(keys, organisation.pk, others=True),
        lambda c: c.registration.organisation_id,
        rival_best,
    )


def _store_keys(registration: Registration, keys: PersonKeys) -> None:
    registration.keys.all().delete()
    rows = [Key(registration=registration, kind=Key.EXACT, value=v) for v in keys.exact]
    if keys.bsn_key:
        rows.append(Key(registration=registration, kind=Key.EXACT, value=keys.bsn_key))
    rows += [Key(registration=registration, kind=Key.BLOCK, value=v) for v in keys.blocks]
    Key.objects.bulk_create(rows)


def _match(registration: Registration, other: Candidate, exact: bool, value: float) -> None:
    first_id, second_id = sorted((registration.pk, other.pk))
    match, created = Match.objects.get_or_create(
        first_id=first_id, second_id=second_id, defaults={"exact": exact, "score": value}
    )
    if created:
        Notification.objects.bulk_create(
            [
                Notification(
                    organisation_id=registration.organisation_id,
                    match=match,
                    own_id=registration.pk,
                    other_id=other.pk,
                ),
                Notification(
                    organisation_id=other.organisation_id,
                    match=match,
                    own_id=other.pk,
                    other_id=registration.pk,
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
            for found in find_matches(organisation, keys):
                _match(registration, found.registration, found.exact, found.value)
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
    # The matched ids first, then their registrations by primary key: one query with the matches
    # as two OR-ed subqueries is planned as a scan of every registration on PostgreSQL.
    pairs = Match.objects.filter(Q(first=own) | Q(second=own)).values_list("first_id", "second_id")
    other_ids = [second if first == own.pk else first for first, second in pairs]
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
