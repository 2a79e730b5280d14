"""The assessment's section on the case page (registered in AssessmentConfig.ready)."""

from typing import Any

from django.http import HttpRequest

from zicht.assessment.models import Assessment
from zicht.assessment.selectors import assessment_current, earlier_reports
from zicht.cases.models import Case
from zicht.cases.panels import CasePanel
from zicht.cases.workflow import Phase


def context(request: HttpRequest, case: Case) -> dict[str, Any]:
    from zicht.assessment.views import may_confirm, may_edit

    current = assessment_current(case=case)
    return {
        "assessment": current,
        "may_edit": may_edit(request.user, case, current),  # type: ignore[arg-type]
        "may_confirm": may_confirm(request.user, current),  # type: ignore[arg-type]
        "earlier": earlier_reports(case=case, user=request.user, resource=request.path),  # type: ignore[arg-type]
    }


def visible(case: Case) -> bool:
    return case.phase == Phase.ASSESSMENT or Assessment.objects.filter(case=case).exists()


PANEL = CasePanel(
    code="assessment",
    template="assessment/_panel.html",
    context=context,
    visible=visible,
)
