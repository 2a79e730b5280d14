"""Test data for the API, built through the services as the application builds it."""

from datetime import datetime

from django.test import Client

from tests.factories import TeamFactory, UserFactory
from zicht.accounts import services as account_services
from zicht.accounts.models import Team, User
from zicht.cases import services as case_services
from zicht.cases.models import Case
from zicht.people import services as people_services
from zicht.people.models import Household, HouseholdRole, Person

# Valid under the 11-proof; synthetic.
BSN = "111222333"
OTHER_BSN = "123456782"
INVALID_BSN = "123456789"


def token_client(user: User) -> Client:
    """A client that logs in with the user's API token, as an integration would."""
    _, key = account_services.api_token_issue(by=user, user=user)
    return Client(HTTP_AUTHORIZATION=f"Token {key}")


def person(user: User, last_name: str = "Jansen", **identity) -> Person:
    return people_services.person_create(user=user, last_name=last_name, **identity)


def household(
    user: User, *members: Person, name: str = "Gezin Jansen", role: str = HouseholdRole.CHILD
) -> Household:
    created = people_services.household_create(user=user, name=name)
    for member in members:
        people_services.household_add_member(user=user, household=created, person=member, role=role)
    return created


def team_of(user: User, name: str = "Team Noord") -> Team:
    team = TeamFactory(name=name)
    team.members.add(user)
    return team


def case(
    user: User,
    *,
    team: Team | None = None,
    last_names: tuple[str, ...] = ("Jansen",),
    opened_at: datetime | None = None,
) -> Case:
    """A case about a new household of new persons, opened by the user for their team."""
    team = team or team_of(user)
    members = [
        person(user, last_name, first_names=f"Kind {i}") for i, last_name in enumerate(last_names)
    ]
    return case_services.case_open(
        user=user,
        household=household(user, *members, name=f"Gezin {last_names[0]}"),
        team=team,
        worker=user,
        opened_at=opened_at,
    )


def other_team_case() -> Case:
    """A case of a team the test's user is not in."""
    stranger = UserFactory()
    return case(stranger, team=team_of(stranger, "Team Zuid"), last_names=("Bakker",))
