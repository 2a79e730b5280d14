"""Monitoring's conditions on phase changes (registered in `apps.py`, checked by
`cases.services.case_transition` with the case locked)."""

from zicht.cases import selectors as case_selectors
from zicht.cases.models import Case
from zicht.cases.workflow import Phase
from zicht.monitoring.models import MonitoringPlan, Outcome, PlanStatus


def monitoring_guard(case: Case, source: Phase, target: Phase) -> str:
    """R-MON-1: after conditions & follow-up or an investigation the case is always monitored,
    so it closes only through monitoring that found lasting safety; R-MON-4: a running plan ends
    with an outcome before the case leaves monitoring."""
    plans = MonitoringPlan.objects.filter(case=case)
    if source == Phase.MONITORING and plans.filter(status=PlanStatus.RUNNING).exists():
        return (
            "Het monitoringsplan loopt nog. Leg eerst de uitkomst van het monitoren vast "
            "(R-MON-4); daarmee gaat het dossier verder."
        )
    if target != Phase.CLOSED:
        return ""
    since = case_selectors.own_involvement_since(case=case)
    if since is None:
        return ""
    if plans.filter(outcome=Outcome.SAFETY_LASTS, created_at__gte=since).exists():
        return ""
    return (
        "Na voorwaarden en vervolg of onderzoek volgt altijd monitoren (R-MON-1): dit dossier "
        "sluit pas als het monitoren duurzame veiligheid heeft vastgesteld. Start een "
        "monitoringsplan."
    )
