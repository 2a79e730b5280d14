import pytest

from tests.conftest import verified_client
from tests.factories import TeamFactory, UserFactory


@pytest.fixture
def team(db):
    return TeamFactory(name="Team Noord")


@pytest.fixture
def screener(team):
    user = UserFactory(full_name="Sanne Screener")
    team.members.add(user)
    return user


@pytest.fixture
def screener_client(screener):
    return verified_client(screener)


@pytest.fixture
def leader(team):
    user = UserFactory(team_leader=True, full_name="Tineke Teamleider")
    team.members.add(user)
    return user
