"""A missed monitoring check is a signal on the team leader's page (R-MON-2, R-MON-4)."""

from datetime import date, timedelta

import pytest
import time_machine

from tests.conftest import verified_client
from tests.factories import UserFactory
from tests.monitoring.conftest import at, check, partner_holds, start, with_plan
from zicht.monitoring.models import MomentKind

pytestmark = pytest.mark.django_db


def test_a_missed_check_shows_on_the_team_page_until_it_is_held(case_worker):
    """R-MON-2: the 3-month check passing unheld shows as missed for the team leader, with a
    link to those cases; holding it removes the signal."""
    started = date(2027, 1, 11)
    with time_machine.travel(at(started), tick=False) as clock:
        case = with_plan(case_worker)
        partner_holds(case_worker, case)
        plan = start(case_worker, case, started_on=started)
        leader = UserFactory(team_leader=True)
        case.team.members.add(leader)
        client = verified_client(leader)
        assert "Gemiste monitoringscontroles" not in client.get("/team").content.decode()
        three = plan.moments.get(kind=MomentKind.THREE_MONTHS)
        clock.move_to(at(three.due + timedelta(days=1)))
        client = verified_client(leader)  # a new session: the old one expired meanwhile
        body = client.get("/team").content.decode()
        assert "Monitoringsmoment 3 maanden: 1 gemist" in body
        assert "?kind=monitoring_3_months&amp;status=overdue" in body
        check(case_worker, plan, three)
        assert "Gemiste monitoringscontroles" not in client.get("/team").content.decode()
