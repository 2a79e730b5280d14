"""The demo's monitored families (R-MON-1, R-MON-2): every demo case in the monitoring phase has
a running plan with its moments, the partner holds responsibility, and one 3-month check is
held; seeding again adds nothing."""

import pytest
from django.core.management import call_command

from zicht.cases.models import Case, HolderType
from zicht.cases.services import current_period
from zicht.cases.workflow import Phase
from zicht.monitoring.models import MonitoringCheck, MonitoringPlan, PlanStatus

pytestmark = pytest.mark.django_db


def test_every_monitored_demo_case_has_a_running_plan(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    call_command("seed_demo")
    monitored = Case.objects.filter(phase=Phase.MONITORING)
    assert monitored.count() == 2
    for case in monitored:
        plan = MonitoringPlan.objects.get(case=case)
        assert plan.status == PlanStatus.RUNNING
        assert plan.moments.count() == 2
        assert current_period(case).holder_type == HolderType.PARTNER
    assert MonitoringCheck.objects.count() == 1
    call_command("seed_demo")
    assert MonitoringPlan.objects.count() == 2 and MonitoringCheck.objects.count() == 1
