"""Cases built through the services, as the application builds them."""

from zicht.accounts.models import Team, User
from zicht.cases import services
from zicht.cases.models import Case
from zicht.cases.workflow import Phase
from zicht.people.models import Household, HouseholdMember, HouseholdRole, Person

# The shortest allowed path from assessment to each phase.
PATHS: dict[Phase, list[Phase]] = {
    Phase.ASSESSMENT: [],
    Phase.HANDOVER: [Phase.HANDOVER],
    Phase.CONDITIONS: [Phase.CONDITIONS],
    Phase.INVESTIGATION: [Phase.INVESTIGATION],
    Phase.MONITORING: [Phase.CONDITIONS, Phase.MONITORING],
    Phase.CLOSED: [Phase.CLOSED],
}


def household_with(*names: str, household_name: str = "Huishouden Test") -> Household:
    household = Household.objects.create(name=household_name)
    for index, name in enumerate(names):
        person = Person.objects.create(first_names="Test", last_name=name, name_key=name.lower())
        role = HouseholdRole.CHILD if index else HouseholdRole.PARENT_CARER
        HouseholdMember.objects.create(household=household, person=person, role=role)
    return household


def open_case(
    *,
    user: User,
    team: Team,
    worker: User | None = None,
    household: Household | None = None,
    phase: Phase = Phase.ASSESSMENT,
) -> Case:
    if not team.members.filter(pk=user.pk).exists():
        team.members.add(user)
    case = services.case_open(
        user=user,
        household=household or household_with("Jansen", "Jansen"),
        team=team,
        worker=worker or user,
    )
    for target in PATHS[phase]:
        case = services.case_transition(user=user, case=case, target=target, expected_version=None)
    return case
