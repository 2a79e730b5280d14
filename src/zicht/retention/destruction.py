"""What destroying a case file removes (R-PRIV-4): every row that points at the case, its
household (when no other case has it) and its persons (when no other file names them) by a
foreign key, followed through the schema to the rows that point at those, and so on; the change
history of every removed row (django-simple-history keeps it by the row's id, not by a key);
the files those rows stored (letters' PDFs, uploads); and what the apps' purge hooks
(`core.purge`) remove beside it.

The walk follows the schema rather than a list of tables, so a table added later is destroyed
with the file without being named here. It stops at another case: a row of this file that
would drag another case along is a design error, refused before anything is removed.

Persons shared with another file stay: a person is destroyed only when every row that names
them belongs to this file (their membership of another household, their part in another case's
report, keep them). What stays of the destroyed file is its `DestructionRecord` and the access
log, which names persons by number only.
"""

import logging
from collections import defaultdict, deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import connection, models, transaction
from django.db.models import ForeignObjectRel, QuerySet
from simple_history.exceptions import NotHistoricalModelError
from simple_history.utils import get_history_model_for_model

from zicht.cases.models import Case
from zicht.core.errors import Conflict
from zicht.core.purge import DestroyedFile, purge_hooks
from zicht.people.models import Household, HouseholdMember, Person
from zicht.retention.models import FileToRemove

logger = logging.getLogger(__name__)

BATCH = 500
Rows = dict[type[models.Model], set[int]]


@dataclass
class Removal:
    rows: Rows = field(default_factory=lambda: defaultdict(set))
    nulled: list[tuple[type[models.Model], str, set[int]]] = field(default_factory=list)
    files: list[tuple[models.FileField, str]] = field(default_factory=list)

    @property
    def row_count(self) -> int:
        return sum(len(pks) for pks in self.rows.values())


def _is_history(model: type[models.Model]) -> bool:
    """A simple-history table (its rows are a row's past versions, keyed by history_id)."""
    return any(column.name == "history_id" for column in model._meta.concrete_fields)


def _references(model: type[models.Model]) -> Iterable[ForeignObjectRel]:
    """Every foreign key that points at `model`, hidden ones too (simple-history's, the
    many-to-many tables')."""
    for rel in model._meta.get_fields(include_hidden=True):
        if isinstance(rel, ForeignObjectRel) and rel.field.concrete and not rel.many_to_many:
            yield rel


def _walk(roots: Rows, *, case_id: int) -> Removal:
    removal = Removal()
    queue: deque[tuple[type[models.Model], set[int]]] = deque(roots.items())
    while queue:
        model, pks = queue.popleft()
        new = pks - removal.rows[model]
        if not new:
            continue
        if model is Case and new != {case_id}:
            raise Conflict(
                "Dit dossier kan niet worden vernietigd: gegevens ervan hangen aan een ander "
                "dossier. Er is niets gewijzigd."
            )
        removal.rows[model] |= new
        for rel in _references(model):
            referrer = rel.related_model
            column = rel.field.attname
            found = _pks_where(referrer, column, new)
            if not found:
                continue
            if rel.on_delete is models.SET_NULL:
                removal.nulled.append((referrer, rel.field.name, found))
            else:
                queue.append((referrer, found))
    return removal


def _pks_where(model: type[models.Model], column: str, values: set[int]) -> set[int]:
    found: set[int] = set()
    ordered = sorted(values)
    for start in range(0, len(ordered), BATCH):
        chunk = ordered[start : start + BATCH]
        found.update(
            model._base_manager.filter(**{f"{column}__in": chunk}).values_list("pk", flat=True)
        )
    return found


def _add_history(removal: Removal) -> None:
    """The change history of every removed row, which simple-history keeps by the row's id."""
    for model, pks in list(removal.rows.items()):
        if _is_history(model):
            continue
        try:
            history = get_history_model_for_model(model)
        except NotHistoricalModelError:
            continue
        removal.rows[history] |= _pks_where(history, model._meta.pk.attname, pks)


def _add_files(removal: Removal) -> None:
    for model, pks in removal.rows.items():
        for file_field in model._meta.get_fields():
            if isinstance(file_field, models.FileField) and not _is_history(model):
                names = model._base_manager.filter(pk__in=pks).values_list(
                    file_field.attname, flat=True
                )
                removal.files.extend((file_field, name) for name in names if name)


def _persons_kept(person_ids: set[int], of_file: Rows) -> set[int]:
    """The persons another file still names: a row pointing at them that is not this file's."""
    kept: set[int] = set()
    for rel in _references(Person):
        referrer = rel.related_model
        if _is_history(referrer) or referrer is Person:
            continue
        pairs = referrer._base_manager.filter(**{f"{rel.field.attname}__in": person_ids})
        for pk, person_id in pairs.values_list("pk", rel.field.attname):
            if pk not in of_file.get(referrer, set()):
                kept.add(person_id)
    return kept


def removal_plan(case: Case) -> tuple[Removal, DestroyedFile, int]:
    """What destroying `case` removes, and how many of its persons stay (named elsewhere)."""
    roots: Rows = {Case: {case.pk}}
    household_id = case.household_id
    if not Case.objects.filter(household_id=household_id).exclude(pk=case.pk).exists():
        roots[Household] = {household_id}
    of_file = _walk(roots, case_id=case.pk)
    members = set(
        HouseholdMember.objects.filter(household_id=household_id).values_list(
            "person_id", flat=True
        )
    )
    kept = _persons_kept(members, of_file.rows)
    destroyed = members - kept
    removal = _walk({**roots, Person: destroyed}, case_id=case.pk) if destroyed else of_file
    _add_history(removal)
    _add_files(removal)
    target = DestroyedFile(
        case_id=case.pk, case_number=case.number, person_ids=frozenset(destroyed)
    )
    return removal, target, len(kept)


def _delete(model: type[models.Model], pks: set[int]) -> None:
    table = connection.ops.quote_name(model._meta.db_table)
    column = connection.ops.quote_name(str(model._meta.pk.column))
    ordered = sorted(pks)
    with connection.cursor() as cursor:
        for start in range(0, len(ordered), BATCH):
            chunk = ordered[start : start + BATCH]
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(f"DELETE FROM {table} WHERE {column} IN ({marks})", chunk)  # noqa: S608


def removal_execute(removal: Removal, target: DestroyedFile) -> tuple[int, int]:
    """Removes it all inside the caller's transaction (the foreign keys are checked at commit,
    so the order of the tables does not matter); the files go once it committed. Returns
    (rows, files) removed."""
    rows = sum(hook(target) for _, hook in purge_hooks())
    for model, column, pks in removal.nulled:
        doomed = removal.rows.get(model, set())
        keep = pks - doomed
        if keep:
            model._base_manager.filter(pk__in=keep).update(**{column: None})
    for model, pks in removal.rows.items():
        _delete(model, pks)
    pending = FileToRemove.objects.bulk_create(
        FileToRemove(field=_label(file_field), name=name) for file_field, name in removal.files
    )
    ids = [row.pk for row in pending]
    # After the commit: a rolled-back destruction must leave its files. What fails stays listed.
    transaction.on_commit(lambda: files_remove(FileToRemove.objects.filter(pk__in=ids)))
    return rows + removal.row_count, len(pending)


def _label(file_field: models.Field[Any, Any]) -> str:
    return f"{file_field.model._meta.label}.{file_field.name}"


def files_remove(pending: QuerySet[FileToRemove]) -> tuple[int, int]:
    """Removes the listed files from their storage; returns (removed, left). A file that cannot be
    removed keeps its row, with the error's class, for the next run."""
    removed = left = 0
    for row in pending.order_by("pk"):
        app_model, field_name = row.field.rsplit(".", 1)
        storage = apps.get_model(app_model)._meta.get_field(field_name).storage
        try:
            storage.delete(row.name)
        except OSError as error:
            row.attempts += 1
            row.last_error = type(error).__name__
            row.save(update_fields=["attempts", "last_error"])
            # The class only: a path names the storage's layout, and a person's file is behind it.
            logger.warning(
                "bestand van een vernietigd dossier niet verwijderd (%s)", row.last_error
            )
            left += 1
        else:
            row.delete()
            removed += 1
    return removed, left
