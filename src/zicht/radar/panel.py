"""The register's section on the case page and its signal in the worklists (both registered in
RadarConfig.ready)."""

from typing import Any

from django.http import HttpRequest

from zicht.cases.models import Case
from zicht.cases.panels import CasePanel
from zicht.cases.worklist_signals import WorklistSignal
from zicht.radar import client, selectors


def context(request: HttpRequest, case: Case) -> dict[str, Any]:
    return {
        "matches": list(selectors.matches_of(case=case)),
        "lookups": list(selectors.lookups_of(case=case)[:5]),
        "state": selectors.registration_state(case=case),
    }


PANEL = CasePanel(
    code="radar",
    template="radar/_panel.html",
    context=context,
    visible=lambda case: client.configured(),
)

# R-REG-1: a match shows as a signal in the worklists. Shown whether or not the register is
# configured now: a match received earlier stays true.
WORKLIST_SIGNAL = WorklistSignal(
    code="radar",
    label="Ook bekend bij andere VT",
    title="Het landelijk register meldt dat een andere Veilig Thuis-organisatie een persoon van "
    "dit dossier kent (zie de dossierpagina)",
    cases=selectors.cases_with_matches,
)
