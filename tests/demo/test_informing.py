"""The informing demo seed adds recorded reporter contacts to the demo cases, once."""

import pytest

from zicht.demo import informing as demo
from zicht.demo.cases import seed_demo_cases
from zicht.demo.reference import seed_demo_accounts, seed_reference_data
from zicht.informing.models import ReporterContact

pytestmark = pytest.mark.django_db


def test_seed_records_a_reporter_contact_on_demo_cases_once():
    """R-TRI-7: the demo shows a case whose reporter contact was recorded in time."""
    seed_reference_data()
    seed_demo_accounts()
    seed_demo_cases()
    added = demo.seed()
    assert added >= 1
    contact = ReporterContact.objects.select_related("report", "case").first()
    deadline = contact.case.deadlines.get(kind="reporter_contact")
    assert contact.contacted_at == deadline.met_at
    assert contact.report.case_id == contact.case_id
    assert demo.seed() == 0
