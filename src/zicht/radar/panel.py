"""The register's section on the case page (registered in RadarConfig.ready)."""

from typing import Any

from django.http import HttpRequest

from zicht.cases.models import Case
from zicht.cases.panels import CasePanel
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
