"""R-PRIV-4: a case gets its destruction date the moment it closes, and loses it on reopening
(zicht.retention.hooks), not a month later with the periodic job."""

from datetime import date

from django.utils import timezone

from tests.retention.conftest import closed_without_concerns
from zicht.cases.services import case_transition
from zicht.cases.workflow import Phase
from zicht.retention.models import Basis, Retention


def test_priv4_a_closing_case_gets_its_destruction_date_at_once(author, scientist, settings):
    """R-PRIV-4: closed today, destroyed 20 years (RETENTION_YEARS) after today."""
    case = closed_without_concerns(author, scientist)
    assert case.phase == Phase.CLOSED
    retention = Retention.objects.get(case=case)
    closed_on = timezone.localdate(case.closed_at)
    assert retention.ended_on == closed_on
    assert retention.basis == Basis.DEFAULT
    assert retention.destroy_on == date(
        closed_on.year + settings.RETENTION_YEARS, closed_on.month, closed_on.day
    )


def test_priv4_a_reopened_case_loses_its_destruction_date(author, scientist):
    """R-PRIV-4: VT is involved again (a new report, R-REP-5), so the period has not begun."""
    case = closed_without_concerns(author, scientist)
    assert Retention.objects.filter(case=case).exists()
    case_transition(user=author, case=case, target=Phase.ASSESSMENT, expected_version=case.version)
    assert not Retention.objects.filter(case=case).exists()
