"""A case that closes gets its destruction date at once, and one that reopens loses it (R-PRIV-4),
without the cases app knowing about retention. The monthly `retention_refresh` job recomputes
every date as well (a child protection decision, a granted request): this hook makes sure the
list of files due never waits a month for a newly closed one."""

from typing import Any

from django.db.models.signals import post_save

from zicht.cases.models import Case
from zicht.retention.services import retention_refresh


def _case_saved(
    sender: Any,
    instance: Case,
    created: bool,
    raw: bool = False,
    update_fields: frozenset[str] | None = None,
    **kwargs: Any,
) -> None:
    if created or raw or (update_fields is not None and "phase" not in update_fields):
        return
    retention_refresh(case=instance)


def connect() -> None:
    post_save.connect(_case_saved, sender=Case, dispatch_uid="retention-case")
