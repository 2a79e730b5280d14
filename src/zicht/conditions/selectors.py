"""Reads of conditions & follow-up, for a case the caller already read with scoping."""

from zicht.cases.models import Case, PhaseChange
from zicht.cases.workflow import Phase
from zicht.conditions.models import Acknowledgement


def entered_at(case: Case) -> PhaseChange | None:
    """The last time the case entered conditions & follow-up."""
    return (
        PhaseChange.objects.filter(case=case, to_phase=Phase.CONDITIONS)
        .order_by("-at", "-id")
        .first()
    )


def acknowledgement_current(*, case: Case) -> Acknowledgement | None:
    """The acknowledgement of the current (or last) conditions & follow-up of the case."""
    entered = entered_at(case)
    if entered is None:
        return None
    return (
        Acknowledgement.objects.filter(case=case, recorded_at__gte=entered.at)
        .select_related("recorded_by")
        .prefetch_related("members__person")
        .first()
    )
