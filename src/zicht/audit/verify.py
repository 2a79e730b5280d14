"""Checking the access log's hash chain: an altered, inserted or removed entry is found."""

from dataclasses import dataclass

from zicht.audit.models import AccessLogEntry, AccessLogHead
from zicht.audit.services import GENESIS, entry_digest


@dataclass(frozen=True)
class ChainReport:
    checked: int
    problems: list[str]

    @property
    def intact(self) -> bool:
        return not self.problems


def verify_chain(batch_size: int = 5000) -> ChainReport:
    problems: list[str] = []
    prev = GENESIS
    checked = 0
    for entry in AccessLogEntry.objects.order_by("id").iterator(chunk_size=batch_size):
        checked += 1
        if entry.prev_hash != prev:
            problems.append(f"entry {entry.pk}: chain broken before it (entry removed or inserted)")
        if entry_digest(entry) != entry.entry_hash:
            problems.append(f"entry {entry.pk}: content does not match its hash (altered)")
        prev = entry.entry_hash
    head = AccessLogHead.objects.filter(singleton=True).first()
    expected_hash, expected_count = (head.last_hash, head.count) if head else (GENESIS, 0)
    if checked != expected_count or prev != expected_hash:
        problems.append(
            f"head: expected {expected_count} entries ending in {expected_hash[:12]}…, "
            f"found {checked} ending in {prev[:12]}… (newest entries removed?)"
        )
    return ChainReport(checked=checked, problems=problems)
