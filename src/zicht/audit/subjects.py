"""Who a person number in the access log is, for the reviewer: a name beside the number, and a
search by name or BSN for a subject access request.

The persons are the `people` app's, a layer above this one (people writes to this log). `people`
registers its directory here when it starts (`PeopleConfig.ready`), as the service apps register
their case-page panels, so this app needs no import of `people`. The reviewer's right is checked
by `audit.selectors` before any of this is asked.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class Subject:
    person_id: int
    name: str
    birth: str  # as the person page shows it, or ""
    masked_bsn: str  # "•••••123" or ""


class Directory(Protocol):
    def search(self, *, name: str, bsn: str, limit: int) -> list[Subject]:
        """Persons whose name contains `name` (case and accents aside) and, when given, whose BSN
        is `bsn`; merged persons too (their log stays under their own number)."""
        ...

    def names(self, person_ids: Iterable[int]) -> dict[int, str]:
        """The name of each number that (still) has a person; a destroyed one has none."""
        ...


_registered: list[Directory] = []


def register(directory: Directory) -> None:
    _registered[:] = [directory]


def directory() -> Directory | None:
    return _registered[0] if _registered else None


def names(person_ids: Iterable[int | None]) -> dict[int, str]:
    found = directory()
    ids = {person_id for person_id in person_ids if person_id is not None}
    return found.names(ids) if found is not None and ids else {}
