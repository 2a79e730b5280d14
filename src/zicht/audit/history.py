"""Who changed what: a readable change history from django-simple-history records."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, cast

from django.db import models
from django.utils.text import capfirst


@dataclass(frozen=True)
class Change:
    label: str
    old: str
    new: str


@dataclass(frozen=True)
class HistoryEntry:
    at: Any
    by: str
    kind: str
    changes: list[Change] = field(default_factory=list)


HISTORY_KINDS = {"+": "Geregistreerd", "~": "Gewijzigd", "-": "Verwijderd"}


def change_history(
    records: Iterable[Any], model: type[models.Model], display: Callable[[str, Any], str]
) -> list[HistoryEntry]:
    """Newest first. `records` are the historical rows oldest first (with history_user loaded);
    `display` turns a field's stored value into what a worker reads (never a plain BSN)."""
    order = {f.name: index for index, f in enumerate(model._meta.concrete_fields)}
    entries = []
    previous = None
    for record in records:
        changes: list[Change] = []
        if previous is not None:
            delta = record.diff_against(previous).changes
            for change in sorted(delta, key=lambda c: order.get(c.field, 99)):
                changes.append(
                    Change(
                        label=_label(model, change.field),
                        old=display(change.field, change.old),
                        new=display(change.field, change.new),
                    )
                )
        user = record.history_user
        by = user.get_full_name() if user else "systeem"
        reason = getattr(record, "history_change_reason", None) or ""
        if reason.startswith("namens "):  # cases.services.acting_for: whose decision it was
            by = reason.removeprefix("namens ")
        entries.append(
            HistoryEntry(
                at=record.history_date,
                by=by,
                kind=HISTORY_KINDS.get(record.history_type, record.history_type),
                changes=changes,
            )
        )
        previous = record
    return entries[::-1]


def _label(model: type[models.Model], name: str) -> str:
    model_field = cast("models.Field[Any, Any]", model._meta.get_field(name))
    return capfirst(str(model_field.verbose_name))
