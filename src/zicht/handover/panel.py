"""The handover section of the case page: status, deadlines, escalation and their forms."""

from typing import Any

from django.http import HttpRequest

from zicht.accounts.policy import Action, can
from zicht.cases import selectors as case_selectors
from zicht.cases.models import Case
from zicht.cases.panels import CasePanel
from zicht.cases.workflow import Phase
from zicht.handover import selectors
from zicht.handover.forms import DisputeForm, DisputeStepForm, HandBackForm, ResolveForm
from zicht.handover.models import Handover, HandoverStatus
from zicht.handover.services import PARTNER_DEADLINES

LINK_SESSION_KEY = "handover_links"


def _visible(case: Case) -> bool:
    return case.phase == Phase.HANDOVER or Handover.objects.filter(case=case).exists()


def _context(request: HttpRequest, case: Case) -> dict[str, Any]:
    handovers = list(selectors.handovers_of(case=case))
    disputes = list(selectors.disputes_of(case=case))
    initial = {"version": case.version}
    # A link is shown once, right after it was made: only its hash is stored.
    links: dict[str, str] = request.session.pop(LINK_SESSION_KEY, {}) if request.session else {}
    open_dispute = next((d for d in disputes if d.is_open), None)
    return {
        "handovers": handovers,
        "deadlines": case_selectors.case_deadlines(case=case).filter(kind__in=PARTNER_DEADLINES),
        "current": next((h for h in handovers if h.is_open), None),
        "disputes": disputes,
        "open_dispute": open_dispute,
        "links": {int(key): value for key, value in links.items()},
        "may_write": can(request.user, Action.ASSESS_SAFETY),
        "can_send": case.phase == Phase.HANDOVER and not any(h.is_open for h in handovers),
        "accepted": HandoverStatus.ACCEPTED,
        "hand_back_form": HandBackForm(initial=initial, prefix="terug"),
        "dispute_form": DisputeForm(initial=initial, prefix="geschil"),
        "step_form": DisputeStepForm(
            initial={**initial, "level": selectors.next_step_level(open_dispute)}
            if open_dispute
            else initial,
            prefix="stap",
        ),
        "resolve_form": ResolveForm(initial=initial, prefix="afronden"),
    }


PANEL = CasePanel(
    code="handover",
    template="handover/panel.html",
    context=_context,
    visible=_visible,
)
