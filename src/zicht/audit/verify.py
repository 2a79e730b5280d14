"""Checking the access log's hash chain: an altered, inserted or removed entry is found."""

from dataclasses import dataclass

from zicht.audit.models import AccessLogChain, AccessLogEntry
from zicht.audit.services import GENESIS, entry_digest


@dataclass(frozen=True)
class ChainReport:
    checked: int
    problems: list[str]

    @property
    def intact(self) -> bool:
        return not self.problems


def verify_chain(batch_size: int = 5000) -> ChainReport:
    """Walks every chain in id order: each entry must link to the one before it in its chain and
    match its own hash; each chain must end where its head says, with the head's count.

    A chain whose oldest entries the retention purge removed (`audit.retention`) starts at its
    head's anchor (the last removed entry's hash) and holds its count less the removed ones."""
    problems: list[str] = []
    heads = {head.chain: head for head in AccessLogChain.objects.all()}
    last: dict[int, str] = {chain: head.anchor_hash for chain, head in heads.items()}
    counts: dict[int, int] = {}
    checked = 0
    entries = AccessLogEntry.objects.order_by("chain", "id").iterator(chunk_size=batch_size)
    for entry in entries:
        checked += 1
        prev = last.get(entry.chain, GENESIS)
        if entry.prev_hash != prev:
            problems.append(f"entry {entry.pk}: chain broken before it (entry removed or inserted)")
        if entry_digest(entry) != entry.entry_hash:
            problems.append(f"entry {entry.pk}: content does not match its hash (altered)")
        last[entry.chain] = entry.entry_hash
        counts[entry.chain] = counts.get(entry.chain, 0) + 1
    for chain in sorted(set(heads) | set(counts)):
        head = heads.get(chain)
        expected_hash, expected_count = (
            (head.last_hash, head.count - head.purged) if head else (GENESIS, 0)
        )
        found_hash, found_count = last.get(chain, GENESIS), counts.get(chain, 0)
        if found_count != expected_count or found_hash != expected_hash:
            problems.append(
                f"chain {chain}: expected {expected_count} entries ending in "
                f"{expected_hash[:12]}…, found {found_count} ending in {found_hash[:12]}… "
                "(newest entries removed?)"
            )
    return ChainReport(checked=checked, problems=problems)
