from datetime import date

import pytest

from tests.conftest import verified_client
from tests.factories import TeamFactory, UserFactory
from tests.reporting import world

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
