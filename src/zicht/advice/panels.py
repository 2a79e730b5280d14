"""The case page's panel "Voortgekomen uit advies": the advices this case's reports came from
(R-ADV-6) and the MDO decision behind a VT-initiated report (R-ADV-7). An advice holds no household
data, so showing it on the case adds no personal data to the page."""

from typing import Any

from django.http import HttpRequest

from zicht.advice.models import Advice
from zicht.cases.models import Case
from zicht.cases.panels import CasePanel


def _advices(case: Case) -> Any:
    return Advice.objects.filter(report__case=case)


def context(request: HttpRequest, case: Case) -> dict[str, Any]:
    advices = (
        _advices(case)
        .select_related("contact", "report")
        .prefetch_related("mdo_decisions__participants", "mdo_decisions__letter")
        .order_by("pk")
    )
    return {"advices": advices}


def visible(case: Case) -> bool:
    return _advices(case).exists()


PANEL = CasePanel(
    code="advice", template="advice/_case_panel.html", context=context, visible=visible
)
