"""The retention section on a closed case's page (registered in RetentionConfig.ready): its
destruction date and the way to the retention page (R-PRIV-4)."""

from typing import Any

from django.http import HttpRequest

from zicht.cases.models import Case
from zicht.cases.panels import CasePanel
from zicht.cases.workflow import Phase
from zicht.retention.models import Retention


def context(request: HttpRequest, case: Case) -> dict[str, Any]:
    return {"retention": Retention.objects.filter(case=case).first()}


PANEL = CasePanel(
    code="retention",
    template="retention/_panel.html",
    context=context,
    visible=lambda case: case.phase == Phase.CLOSED,
)
