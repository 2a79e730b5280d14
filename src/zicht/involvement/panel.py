"""The involvement's section on the case page (R-VV-2, R-VV-3, R-OND-2..4): the 10 weeks and
the days left, who was spoken or seen and who is still missing, the conversations, and the
current version of the safety conditions and plan. Shared by conditions & follow-up and
investigation: the case's phase says which service it shows."""

from typing import Any

from django.http import HttpRequest

from zicht.accounts.policy import Action, can
from zicht.cases.deadlines import with_status
from zicht.cases.models import Case, Deadline
from zicht.cases.panels import CasePanel
from zicht.involvement import selectors
from zicht.involvement.models import SafetyPlan, Service


def _service(case: Case) -> str | None:
    if case.phase in Service.values:
        return str(case.phase)
    latest = selectors.safety_plan_current(case=case)
    return latest.service if latest else None


def _visible(case: Case) -> bool:
    return case.phase in (Service.CONDITIONS, Service.INVESTIGATION) or (
        SafetyPlan.objects.filter(case=case).exists()
    )


def _context(request: HttpRequest, case: Case) -> dict[str, Any]:
    service = _service(case)
    deadline = selectors.involvement_deadline(case=case, service=service or "")
    status = None
    if deadline is not None:
        from django.utils import timezone

        status = with_status(Deadline.objects.filter(pk=deadline.pk), timezone.localdate()).first()
    coverage = selectors.contact_coverage(case=case, service=service) if service else []
    return {
        "service": Service(service).label if service else "",
        "active": case.phase in Service.values,
        "deadline": status,
        "days_left": (left := selectors.days_left(deadline)),
        "days_late": -left if left is not None and left < 0 else 0,
        "coverage": coverage,
        # An investigation counts with its age rule (R-OND-3) in its own section: this one's
        # plainer count would say someone only seen is done.
        "coverage_elsewhere": service == Service.INVESTIGATION,
        "missing": [c for c in coverage if c.missing],
        "spoken": sum(1 for c in coverage if c.status != selectors.Coverage.NONE),
        "conversations": list(selectors.conversations_of(case=case, service=service)[:5])
        if service
        else [],
        "plan": selectors.safety_plan_current(case=case),
        "may_write": can(request.user, Action.ASSESS_SAFETY) and case.phase in Service.values,
    }


PANEL = CasePanel(
    code="involvement",
    template="involvement/_panel.html",
    context=_context,
    visible=_visible,
)
