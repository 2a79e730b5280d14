"""Writing the access log (R-PRIV-3). Call `access_log_record` for every read or change of a
person's or case's data, in the same transaction as a change."""

import hashlib
import json
import secrets
from collections.abc import Iterable
from datetime import UTC
from typing import Any

from django.db import transaction
from django.utils import timezone

from zicht.audit.models import AccessEvent, AccessLogChain, AccessLogEntry, Channel

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


def entry_digest(entry: AccessLogEntry) -> str:
    """SHA-256 over every field and the previous hash: any change anywhere breaks the chain."""
    values: dict[str, Any] = {name: getattr(entry, name) for name in HASHED_FIELDS}
    values["at"] = entry.at.astimezone(UTC).isoformat()
    canonical = json.dumps(values, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _label(user: Any) -> str:
    if user is None:
        return ""
    return f"{user.get_full_name()} <{user.email}> ({user.get_role_display()})"


# savepoint=False: nested in a service's transaction (the usual case) the entries join it without
# a savepoint round trip; they commit or roll back with the change they record.
@transaction.atomic(savepoint=False)
def access_log_record(
    *,
    user: Any,
    event: AccessEvent,
    channel: Channel,
    person_ids: Iterable[int] = (),
    case: Any = None,
    resource: str = "",
    detail: str = "",
    reason: str = "",
    on_behalf_of: Any = None,
) -> list[AccessLogEntry]:
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
    user: Any,
    event: AccessEvent,
    channel: Channel,
    cases: Iterable[Any],
    resource: str = "",
    detail: str = "",
) -> list[AccessLogEntry]:
    """One entry per case shown in a list: a fixed number of queries, however long the list."""
    return _append(
        [(None, case) for case in cases],
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


def _append(
    targets: list[tuple[int | None, Any]],
    *,
    user: Any,
    event: AccessEvent,
    channel: Channel,
    resource: str = "",
    detail: str = "",
    reason: str = "",
    on_behalf_of: Any = None,
) -> list[AccessLogEntry]:
    if not targets:
        return []
    head = _lock_a_chain()
    now = timezone.now()
    has_user = getattr(user, "pk", None) is not None
    entries = []
    prev = head.last_hash
    user_label = _label(user) if has_user else "systeem"  # the same for every entry of a call
    on_behalf_of_label = _label(on_behalf_of)
    for person_id, case in targets:
        entry = AccessLogEntry(
            at=now,
            event=event,
            user=user if has_user else None,
            user_label=user_label,
            on_behalf_of=on_behalf_of,
            on_behalf_of_label=on_behalf_of_label,
            person_id=person_id,
            case_id=getattr(case, "pk", None),
            case_number=getattr(case, "number", "") or "",
            channel=channel,
            resource=resource[:300],
            detail=detail[:300],
            reason=reason,
            prev_hash=prev,
            chain=head.chain,
        )
        entry.entry_hash = entry_digest(entry)
        prev = entry.entry_hash
        entries.append(entry)
    AccessLogEntry.objects.bulk_create(entries)
    head.last_hash = prev
    head.count += len(entries)
    head.save(update_fields=["last_hash", "count"])
    return entries
