"""Reports for screening tests, registered through the real service."""

from datetime import datetime

from django.utils import timezone

from tests.people.factories import PersonFactory
from zicht.accounts.models import Team, User
from zicht.cases import services as case_services
from zicht.people.models import HouseholdRole
from zicht.reports.models import CallerKind, Report
from zicht.reports.services import Involved, Reporter, report_register

POLICE = Reporter(
    name="Agent De Boer",
    kind=CallerKind.PROFESSIONAL,
    phone="0612345678",
    organisation="Politie",
    sector="police_justice",
)


def register(
    user: User,
    team: Team,
    *,
    received_at: datetime | None = None,
    roles: tuple[HouseholdRole, ...] = (HouseholdRole.VICTIM, HouseholdRole.ALLEGED_PERPETRATOR),
    violence_types: tuple[str, ...] = ("psychological",),
    **person_fields,
) -> Report:
    """A report about a fresh household (so it opens its own case), adults unless told."""
    involved = [Involved(PersonFactory(**person_fields), role) for role in roles]
    return report_register(
        user=user,
        channel="phone",
        received_at=received_at or timezone.now(),
        reporter=POLICE,
        involved=involved,
        concerns="Buren horen geschreeuw.",
        violence_types=list(violence_types),
        team=team,
    )


def assess(report: Report, user: User, at: datetime | None = None) -> None:
    """What the assessment app does when a colleague confirms the assessment."""
    case_services.deadline_meet(case=report.case, kind="assessment", user=user, at=at)
