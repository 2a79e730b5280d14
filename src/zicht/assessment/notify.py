"""The letters a confirmed assessment sends (R-TRI-5 outcome 1, R-HO-2 for outcome 2).

The household is written to at the address of its adult parents/carers and victims, one letter
per address; the alleged perpetrator is not a separate addressee (the victim's safety first). The
household letter names the reporter only through `reporter_for_household` (R-REP-2, R-PRIV-2).
"""

from collections import OrderedDict

from django.utils import timezone

from zicht.accounts.models import User
from zicht.assessment.models import Assessment, Outcome
from zicht.assessment.selectors import latest_report
from zicht.letters.models import RecipientKind
from zicht.letters.services import letter_queue
from zicht.people.models import HouseholdRole, Person
from zicht.people.postal import letter_address
from zicht.reports.disclosure import reporter_for_household

CLOSED_HOUSEHOLD = "assessment_closed_household"
HANDOVER_HOUSEHOLD = "assessment_handover_household"
HANDOVER_REPORTER = "assessment_handover_reporter"
ADULT_AGE = 18
ADDRESSEE_ROLES = (HouseholdRole.PARENT_CARER, HouseholdRole.VICTIM)


def _is_adult(person: Person) -> bool:
    # An unknown date of birth counts as adult: the role (parent/carer, victim) already says so.
    return person.birth_year is None or timezone.localdate().year - person.birth_year >= ADULT_AGE


def household_addressees(assessment: Assessment) -> list[tuple[str, str]]:
    """(names, address) per distinct address of the household's adult parents/carers and
    victims; without any, one letter to the parents/carers of the household."""
    members = assessment.case.household.members.select_related("person").filter(
        role__in=ADDRESSEE_ROLES
    )
    by_address: OrderedDict[str, list[str]] = OrderedDict()
    for member in members.order_by("role", "person__last_name", "person_id"):
        address = letter_address(member.person)
        # None: a banned person whose stay address is unknown gets nothing at the home (R-HB-1).
        if _is_adult(member.person) and address is not None:
            by_address.setdefault(address, []).append(member.person.full_name)
    if not by_address:
        return [(f"De ouders/verzorgers van {assessment.case.household.name}", "")]
    return [(" en ".join(names), address) for address, names in by_address.items()]


def _context(assessment: Assessment) -> dict[str, str]:
    return {
        "case_number": assessment.case.number,
        "findings": assessment.findings,
        "safety_agreements": assessment.safety_agreements,
        "help_agency": assessment.help_agency,
    }


def outcome_letters(*, user: User, assessment: Assessment) -> None:
    outcome = Outcome(assessment.outcome)
    if outcome not in (Outcome.CLOSE, Outcome.HOUSEHOLD):
        return
    report = latest_report(case=assessment.case)
    template = CLOSED_HOUSEHOLD if outcome == Outcome.CLOSE else HANDOVER_HOUSEHOLD
    reporter_text = reporter_for_household(report) if report else "iemand die zich zorgen maakte"
    for name, address in household_addressees(assessment):
        letter_queue(
            user=user,
            case=assessment.case,
            template_code=template,
            recipient_name=name,
            recipient_address=address,
            recipient_kind=RecipientKind.HOUSEHOLD_MEMBER,
            context={**_context(assessment), "reporter": reporter_text, "recipient_name": name},
        )
    if outcome == Outcome.HOUSEHOLD and report is not None:
        address = "\n".join(
            line
            for line in (
                report.reporter_organisation,
                report.reporter_email or report.reporter_phone,
            )
            if line
        )
        letter_queue(
            user=user,
            case=assessment.case,
            template_code=HANDOVER_REPORTER,
            recipient_name=report.reporter_name,
            recipient_address=address,
            recipient_kind=RecipientKind.REPORTER,
            context={**_context(assessment), "reporter_name": report.reporter_name},
        )
