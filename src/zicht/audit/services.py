"""Writing the access log (R-PRIV-3). Call `access_log_record` for every read or change of a
person's or case's data, in the same transaction as a change.

A service of many steps (a report registers persons, a household, a case) can wrap its
transaction's body in `access_log_batch()`: the steps' entries are then written together at the
end of the block, still inside the transaction, under one lock of one chain head instead of one
per step.

One entry per kind of access per request: the same access (event, user, on whose behalf,
person, case, channel, reason) recorded twice in one request — a page whose panels each read the
household, a list that logs its members — is written once. Within one write (a call, a batch)
that is `_unique`, which keeps the details of both; across the writes of a request,
`access_log_request()` (opened for every request by `audit.middleware`) remembers what was
written and committed and drops a later twin (a written entry is never changed). An entry of a
change that rolled back is not remembered, so it never hides a later one."""

import hashlib
import json
import secrets
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

from django.contrib.auth.models import AnonymousUser
from django.db import connection, transaction
from django.utils import timezone

from zicht.accounts.models import User
from zicht.audit.models import AccessEvent, AccessLogChain, AccessLogEntry, Channel
from zicht.core.batch import DeferredWrites


class LoggedCase(Protocol):
    """What the log keeps of a case (a `cases.Case`, which this lower app cannot import)."""

    @property
    def pk(self) -> Any: ...

    @property
    def number(self) -> str: ...


Actor = User | AnonymousUser | None  # a request's user; None: the system or a partner's link

GENESIS = "0" * 64
HASHED_FIELDS = (
    "at",
    "event",
    "user_id",
    "user_label",
    "on_behalf_of_id",
    "on_behalf_of_label",
    "person_id",
    "case_id",
    "case_number",
    "channel",
    "resource",
    "detail",
    "reason",
    "prev_hash",
)


@dataclass(slots=True)
class PendingEntry:
    """An access-log entry on its way into the table: the row's columns, nothing else. A page
    that shows 50 cases writes 50 entries; as model instances through `bulk_create` they cost
    about 3 ms more per page than this record and one plain INSERT (`_write`)."""

    at: datetime
    event: str
    user_id: int | None
    user_label: str
    on_behalf_of_id: int | None
    on_behalf_of_label: str
    person_id: int | None
    case_id: int | None
    case_number: str
    channel: str
    resource: str
    detail: str
    reason: str
    prev_hash: str = ""
    entry_hash: str = ""
    chain: int = 0


# The table's columns in insert order, with their PostgreSQL types for the UNNEST insert.
COLUMNS = {
    "at": "timestamptz",
    "event": "text",
    "user_id": "bigint",
    "user_label": "text",
    "on_behalf_of_id": "bigint",
    "on_behalf_of_label": "text",
    "person_id": "bigint",
    "case_id": "bigint",
    "case_number": "text",
    "channel": "text",
    "resource": "text",
    "detail": "text",
    "reason": "text",
    "prev_hash": "text",
    "entry_hash": "text",
    "chain": "smallint",
}


Key = tuple[str, int | None, int | None, int | None, int | None, str, str]

# The accesses written (and committed) in the current request; None outside a request.
_written: ContextVar[set[Key] | None] = ContextVar("access_log_request", default=None)


@contextmanager
def access_log_request() -> Iterator[None]:
    """The scope of "one entry per kind of access": opened for each request by the middleware."""
    token = _written.set(set())
    try:
        yield
    finally:
        _written.reset(token)


def _key(entry: PendingEntry) -> Key:
    return (
        entry.event,
        entry.user_id,
        entry.on_behalf_of_id,
        entry.person_id,
        entry.case_id,
        entry.channel,
        entry.reason,
    )


def _unique(entries: list[PendingEntry]) -> list[PendingEntry]:
    """One entry per access, in order; the details of the twins are kept in the one entry."""
    first: dict[Key, PendingEntry] = {}
    for entry in entries:
        kept = first.setdefault(_key(entry), entry)
        if kept is not entry and entry.detail and entry.detail not in kept.detail.split("; "):
            kept.detail = f"{kept.detail}; {entry.detail}"[:300] if kept.detail else entry.detail
    return list(first.values())


def entry_digest(entry: AccessLogEntry | PendingEntry) -> str:
    """SHA-256 over every field and the previous hash: any change anywhere breaks the chain."""
    values: dict[str, Any] = {name: getattr(entry, name) for name in HASHED_FIELDS}
    values["at"] = entry.at.astimezone(UTC).isoformat()
    canonical = json.dumps(values, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _label(user: Actor) -> str:
    if not isinstance(user, User):  # the system, a partner's link or an anonymous request
        return ""
    label = f"{user.get_full_name()} <{user.email}> ({user.get_role_display()})"
    # A 150-character name and a 254-character address do not fit the 200 of the column; the
    # user's id is logged beside it, so the cut label still points at one person.
    return label[:200]


# savepoint=False: nested in a service's transaction (the usual case) the entries join it without
# a savepoint round trip; they commit or roll back with the change they record.
@transaction.atomic(savepoint=False)
def access_log_record(
    *,
    user: Actor,
    event: AccessEvent,
    channel: Channel,
    person_ids: Iterable[int] = (),
    case: LoggedCase | None = None,
    resource: str = "",
    detail: str = "",
    reason: str = "",
    on_behalf_of: User | None = None,
) -> list[PendingEntry]:
    """Appends one entry per person (or one for the case alone) to the hash chain.

    `resource` is a path without query string; callers never pass a BSN in any field.
    """
    persons: list[int | None] = [*sorted(set(person_ids))] or [None]
    return _append(
        [(person_id, case) for person_id in persons],
        user=user,
        event=event,
        channel=channel,
        resource=resource,
        detail=detail,
        reason=reason,
        on_behalf_of=on_behalf_of,
    )


@transaction.atomic(savepoint=False)
def access_log_record_cases(
    *,
    user: Actor,
    event: AccessEvent,
    channel: Channel,
    cases: Iterable[Any],
    resource: str = "",
    detail: str = "",
) -> list[PendingEntry]:
    """One entry per case shown in a list: a fixed number of queries, however long the list."""
    return access_log_record_shown(
        user=user,
        event=event,
        channel=channel,
        shown=[(None, case) for case in cases],
        resource=resource,
        detail=detail,
    )


@transaction.atomic(savepoint=False)
def access_log_record_shown(
    *,
    user: Actor,
    event: AccessEvent,
    channel: Channel,
    shown: Iterable[tuple[int | None, Any]],
    resource: str = "",
    detail: str = "",
) -> list[PendingEntry]:
    """One entry per (person id, case) a list shows — a person with the case they are shown
    with, or a case alone (None) — in one write, however long the list."""
    return _append(
        list(shown),
        user=user,
        event=event,
        channel=channel,
        resource=resource,
        detail=detail,
    )


def _lock_a_chain() -> AccessLogChain:
    """The first chain head no other transaction holds, locked until this one commits.

    Only when every head is taken (more concurrent writers than chains) does it wait, for the
    head of a chain picked at random. On SQLite, where writers are serialised anyway, the
    lock clauses are no-ops and chain 0 takes every entry.
    """
    free = AccessLogChain.objects.select_for_update(skip_locked=True).order_by("chain").first()
    if free is not None:
        return free
    if not AccessLogChain.objects.exists():  # an emptied database: (re)create the heads
        AccessLogChain.objects.bulk_create(
            [AccessLogChain(chain=n, last_hash=GENESIS) for n in range(AccessLogChain.CHAINS)],
            ignore_conflicts=True,
        )
    return AccessLogChain.objects.select_for_update().get(
        chain=secrets.randbelow(AccessLogChain.CHAINS)
    )


def access_log_batch() -> AbstractContextManager[None]:
    """Holds the entries recorded inside the block and writes them at its end, in one insert
    (`core.batch.DeferredWrites`: inside the change's transaction; nothing when it raises; a
    nested batch joins the outer one). The entries the record functions return inside the block
    get their chain and hash only when it ends (and never an id: read the table for that).
    """
    return _entries.collect()


def _append(
    targets: list[tuple[int | None, Any]],
    *,
    user: Actor,
    event: AccessEvent,
    channel: Channel,
    resource: str = "",
    detail: str = "",
    reason: str = "",
    on_behalf_of: User | None = None,
) -> list[PendingEntry]:
    if not targets:
        return []
    now = timezone.now()
    staff = user if isinstance(user, User) and user.pk is not None else None
    user_label = _label(staff) if staff else "systeem"  # the same for every entry of a call
    on_behalf_of_label = _label(on_behalf_of)
    entries = [
        PendingEntry(
            at=now,
            event=str(event),
            user_id=staff.pk if staff else None,
            user_label=user_label,
            on_behalf_of_id=getattr(on_behalf_of, "pk", None),
            on_behalf_of_label=on_behalf_of_label,
            person_id=person_id,
            case_id=getattr(case, "pk", None),
            case_number=getattr(case, "number", "") or "",
            channel=str(channel),
            resource=resource[:300],
            detail=detail[:300],
            reason=reason,
        )
        for person_id, case in targets
    ]
    written = _written.get()
    if written is not None:
        entries = [entry for entry in _unique(entries) if _key(entry) not in written]
        keys = {_key(entry) for entry in entries}
        # Remembered once committed: an entry rolled back with its change hides nothing.
        transaction.on_commit(lambda: written.update(keys))
    _entries.add(entries)
    return entries


def _write(entries: list[PendingEntry]) -> None:
    """Chains the entries onto a free chain head and inserts them in one statement, which on
    PostgreSQL also moves the head on (one round trip less on every page that shows client
    data)."""
    entries = _unique(entries)
    if not entries:
        return
    head = _lock_a_chain()
    prev = head.last_hash
    for entry in entries:
        entry.prev_hash, entry.chain = prev, head.chain
        entry.entry_hash = entry_digest(entry)
        prev = entry.entry_hash
    table = connection.ops.quote_name(AccessLogEntry._meta.db_table)
    names = ", ".join(connection.ops.quote_name(name) for name in COLUMNS)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            heads = connection.ops.quote_name(AccessLogChain._meta.db_table)
            arrays = ", ".join(f"%s::{kind}[]" for kind in COLUMNS.values())
            cursor.execute(
                f"WITH moved AS (UPDATE {heads} SET last_hash = %s, count = count + %s "  # noqa: S608  # fixed names
                f"WHERE chain = %s) INSERT INTO {table} ({names}) SELECT * FROM UNNEST({arrays})",
                [
                    prev,
                    len(entries),
                    head.chain,
                    *([getattr(entry, name) for entry in entries] for name in COLUMNS),
                ],
            )
            return
        adapt = connection.ops.adapt_datetimefield_value
        after_at = list(COLUMNS)[1:]
        cursor.executemany(  # SQLite: in-process, no round trips
            f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(COLUMNS))})",  # noqa: S608
            [[adapt(entry.at), *(getattr(entry, name) for name in after_at)] for entry in entries],
        )
    head.last_hash = prev
    head.count += len(entries)
    head.save(update_fields=["last_hash", "count"])


# The entries of a service's steps, written together at the end of its `access_log_batch()`.
_entries: DeferredWrites[PendingEntry] = DeferredWrites("access_log_batch", _write)
