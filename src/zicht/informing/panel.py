"""The case page panel "Melder en huishouden informeren" (R-TRI-7, R-TRI-8)."""

from typing import Any

from django.http import HttpRequest

from zicht.accounts.policy import Action, can
from zicht.cases.models import Case
from zicht.cases.panels import CasePanel
from zicht.informing import selectors


def _context(request: HttpRequest, case: Case) -> dict[str, Any]:
    # The case page fetched the case through case_get_for_user, which logged the read.
    return {
        "informing": selectors.informing_for_case(case=case),
        "can_record": can(request.user, Action.ASSESS_SAFETY),
    }


PANEL = CasePanel(code="informing", template="informing/panel.html", context=_context)
