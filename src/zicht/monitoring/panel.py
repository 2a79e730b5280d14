"""The monitoring section of the case page: who holds responsibility and until when VT monitors,
the moments with their status, the checks, and the actions."""

from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from zicht.accounts.policy import Action, can
from zicht.cases import selectors as case_selectors
from zicht.cases.models import Case
from zicht.cases.panels import CasePanel
from zicht.cases.workflow import TRANSITIONS, Phase
from zicht.monitoring import selectors
from zicht.monitoring.models import MonitoringPlan


def _visible(case: Case) -> bool:
    return (
        case.phase == Phase.MONITORING
        or (Phase(case.phase), Phase.MONITORING) in TRANSITIONS
        or MonitoringPlan.objects.filter(case=case).exists()
    )


def _context(request: HttpRequest, case: Case) -> dict[str, Any]:
    plans = selectors.plans_of_case(case=case)
    running = next((view for view in plans if view.plan.is_running), None)
    return {
        "plans": plans,
        "running": running,
        "holder": case_selectors.responsible_at(case=case, moment=timezone.now()),
        "may_write": can(request.user, Action.ASSESS_SAFETY) and case.is_active,
        "may_start": running is None
        and (
            case.phase == Phase.MONITORING or (Phase(case.phase), Phase.MONITORING) in TRANSITIONS
        ),
        "without_plan": case.phase == Phase.MONITORING and running is None,
        "involvement": case_selectors.own_involvement_since(case=case) is not None,
    }


PANEL = CasePanel(
    code="monitoring",
    template="monitoring/panel.html",
    context=_context,
    visible=_visible,
)
