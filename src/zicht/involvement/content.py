"""The content of a safety plan version as plain values: what a form or API body hands in, what
an edit starts from (a copy of the current version, `content_of`), and what changed between two
versions (`content_diff`, rows matched by their key)."""

import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from zicht.involvement.models import Priority, SafetyPlanVersion


@dataclass(frozen=True)
class ConditionRow:
    """A safety condition: one clear sentence, for whom (household member ids), how checked."""

    text: str
    member_ids: Sequence[int]
    check_how: str
    key: uuid.UUID | None = None  # the row's key in the version it was copied from; None: new


@dataclass(frozen=True)
class ActionRow:
    """Who (a household member) does what by when; both the person and the date are required."""

    member_id: int | None
    what: str
    due: date | None
    key: uuid.UUID | None = None


@dataclass(frozen=True)
class CareRow:
    member_id: int | None
    need: str
    priority: int | None  # models.Priority
    key: uuid.UUID | None = None


@dataclass(frozen=True)
class DamageRow:
    member_id: int | None
    damage: str
    recovery: str
    key: uuid.UUID | None = None


@dataclass(frozen=True)
class NetworkRow:
    name: str
    relation: str
    contribution: str = ""
    key: uuid.UUID | None = None


Row = ConditionRow | ActionRow | CareRow | DamageRow | NetworkRow


@dataclass(frozen=True)
class PlanContent:
    """The whole content of one plan version: a change hands in the full new content."""

    conditions: Sequence[ConditionRow] = field(default_factory=list)
    actions: Sequence[ActionRow] = field(default_factory=list)
    care_needs: Sequence[CareRow] = field(default_factory=list)
    damages: Sequence[DamageRow] = field(default_factory=list)
    network: Sequence[NetworkRow] = field(default_factory=list)


SECTIONS: dict[str, str] = {
    "conditions": "Veiligheidsvoorwaarden",
    "actions": "Acties",
    "care_needs": "Benodigde zorg",
    "damages": "Schade en herstel",
    "network": "Netwerk",
}


def content_of(version: SafetyPlanVersion) -> PlanContent:
    """The content of a stored version, keys included: the start of an edit (copy + change)."""
    return PlanContent(
        conditions=[
            ConditionRow(
                text=c.text,
                member_ids=sorted(m.pk for m in c.members.all()),
                check_how=c.check_how,
                key=c.key,
            )
            for c in version.conditions.all()
        ],
        actions=[
            ActionRow(member_id=a.member_id, what=a.what, due=a.due, key=a.key)
            for a in version.actions.all()
        ],
        care_needs=[
            CareRow(member_id=c.member_id, need=c.need, priority=c.priority, key=c.key)
            for c in version.care_needs.all()
        ],
        damages=[
            DamageRow(member_id=d.member_id, damage=d.damage, recovery=d.recovery, key=d.key)
            for d in version.damages.all()
        ],
        network=[
            NetworkRow(name=n.name, relation=n.relation, contribution=n.contribution, key=n.key)
            for n in version.network.all()
        ],
    )


def _values(row: Row) -> tuple[Any, ...]:
    """What a row says, without its key: two rows saying the same are unchanged."""
    if isinstance(row, ConditionRow):
        return (row.text.strip(), tuple(sorted(set(row.member_ids))), row.check_how.strip())
    if isinstance(row, ActionRow):
        return (row.member_id, row.what.strip(), row.due)
    if isinstance(row, CareRow):
        return (row.member_id, row.need.strip(), row.priority)
    if isinstance(row, DamageRow):
        return (row.member_id, row.damage.strip(), row.recovery.strip())
    return (row.name.strip(), row.relation.strip(), row.contribution.strip())


def describe(row: Row, names: Mapping[int, str]) -> str:
    """A row as one Dutch line, for the diff and for letters."""

    def name(member_id: int | None) -> str:
        return names.get(member_id, "?") if member_id is not None else "?"

    if isinstance(row, ConditionRow):
        whom = ", ".join(name(m) for m in row.member_ids)
        return f"{row.text} (geldt voor {whom}; controle: {row.check_how})"
    if isinstance(row, ActionRow):
        due = f"{row.due:%d-%m-%Y}" if row.due else "?"
        return f"{name(row.member_id)}: {row.what} (uiterlijk {due})"
    if isinstance(row, CareRow):
        priority = Priority(row.priority).label.lower() if row.priority in Priority.values else "?"
        return f"{name(row.member_id)}: {row.need} (prioriteit {priority})"
    if isinstance(row, DamageRow):
        return f"{name(row.member_id)}: {row.damage}; herstel: {row.recovery}"
    contribution = f": {row.contribution}" if row.contribution else ""
    return f"{row.name} ({row.relation}){contribution}"


@dataclass(frozen=True)
class RowChange:
    section: str  # a key of SECTIONS
    kind: str  # "added", "removed", "changed"
    before: str  # the row as it was (empty when added)
    after: str  # the row as it is now (empty when removed)

    @property
    def section_label(self) -> str:
        return SECTIONS[self.section]

    @property
    def kind_label(self) -> str:
        return {"added": "Toegevoegd", "removed": "Verwijderd", "changed": "Gewijzigd"}[self.kind]


@dataclass(frozen=True)
class PlanDiff:
    changes: list[RowChange]

    @property
    def changed(self) -> bool:
        return bool(self.changes)


def content_diff(
    before: PlanContent, after: PlanContent, names: Mapping[int, str] | None = None
) -> PlanDiff:
    """Which rows `after` added, removed or changed against `before`, per section. A row of
    `after` is the same row as one of `before` when it carries its key."""
    names = names or {}
    show: Callable[[Row], str] = lambda row: describe(row, names)  # noqa: E731
    changes: list[RowChange] = []
    for section in SECTIONS:
        old_rows: list[Row] = list(getattr(before, section))
        old = {row.key: row for row in old_rows if row.key is not None}
        kept: set[uuid.UUID] = set()
        for row in getattr(after, section):
            previous = old.get(row.key) if row.key not in kept else None
            if previous is None:
                changes.append(RowChange(section, "added", "", show(row)))
                continue
            kept.add(row.key)
            if _values(previous) != _values(row):
                changes.append(RowChange(section, "changed", show(previous), show(row)))
        changes.extend(
            RowChange(section, "removed", show(row), "") for row in old_rows if row.key not in kept
        )
    return PlanDiff(changes)
