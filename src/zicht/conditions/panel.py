"""The conditions & follow-up section of the case page (R-VV-1, R-VV-3): the household's
acknowledgement, the plan letter to the household, and the warm handover that finishes it."""

from typing import Any

from django.http import HttpRequest

from zicht.accounts.policy import Action, can
from zicht.cases.models import Case
from zicht.cases.panels import CasePanel
from zicht.cases.workflow import Phase
from zicht.conditions.models import Acknowledgement
from zicht.conditions.selectors import acknowledgement_current
from zicht.involvement.models import PlanLetter
from zicht.involvement.selectors import safety_plan_current


def _visible(case: Case) -> bool:
    return case.phase == Phase.CONDITIONS or Acknowledgement.objects.filter(case=case).exists()


def _context(request: HttpRequest, case: Case) -> dict[str, Any]:
    plan = safety_plan_current(case=case)
    return {
        "acknowledgement": acknowledgement_current(case=case),
        "plan": plan,
        "plan_letters": list(
            PlanLetter.objects.filter(version__plan__case=case).select_related("version", "letter")
        ),
        "may_write": case.phase == Phase.CONDITIONS and can(request.user, Action.ASSESS_SAFETY),
    }


PANEL = CasePanel(
    code="conditions",
    template="conditions/_panel.html",
    context=_context,
    visible=_visible,
)
