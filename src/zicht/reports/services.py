"""Registering a report: the contact, the reporter, the persons involved, and its effects on the
case — joined or opened (R-REP-5), VT responsible (R-REP-3), assessment and reporter deadlines
started (R-TRI-1, R-TRI-7), and the case in the assessment phase (R-REP-7)."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from zicht.accounts.models import Team, User
from zicht.accounts.policy import Action, can
from zicht.audit.models import AccessEvent, Channel
from zicht.audit.services import access_log_batch, access_log_record
from zicht.cases import services as case_services
from zicht.cases.models import Case
from zicht.cases.workflow import ACTIVE_PHASES, Phase
from zicht.core.errors import NotPermitted
from zicht.core.limits import received_at_error
from zicht.organisation.models import Municipality
from zicht.people import services as people_services
from zicht.people.models import HouseholdRole, Person
from zicht.reports.models import (
    CallerKind,
    Contact,
    ContactChannel,
    ContactOutcome,
    Involvement,
    Report,
    ReportPerson,
    Sector,
    ViolenceDuration,
    ViolenceType,
)


@dataclass(frozen=True)
class Involved:
    person: Person
    role: HouseholdRole
    # Registered in this same transaction because the search found nobody: no case names this
    # person yet, so the searches for the household's open and earlier cases skip them.
    new: bool = False


@dataclass(frozen=True)
class Reporter:
    name: str
    kind: CallerKind
    phone: str = ""
    email: str = ""
    organisation: str = ""
    sector: str = ""
    profession: str = ""


# What an accepted-only check assumes for a field the form or body already refused: a value the
# rules pass, so that field's own error is not said twice.
_PASSING: dict[str, Any] = {
    "reporter_name": "-",
    "caller_kind": CallerKind.CITIZEN,
    "reporter_phone": "-",
    "reporter_email": "",
    "sector": Sector.OTHER,
    "anonymous_to_household": False,
    "anonymity_reason": "-",
    "concerns": "-",
    "violence_types": [ViolenceType.PHYSICAL],
    "violence_duration": ViolenceDuration.UNKNOWN,
    "channel": ContactChannel.PHONE,
}


def report_problems_of_accepted(
    accepted: Mapping[str, Any],
    *,
    involved: Sequence[Involved] | None,
    received_at: datetime | None,
) -> dict[str, str]:
    """`report_problems` on the fields a form or API body accepted (by the service's names, as
    in `_PASSING`); a refused field is judged by its own error only (issue 16.5)."""
    value = {name: accepted.get(name, passing) for name, passing in _PASSING.items()}
    return report_problems(
        reporter=Reporter(
            name=value["reporter_name"],
            kind=value["caller_kind"],
            phone=value["reporter_phone"],
            email=value["reporter_email"],
            sector=value["sector"],
        ),
        anonymous=value["anonymous_to_household"],
        anonymity_reason=value["anonymity_reason"],
        concerns=value["concerns"],
        violence_types=value["violence_types"],
        violence_duration=value["violence_duration"],
        involved=involved,
        channel=value["channel"],
        received_at=received_at,
    )


def report_problems(
    *,
    reporter: Reporter,
    anonymous: bool,
    anonymity_reason: str,
    concerns: str,
    violence_types: Sequence[str],
    violence_duration: str,
    involved: Sequence[Involved] | None,
    channel: str,
    received_at: datetime | None,
) -> dict[str, str]:
    """Everything wrong with a report, by field, at once (issue 16.5). A form whose other fields
    are refused checks the rest with it: `involved` or `received_at` None are not checked."""
    errors: dict[str, str] = {}
    if received_at is not None:
        received_problem = received_at_error(received_at)  # R-REP-1's moment, within sane limits
        if received_problem:
            errors["received_at"] = received_problem
    if channel not in ContactChannel.values:
        errors["channel"] = "Kies hoe het contact binnenkwam."
    if reporter.kind not in CallerKind.values:
        errors["caller_kind"] = "Kies of de melder een burger of een professional is."
    if not reporter.name.strip():
        errors["reporter_name"] = "Vul de naam van de melder in."
    if not (reporter.phone.strip() or reporter.email.strip()):
        errors["reporter_phone"] = (
            "Een melder maakt zich bekend met telefoonnummer of e-mailadres (R-REP-2). Wil de beller "
            "dat niet? Leg het contact dan vast als advies."
        )
    if reporter.kind == CallerKind.PROFESSIONAL and reporter.sector not in Sector.values:
        errors["sector"] = "Kies de sector van de professional."
    if anonymous and not anonymity_reason.strip():
        errors["anonymity_reason"] = "Leg uit waarom de melder anoniem blijft naar het huishouden."
    if not concerns.strip():
        errors["concerns"] = "Beschrijf de zorgen en signalen van de melder."
    unknown = [v for v in violence_types if v not in ViolenceType.values]
    if not violence_types or unknown:
        errors["violence_types"] = "Kies minstens één soort geweld uit de lijst."
    if violence_duration not in ViolenceDuration.values:
        errors["violence_duration"] = "Kies de duur van het geweld (of ‘Onbekend’)."
    if involved is None:
        return errors
    if not involved:
        errors["persons"] = "Voeg minstens één betrokkene toe."
    # household_create and household_add_member refuse a merged person too, but only once the
    # writes have begun, which would doom the caller's transaction (the writes below run without a
    # savepoint): refused here, with the person to choose instead.
    for item in involved:
        if item.person.merged_into_id is not None:
            errors["persons"] = (
                f"{item.person.full_name} is samengevoegd met persoon {item.person.merged_into_id}; "
                "kies die persoon."
            )
    if len({i.person.pk for i in involved}) != len(involved):
        errors["persons"] = "Dezelfde persoon staat twee keer bij de betrokkenen."
    for item in involved:
        born = item.person.birth_year, item.person.birth_month or 1, item.person.birth_day or 1
        day = received_at and (received_at.year, received_at.month, received_at.day)
        if item.person.birth_year and day and born > day:
            errors["persons"] = f"{item.person.full_name} is geboren na de datum van de melding."
    return errors


def _open_case_of(persons: Sequence[Person]) -> Case | None:
    """The open case of these persons, decided under a lock on the persons: two reports about
    the same person at once would otherwise each find no open case and each open one (two
    workers, each unaware of the other, for one family). The second now waits until the first
    commits and then joins its case. Locked in id order, so two reports never deadlock."""
    list(
        Person.objects.select_for_update()
        .filter(pk__in=[person.pk for person in persons])
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    return (
        Case.objects.select_for_update()
        .of_persons(persons)
        .filter(phase__in=ACTIVE_PHASES)
        .order_by("opened_at")
        .first()
    )


def report_register(
    *,
    user: User,
    channel: str,
    received_at: datetime,
    reporter: Reporter,
    involved: Sequence[Involved],
    concerns: str,
    violence_types: Sequence[str],
    violence_duration: str = ViolenceDuration.UNKNOWN,
    anonymous_to_household: bool = False,
    anonymity_reason: str = "",
    keeps_helping: bool = False,
    asks_vt_take_over: bool = True,
    agreements: str = "",
    team: Team,
    municipality: Municipality | None = None,
    household_name: str = "",
    access_channel: Channel = Channel.HTML,
) -> Report:
    """Registers a report and applies its effects. Nothing is saved when anything is refused."""
    if not (can(user, Action.REGISTER_CONTACT) or can(user, Action.SUBMIT_REPORT)):
        raise NotPermitted("Uw rol mag geen meldingen registreren.")
    errors = report_problems(
        reporter=reporter,
        anonymous=anonymous_to_household,
        anonymity_reason=anonymity_reason,
        concerns=concerns,
        violence_types=violence_types,
        violence_duration=violence_duration,
        involved=involved,
        channel=channel,
        received_at=received_at,
    )
    if errors:
        raise ValidationError(errors)
    # Every refusal comes from the checks above, so the writes join the caller's transaction
    # without a savepoint (a caller may go on after a refusal; a failure below dooms it all).
    # The access-log entries and the timeline events of all steps are written together at the
    # end: one chain lock instead of one per person, household and case, one timeline insert.
    with transaction.atomic(savepoint=False), access_log_batch(), case_services.timeline_batch():
        persons = [item.person for item in involved]
        known = [item.person for item in involved if not item.new]
        case = _open_case_of(known) if known else None
        if case is not None:
            involvement = Involvement.FOLLOW_UP
            case = _join(user=user, case=case, involved=involved, access_channel=access_channel)
        else:
            # Not chosen at intake: where the persons live, so that the handover offers that
            # municipality's partners and a waiting list is reported to it (R-HO-5).
            municipality = municipality or next(
                (person.municipality for person in persons if person.municipality_id), None
            )
            household = people_services.household_create(
                user=user,
                name=household_name.strip() or f"Huishouden {persons[0].last_name}",
                municipality=municipality,
                members=[(item.person, item.role) for item in involved],
                channel=access_channel,
            )
            case = case_services.case_open(
                user=user,
                household=household,
                team=team,
                worker=user
                if can(user, Action.ASSESS_SAFETY) and user.teams.filter(pk=team.pk).exists()
                else None,
                municipality=municipality,
                opened_at=received_at,
                reason="Melding ontvangen",
                new_persons=[item.person.pk for item in involved if item.new],
            )
            # The new case links every earlier case of these persons (R-REP-5, R-INF-1).
            earlier = bool(known) and case.earlier_cases.exists()
            involvement = Involvement.REPEAT if earlier else Involvement.FIRST
        contact = Contact.objects.create(
            channel=channel,
            received_at=received_at,
            caller_kind=reporter.kind,
            sector=reporter.sector,
            profession=reporter.profession,
            becomes=ContactOutcome.REPORT,
            created_by=user,
        )
        report = Report.objects.create(
            contact=contact,
            case=case,
            received_at=received_at,
            reporter_name=reporter.name.strip(),
            reporter_organisation=reporter.organisation.strip(),
            reporter_phone=reporter.phone.strip(),
            reporter_email=reporter.email.strip(),
            anonymous_to_household=anonymous_to_household,
            anonymity_reason=anonymity_reason.strip(),
            concerns=concerns.strip(),
            violence_types=sorted(set(violence_types)),
            violence_duration=violence_duration,
            keeps_helping=keeps_helping,
            asks_vt_take_over=asks_vt_take_over,
            agreements=agreements.strip(),
            involvement=involvement,
            created_by=user,
        )
        ReportPerson.objects.bulk_create(
            [ReportPerson(report=report, person=item.person, role=item.role) for item in involved]
        )
        start = timezone.localdate(received_at)
        case_services.deadline_start(case=case, kind="assessment", start=start, actor=user)
        # Each report's reporter is contacted (R-TRI-7): one obligation per report.
        case_services.deadline_start(
            case=case,
            kind="reporter_contact",
            start=start,
            actor=user,
            subject=case_services.deadline_subject(report),
        )
        who = "een anonieme melder" if anonymous_to_household else reporter.name.strip()
        case_services.timeline_add(
            case=case,
            actor=user,
            kind="report_received",
            summary=f"Melding ontvangen ({Involvement(involvement).label}) van {who}",
            target=report,
            at=received_at,
        )
        access_log_record(
            user=user,
            event=AccessEvent.CREATE,
            channel=access_channel,
            person_ids=[p.pk for p in persons],
            case=case,
            detail="melding geregistreerd",
        )
        return report


def _join(*, user: User, case: Case, involved: Sequence[Involved], access_channel: Channel) -> Case:
    """A report about a household with an open case joins it (R-REP-5): new persons join the
    household, and VT takes responsibility back if a partner or the household held it (R-REP-3)."""
    members = set(case.person_ids())
    for item in involved:
        if item.person.pk not in members:
            people_services.household_add_member(
                user=user,
                household=case.household,
                person=item.person,
                role=item.role,
                channel=access_channel,
            )
    if case.phase == Phase.HANDOVER:
        case = case_services.case_transition(
            user=user,
            case=case,
            target=Phase.ASSESSMENT,
            expected_version=None,
            reason="Nieuwe melding tijdens de overdracht",
            channel=access_channel,
        )
    case_services.vt_responsible_again(
        user=user, case=case, reason="Nieuwe melding ontvangen: Veilig Thuis is verantwoordelijk"
    )
    return case
