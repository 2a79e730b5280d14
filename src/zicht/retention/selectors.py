"""Reading retention (R-PRIV-4). The monthly list shows case numbers and dates only: the
functional administrator who keeps it sees no client data."""

import calendar
from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet

from zicht.accounts.models import User
from zicht.accounts.policy import Action, require
from zicht.cases.models import Case
from zicht.retention.models import (
    ChildProtectionDecision,
    DestructionProposal,
    DestructionRecord,
    DestructionRequest,
    LegalHold,
    Retention,
)
from zicht.retention.services import active_hold, destruction_refusal, no_hgkm_concluded


@dataclass(frozen=True)
class DueRow:
    retention: Retention
    proposal: DestructionProposal | None
    blocked: str  # why it cannot be destroyed now; "" when it can


def month_end(today: date) -> date:
    return today.replace(day=calendar.monthrange(today.year, today.month)[1])


def due_list(*, user: User, today: date) -> list[DueRow]:
    """The files due for destruction by the end of this month (and any overdue), oldest first,
    each with its proposal and what holds it back."""
    require(user, Action.MANAGE_RETENTION)
    due = (
        Retention.objects.filter(destroy_on__lte=month_end(today))
        .select_related("case")
        .order_by("destroy_on", "case__number")
    )
    proposals = {
        p.case_id: p
        for p in DestructionProposal.objects.filter(case__in=due.values("case")).select_related(
            "proposed_by"
        )
    }
    return [
        DueRow(
            retention=row,
            proposal=proposals.get(row.case_id),
            blocked=destruction_refusal(row.case, today),
        )
        for row in due
    ]


def holds(*, user: User) -> QuerySet[LegalHold]:
    require(user, Action.MANAGE_RETENTION)
    return (
        LegalHold.objects.filter(lifted_at=None)
        .select_related("case", "placed_by")
        .order_by("placed_at")
    )


def destruction_records(*, user: User, limit: int = 50) -> QuerySet[DestructionRecord]:
    require(user, Action.MANAGE_RETENTION)
    return DestructionRecord.objects.select_related("proposed_by", "approved_by")[:limit]


@dataclass(frozen=True)
class CaseRetention:
    retention: Retention | None
    child_protection: ChildProtectionDecision | None
    hold: LegalHold | None
    requests: list[DestructionRequest]
    eligible: bool  # VT concluded no HG/KM: the household may ask for destruction

    @property
    def open_request(self) -> DestructionRequest | None:
        return next((r for r in self.requests if not r.decision), None)


def case_retention(*, case: Case) -> CaseRetention:
    """What the case's retention page shows; `case` comes from `case_get_for_user` (scoped and
    logged)."""
    return CaseRetention(
        retention=Retention.objects.filter(case=case).first(),
        child_protection=ChildProtectionDecision.objects.filter(case=case)
        .select_related("decided_by")
        .first(),
        hold=active_hold(case),
        requests=list(
            DestructionRequest.objects.filter(case=case)
            .select_related("recorded_by", "decided_by")
            .order_by("recorded_at")
        ),
        eligible=no_hgkm_concluded(case),
    )
