"""What an app keeps about a case file outside its foreign keys, removed when the file is
destroyed (R-PRIV-4).

`zicht.retention` removes every row that points at the destroyed case, household or persons by a
foreign key (following the schema, so a new table is covered without being named). What no
foreign key reaches — a message for another system keyed by a reference, a stored answer holding
the case number — the owning app removes itself: it registers a hook here in its
`AppConfig.ready`, and the destruction calls every hook first, in its transaction. A hook returns
how many rows (or files) it removed.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class DestroyedFile:
    case_id: int
    case_number: str
    person_ids: frozenset[int]  # the persons destroyed with it (not those shared with another)


PurgeHook = Callable[[DestroyedFile], int]

_hooks: dict[str, PurgeHook] = {}


def purge_hook_register(name: str, hook: PurgeHook) -> None:
    """Registers (or, under the same name, replaces) an app's hook."""
    _hooks[name] = hook


def purge_hooks() -> list[tuple[str, PurgeHook]]:
    return sorted(_hooks.items())


def idempotency_purge(target: DestroyedFile) -> int:
    """The stored answers to creates that named the destroyed case (a report's answer holds its
    case number and persons): kept only for retries, and after destruction never replayed."""
    from django.db.models import TextField
    from django.db.models.functions import Cast

    from zicht.core.models import IdempotencyRecord

    answers = IdempotencyRecord.objects.annotate(text=Cast("response_body", TextField()))
    removed, _ = answers.filter(text__contains=target.case_number).delete()
    return removed
