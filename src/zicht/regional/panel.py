"""The house-ban section of the case page: the order, its deadlines, VT's actions, the mayor's
decisions and the aftercare, with their forms."""

from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from zicht.accounts.policy import Action, can
from zicht.cases import selectors as case_selectors
from zicht.cases.models import Case
from zicht.cases.panels import CasePanel
from zicht.regional.forms import ActionForm, DecisionForm, EndForm
from zicht.regional.house_bans import BAN_DEADLINES
from zicht.regional.models import HouseBan


def _visible(case: Case) -> bool:
    return HouseBan.objects.filter(case=case).exists()


def _context(request: HttpRequest, case: Case) -> dict[str, Any]:
    bans = list(
        HouseBan.objects.filter(case=case)
        .select_related("perpetrator", "monitoring_plan")
        .prefetch_related("protected", "decisions", "actions")
    )
    initial = {"version": case.version}
    running = next((ban for ban in bans if ban.is_running), None)
    return {
        "bans": bans,
        "running": running,
        "deadlines": case_selectors.case_deadlines(case=case).filter(kind__in=BAN_DEADLINES),
        "may_write": can(request.user, Action.ASSESS_SAFETY),
        "decision_form": DecisionForm(initial=initial, prefix="besluit"),
        "action_form": ActionForm(
            initial={**initial, "done_on": timezone.localdate()}, prefix="actie"
        ),
        "end_form": EndForm(
            initial={**initial, "ended_at": timezone.localtime(running.ends_at)}
            if running
            else initial,
            prefix="einde",
        ),
    }


PANEL = CasePanel(
    code="house_ban", template="regional/panel.html", context=_context, visible=_visible
)
