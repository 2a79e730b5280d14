"""Removing access-log entries past their retention (R-PRIV-3: kept 5 years, then removed).

The log is hash-chained, so entries cannot simply be deleted: verification would find the chain
broken. The purge seals the removed part instead. Per chain, in the head's lock, it checks that
the oldest entries to remove still link from the chain's anchor (a purge must not hide an
alteration), deletes them, and moves the head's anchor to the last removed entry's hash; the
first kept entry links to exactly that hash, so `verify_chain` starts there and accepts the
shorter chain. Only a whole prefix of a chain is removed (entries in id order up to the first one
still within retention), so the kept part stays one unbroken chain.

On PostgreSQL the append-only trigger refuses DELETE unless the transaction first says
`SET LOCAL zicht.access_log_purge = 'on'`, which only this module does, and only for its own
transaction.
"""

from dataclasses import dataclass
from datetime import datetime

from dateutil.relativedelta import relativedelta
from django.db import connection, transaction
from django.utils import timezone

from zicht.audit.models import AccessLogChain, AccessLogEntry, AccessLogSeal
from zicht.audit.services import entry_digest

RETENTION_YEARS = 5  # NEN 7513 / R-PRIV-3: the law's period, not a setting


class BrokenBeforePurge(Exception):
    """The part to remove does not verify: the purge refuses to seal an altered log."""


@dataclass(frozen=True)
class PurgeResult:
    cutoff: datetime
    removed: dict[int, int]  # chain -> entries removed

    @property
    def total(self) -> int:
        return sum(self.removed.values())


def access_log_cutoff(now: datetime | None = None) -> datetime:
    return (now or timezone.now()) - relativedelta(years=RETENTION_YEARS)


def access_log_purge(*, now: datetime | None = None, batch_size: int = 5000) -> PurgeResult:
    """Removes every entry older than 5 years, chain by chain, each in its own transaction."""
    cutoff = access_log_cutoff(now)
    removed: dict[int, int] = {}
    for chain in AccessLogChain.objects.order_by("chain").values_list("chain", flat=True):
        count = _purge_chain(chain, cutoff=cutoff, batch_size=batch_size)
        if count:
            removed[chain] = count
    return PurgeResult(cutoff=cutoff, removed=removed)


@transaction.atomic
def _purge_chain(chain: int, *, cutoff: datetime, batch_size: int) -> int:
    head = AccessLogChain.objects.select_for_update().get(chain=chain)
    in_chain = AccessLogEntry.objects.filter(chain=chain)
    first_kept = in_chain.filter(at__gte=cutoff).order_by("id").values_list("id", flat=True).first()
    doomed = in_chain.filter(id__lt=first_kept) if first_kept is not None else in_chain
    prev, last_id, count = head.anchor_hash, None, 0
    for entry in doomed.order_by("id").iterator(chunk_size=batch_size):
        if entry.prev_hash != prev or entry_digest(entry) != entry.entry_hash:
            raise BrokenBeforePurge(
                f"keten {chain}: regel {entry.pk} klopt niet met de keten; niets verwijderd "
                "(controleer met manage.py verify_access_log)"
            )
        prev, last_id, count = entry.entry_hash, entry.pk, count + 1
    if last_id is None:
        return 0
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL zicht.access_log_purge = 'on'")
    in_chain.filter(id__lte=last_id).delete()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL zicht.access_log_purge = 'off'")
    head.anchor_hash = prev
    head.purged += count
    head.save(update_fields=["anchor_hash", "purged"])
    AccessLogSeal.objects.create(
        chain=chain,
        at=timezone.now(),
        cutoff=cutoff,
        last_entry_id=last_id,
        anchor_hash=prev,
        removed=count,
    )
    return count
