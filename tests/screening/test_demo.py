"""The demo seed screens a few waiting reports, once per day."""

import pytest

from tests.factories import UserFactory
from tests.screening.helpers import register
from zicht.cases.models import Deadline
from zicht.demo.screening import seed
from zicht.screening.models import Screening

pytestmark = pytest.mark.django_db


def test_seed_screens_the_oldest_waiting_reports_once(screener, team):
    """R-WL-1: demo screenings on waiting reports, the oldest acute; a second run adds none."""
    reports = [register(screener, team) for _ in range(4)]
    staff = {"teamleider": UserFactory(team_leader=True)}
    assert seed(staff=staff) == 3
    assert Screening.objects.count() == 3
    assert Screening.objects.get(report=reports[0]).acute is True
    assert Deadline.objects.filter(case=reports[0].case, kind="crisis_action").exists()
    assert seed(staff=staff) == 0  # today's demo screening is done
    assert Screening.objects.count() == 3
