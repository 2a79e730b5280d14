"""Reads of the investigation; callers reach the case through a scoped, logged read."""

from datetime import date

from django.db.models import F
from django.utils import timezone

from zicht.cases.models import Case, Deadline
from zicht.cases.selectors import case_deadlines
from zicht.investigation.models import Investigation

DEADLINE_KINDS = ("investigation_start", "investigation_done")


def investigation_current(*, case: Case) -> Investigation | None:
    """The open investigation of the case, or else its latest."""
    return (
        Investigation.objects.filter(case=case)
        .select_related("concluded_by")
        .prefetch_related("grounds", "opinions", "network_requests", "notices")
        .order_by(F("concluded_at").asc(nulls_first=True), "-created_at", "-id")
        .first()
    )


def investigation_deadlines(*, case: Case) -> list[Deadline]:
    return list(case_deadlines(case=case).filter(kind__in=DEADLINE_KINDS))


def days_left(deadline: Deadline, today: date | None = None) -> int:
    """Calendar days until the due date (negative when overdue)."""
    return (deadline.due - (today or timezone.localdate())).days
