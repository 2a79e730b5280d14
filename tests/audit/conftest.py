"""The reviewer of the access log: a team leader (REVIEW_ACCESS_LOG) with a verified session."""

import pytest

from tests.conftest import verified_client
from tests.factories import UserFactory


@pytest.fixture
def leader(db):
    return UserFactory(team_leader=True, full_name="Tineke Leider")


@pytest.fixture
def leader_client(leader):
    return verified_client(leader)
