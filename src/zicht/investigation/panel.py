"""The investigation's section on the case page: reasons, conversations done and missing,
the conclusion and the days left of its deadlines (registered in InvestigationConfig.ready)."""

from typing import Any

from django.http import HttpRequest

from zicht.accounts.policy import Action, can
from zicht.cases.models import Case
from zicht.cases.panels import CasePanel
from zicht.cases.workflow import Phase
from zicht.investigation.coverage import coverage
from zicht.investigation.models import Investigation
from zicht.investigation.selectors import (
    days_left,
    investigation_current,
    investigation_deadlines,
)


def context(request: HttpRequest, case: Case) -> dict[str, Any]:
    investigation = investigation_current(case=case)
    rows = coverage(investigation) if investigation else []
    deadlines = investigation_deadlines(case=case)
    return {
        "investigation": investigation,
        "coverage": rows,
        "missing": [row for row in rows if not row.covered],
        "deadlines": [(d, days_left(d)) for d in deadlines],
        "may_write": can(request.user, Action.ASSESS_SAFETY),
    }


def visible(case: Case) -> bool:
    return case.phase == Phase.INVESTIGATION or Investigation.objects.filter(case=case).exists()


PANEL = CasePanel(
    code="investigation",
    template="investigation/_panel.html",
    context=context,
    visible=visible,
)
