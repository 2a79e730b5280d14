from datetime import date

import pytest

from tests.conftest import verified_client
from tests.factories import TeamFactory, UserFactory
from tests.reporting import world
from tests.reporting.world import at
from zicht.cases.models import Deadline
from zicht.handover.models import Handover

# The tests' today: after the half year 2026-1 and the first 8 months of 2026, in 2026-2.
TODAY = date(2026, 11, 15)


@pytest.fixture
def team(db):
    return TeamFactory(name="Team Noord")


@pytest.fixture
def worker(team):
    user = UserFactory(full_name="Wim Werker")
    team.members.add(user)
    return user


@pytest.fixture
def data(worker, team):
    return world.build(worker, team)


@pytest.fixture
def policy(db):
    return UserFactory(policy_control=True, full_name="Paula Control")


@pytest.fixture
def policy_client(policy):
    return verified_client(policy)


@pytest.fixture
def leader(team):
    user = UserFactory(team_leader=True, full_name="Tineke Teamleider")
    team.members.add(user)
    return user


@pytest.fixture
def leader_client(leader):
    return verified_client(leader)


@pytest.fixture
def deadlines(data):
    """Deadlines as the table in the module docstring says, nothing else."""
    Deadline.objects.all().delete()

    def make(case, kind, started, due, met=None, lapsed=""):
        Deadline.objects.create(
            case=data.case(case),
            kind=kind,
            started_on=date(2026, *started),
            due=date(2026, *due),
            met_at=at(met) if met else None,
            lapsed_reason=lapsed,
        )

    make("c1", "assessment", (2, 10), (2, 17), met="16-02-2026")  # on time, 6 days
    make("c1", "reporter_contact", (2, 10), (2, 17), met="20-02-2026")  # late, 10 days
    make("c3", "assessment", (3, 5), (3, 12), met="09-03-2026")  # on time, 4 days
    make("c4", "assessment", (5, 20), (5, 27))  # open past due: late
    make("c5", "assessment", (6, 1), (6, 8), met="05-06-2026")  # on time, 4 days
    make("c6", "assessment", (7, 2), (7, 9), met="09-07-2026", lapsed="Fase verlaten")
    Handover.objects.filter(case=data.case("c1")).update(waiting_list_at=at("20-02-2026"))
    return data
