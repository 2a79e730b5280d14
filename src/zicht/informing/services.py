"""Every write of informing: the reporter contact (R-TRI-7), informing the household (R-TRI-7)
and the update to the reporter about the handover (R-TRI-8).

Each write locks the case row and checks the version the user saw (a stale form is refused with
`StaleVersion`), meets the statutory deadline it answers, adds to the timeline and queues the
letter in the same transaction: nothing is half-saved.
"""

from collections.abc import Sequence
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format

from zicht.accounts.models import User
from zicht.accounts.policy import Action, require
from zicht.advice.identifying import find_bsn
from zicht.audit.models import AccessEvent, Channel
from zicht.audit.services import access_log_record
from zicht.cases import services as case_services
from zicht.cases.models import Case, Deadline
from zicht.cases.services import case_lock, case_touch
from zicht.core.errors import Conflict
from zicht.informing.models import (
    ContactMethod,
    HouseholdInforming,
    HouseholdMethod,
    ReporterContact,
    ReporterUpdate,
)
from zicht.letters.models import FINAL_STATUSES, Letter, RecipientKind
from zicht.letters.services import letter_queue, withdraw_locked
from zicht.organisation.models import PartnerAgency
from zicht.people.models import HouseholdMember, HouseholdRole, Person
from zicht.people.postal import letter_address
from zicht.reports.disclosure import anonymous_reports, disclosure_errors, reporter_for_household
from zicht.reports.models import Report

ADULT_AGE = 18
NO_BSN = (
    "Haal het BSN uit deze tekst. Een melder heeft een BSN nooit nodig voor de eigen taak "
    "(R-PRIV-2)."
)


INFORM_REFUSED = "Uw rol mag de melder en het huishouden niet informeren."


def check_user(user: User) -> None:
    require(user, Action.ASSESS_SAFETY, message=INFORM_REFUSED)


def _minute(moment: datetime) -> datetime:
    """Forms take a time to the minute: 10:15 is not before a report received at 10:15:40."""
    return moment.replace(second=0, microsecond=0)


def _check_moment(errors: dict[str, str], field: str, at: datetime, report: Report) -> None:
    if at > timezone.now() + timedelta(minutes=5):
        errors[field] = "Dit tijdstip ligt in de toekomst."
    elif at < _minute(report.received_at):
        errors[field] = "Dit tijdstip ligt vóór de ontvangst van de melding."


def _required(errors: dict[str, str], values: dict[str, str], messages: dict[str, str]) -> None:
    for field, message in messages.items():
        if not values[field].strip():
            errors[field] = message


def _no_bsn(errors: dict[str, str], values: dict[str, str]) -> None:
    """Texts that reach the reporter never contain a BSN (R-PRIV-2)."""
    for field, text in values.items():
        if field not in errors and find_bsn(text):
            errors[field] = NO_BSN


def _reporter_address(report: Report) -> str:
    return "\n".join(
        line
        for line in (report.reporter_organisation, report.reporter_email)
        if line and line.strip()
    )


def _log_change(user: User, case: Case, channel: Channel, detail: str) -> None:
    access_log_record(
        user=user,
        event=AccessEvent.CHANGE,
        channel=channel,
        person_ids=case.person_ids(),
        case=case,
        detail=detail,
    )


@transaction.atomic
def reporter_contact_record(
    *,
    user: User,
    report: Report,
    expected_version: int | None,
    contacted_at: datetime,
    method: str,
    safety_judgement: str,
    information_shared: str,
    reporter_options: str,
    agreements: str,
    send_letter: bool = False,
    channel: Channel = Channel.HTML,
) -> ReporterContact:
    """Records the contact with the reporter (R-TRI-7) and meets the `reporter_contact` deadline.

    The information shared is only what the reporter needs for their own task (R-PRIV-2): a text
    with a BSN is refused. With `send_letter` the reporter gets a written confirmation.
    """
    check_user(user)
    case = case_lock(report.case, expected_version)
    texts = {
        "safety_judgement": safety_judgement,
        "information_shared": information_shared,
        "reporter_options": reporter_options,
        "agreements": agreements,
    }
    errors: dict[str, str] = {}
    if ReporterContact.objects.filter(report=report).exists():
        errors["report"] = "Het contact met de melder van deze melding is al vastgelegd."
    if method not in ContactMethod.values:
        errors["method"] = "Kies hoe u contact had met de melder."
    _check_moment(errors, "contacted_at", contacted_at, report)
    _required(
        errors,
        texts,
        {
            "safety_judgement": "Vul het oordeel over de veiligheid in dat u met de melder deelde.",
            "information_shared": "Vul in welke informatie de melder nodig heeft voor de eigen "
            "taak en heeft gekregen.",
            "reporter_options": "Vul in wat de melder zelf kan doen om te helpen.",
            "agreements": "Vul de afspraken met de melder in.",
        },
    )
    _no_bsn(errors, texts)
    if errors:
        raise ValidationError(errors)
    contact = ReporterContact.objects.create(
        report=report,
        case=case,
        contacted_at=contacted_at,
        method=method,
        contacted_by=user,
        **{field: text.strip() for field, text in texts.items()},
    )
    case_services.deadline_meet(
        case=case,
        kind="reporter_contact",
        user=user,
        at=contacted_at,
        subject=case_services.deadline_subject(report),
    )
    case_services.timeline_add(
        case=case,
        actor=user,
        kind="reporter_contacted",
        summary=f"Contact met de melder ({ContactMethod(method).label.lower()})",
        target=contact,
        at=contacted_at,
    )
    if send_letter:
        contact.letter = _reporter_letter(
            user=user,
            case=case,
            report=report,
            template_code="reporter_contact_confirmation",
            context={
                "reporter_name": report.reporter_name,
                "contact_date": _dutch(contacted_at),
                **{field: text.strip() for field, text in texts.items()},
            },
        )
        contact.save(update_fields=["letter"])
    case_touch(case)
    _log_change(user, case, channel, "contact met de melder vastgelegd")
    return contact


def _reporter_letter(
    *, user: User, case: Case, report: Report, template_code: str, context: dict[str, str]
) -> Letter:
    return letter_queue(
        user=user,
        case=case,
        template_code=template_code,
        recipient_name=report.reporter_name,
        recipient_address=_reporter_address(report),
        recipient_kind=RecipientKind.REPORTER,
        context=context,
    )


def _dutch(moment: datetime | date) -> str:
    with translation.override("nl"):
        day = timezone.localdate(moment) if isinstance(moment, datetime) else moment
        return str(date_format(day, "j F Y"))


def is_adult(person: Person, role: str, today: date) -> bool:
    """An adult by date of birth; with the year unknown, anyone but a child counts as adult."""
    if not person.birth_year:
        return role != HouseholdRole.CHILD
    born = date(person.birth_year, person.birth_month or 1, person.birth_day or 1)
    return (today.year - born.year - ((today.month, today.day) < (born.month, born.day))) >= (
        ADULT_AGE
    )


def household_adults(case: Case) -> list[HouseholdMember]:
    today = timezone.localdate()
    members = case.household.members.select_related("person").order_by("person__last_name", "pk")
    return [m for m in members if is_adult(m.person, m.role, today)]


def household_addressees(case: Case) -> dict[str, str]:
    """The household's letter addresses: each address of an adult member, with the names of
    the adults living there ("A en B"). One letter per address (16.3): adults who live together
    share it. Members without an address get none, nor does a member who may not be at theirs
    (a running house ban: `people.postal.letter_address`); the caller says so when nobody is
    left."""
    by_address: dict[str, list[str]] = {}
    for member in household_adults(case):
        address = letter_address(member.person)
        if address:
            by_address.setdefault(address, []).append(member.person.full_name)
    return {address: " en ".join(names) for address, names in by_address.items()}


@transaction.atomic
def household_inform_record(
    *,
    user: User,
    report: Report,
    expected_version: int | None,
    informed_at: datetime,
    means: str,
    plans: str,
    channel: Channel = Channel.HTML,
) -> HouseholdInforming:
    """Records how the household was told about the report (R-TRI-7), only after the contact with
    the reporter. By letter, each adult member with a known address gets one; the letter names
    the reporter only through `reporter_for_household`, so an anonymous reporter stays so."""
    check_user(user)
    case = case_lock(report.case, expected_version)
    errors: dict[str, str] = {}
    contact = ReporterContact.objects.filter(report=report).first()
    if contact is None:
        errors["report"] = (
            "Neem eerst contact op met de melder en leg dat vast. Pas daarna informeert u het "
            "huishouden over de melding en de afspraken (R-TRI-7)."
        )
    if HouseholdInforming.objects.filter(report=report).exists():
        errors["report"] = "Het informeren van het huishouden over deze melding is al vastgelegd."
    if means not in HouseholdMethod.values:
        errors["means"] = "Kies hoe u het huishouden heeft geïnformeerd."
    _check_moment(errors, "informed_at", informed_at, report)
    if (
        contact is not None
        and "informed_at" not in errors
        and informed_at < _minute(contact.contacted_at)
    ):
        errors["informed_at"] = (
            "Het huishouden wordt pas na het contact met de melder geïnformeerd."
        )
    if not plans.strip():
        errors["plans"] = "Vul in wat Veilig Thuis gaat doen en welke afspraken er zijn."
    # R-PRIV-5: the plans go into the household's letter; an anonymous reporter stays so.
    errors = disclosure_errors(reports=anonymous_reports(case), texts={"plans": plans}) | errors
    addressees = household_addressees(case) if means == HouseholdMethod.SHORT_LETTER else {}
    if means == HouseholdMethod.SHORT_LETTER and not addressees:
        errors["means"] = (
            "Van geen enkele volwassene in het huishouden is een adres bekend, dus er kan geen "
            "brief worden gemaakt. Vul eerst een adres in of kies een andere manier."
        )
    if errors:
        raise ValidationError(errors)
    informing = HouseholdInforming.objects.create(
        report=report,
        case=case,
        informed_at=informed_at,
        means=means,
        plans=plans.strip(),
        informed_by=user,
    )
    # A letter to an address not yet sent for an earlier report of the case serves this one too.
    letters = [
        _household_letter(user, case, report, names, address, plans, dedupe=True)
        for address, names in addressees.items()
    ]
    informing.letters.add(*letters)
    case_services.timeline_add(
        case=case,
        actor=user,
        kind="household_informed",
        summary=f"Huishouden geïnformeerd over de melding ({HouseholdMethod(means).label.lower()})",
        target=informing,
        at=informed_at,
    )
    case_touch(case)
    _log_change(user, case, channel, "huishouden geïnformeerd over de melding")
    return informing


def _household_letter(
    user: User,
    case: Case,
    report: Report,
    name: str,
    address: str,
    plans: str,
    replaces: Letter | None = None,
    *,
    dedupe: bool = False,
) -> Letter:
    return letter_queue(
        user=user,
        case=case,
        template_code="household_informed",
        recipient_name=name,
        recipient_address=address,
        recipient_kind=RecipientKind.HOUSEHOLD_MEMBER,
        context={
            "recipient_name": name,
            "report_date": _dutch(report.received_at),
            "reporter": reporter_for_household(report),
            "plans": plans.strip(),
        },
        replaces=replaces,
        dedupe=dedupe,
    )


@transaction.atomic
def household_letters_redo(
    *,
    user: User,
    report: Report,
    expected_version: int | None,
    plans: str,
    reason: str,
    channel: Channel = Channel.HTML,
) -> HouseholdInforming:
    """Withdraws the household letters of this report that were not sent yet, with the reason
    kept, and makes them again with the corrected text (16.1): the same addressees, the text
    checked again (R-PRIV-5). Letters already sent stay as they are."""
    check_user(user)
    case = case_lock(report.case, expected_version)
    informing = HouseholdInforming.objects.filter(report=report).first()
    if informing is None:
        raise Conflict(
            "Het informeren van het huishouden over deze melding is nog niet vastgelegd.",
            field="plans",
        )
    errors: dict[str, str] = {}
    if not plans.strip():
        errors["plans"] = "Vul in wat Veilig Thuis gaat doen en welke afspraken er zijn."
    if not reason.strip():
        errors["reason"] = "Geef de reden waarom u de brieven opnieuw maakt; die blijft bewaard."
    errors = disclosure_errors(reports=anonymous_reports(case), texts={"plans": plans}) | errors
    if errors:
        raise ValidationError(errors)
    open_letters = list(informing.letters.exclude(status__in=FINAL_STATUSES).order_by("pk"))
    if not open_letters:
        raise Conflict(
            "Er is geen brief aan het huishouden meer die nog niet verzonden is. Een verzonden "
            "brief kan niet opnieuw worden gemaakt.",
            field="plans",
        )
    for old in open_letters:
        withdraw_locked(user=user, letter=old, reason=reason.strip())
        new = _household_letter(
            user, case, report, old.recipient_name, old.recipient_address, plans, replaces=old
        )
        informing.letters.add(new)
    informing.plans = plans.strip()
    informing.save(update_fields=["plans"])
    case_services.timeline_add(
        case=case,
        actor=user,
        kind="household_letters_redone",
        summary=f"Brieven aan het huishouden opnieuw gemaakt ({len(open_letters)}). "
        f"Reden: {reason.strip()}",
        target=informing,
    )
    case_touch(case)
    _log_change(user, case, channel, "brieven aan het huishouden opnieuw gemaakt")
    return informing


def _update_deadline(case: Case) -> Deadline | None:
    """Open or already met (by the update to another reporter of the same case)."""
    return Deadline.objects.filter(case=case, kind="reporter_update").order_by("met_at").first()


@transaction.atomic
def reporter_update_record(
    *,
    user: User,
    report: Report,
    expected_version: int | None,
    informed_at: datetime,
    method: str,
    handed_over_to: str,
    partners: Sequence[PartnerAgency] = (),
    send_letter: bool = False,
    channel: Channel = Channel.HTML,
) -> ReporterUpdate:
    """Records telling the reporter which partner(s) took the case over (R-TRI-8) and meets the
    `reporter_update` deadline. Only for a case that stayed at VT: the assessment started that
    deadline; without it there is nothing to report back."""
    check_user(user)
    case = case_lock(report.case, expected_version)
    errors: dict[str, str] = {}
    if _update_deadline(case) is None:
        errors["report"] = (
            "Voor dit dossier loopt geen termijn ‘Melder informeren over overdracht’: die start "
            "pas als Veilig Thuis na de veiligheidsbeoordeling betrokken blijft (R-TRI-8)."
        )
    if not ReporterContact.objects.filter(report=report).exists():
        errors["report"] = "Leg eerst het contact met de melder over deze melding vast."
    if ReporterUpdate.objects.filter(report=report).exists():
        errors["report"] = "De terugkoppeling aan deze melder is al vastgelegd."
    if method not in ContactMethod.values:
        errors["method"] = "Kies hoe u de melder heeft geïnformeerd."
    _check_moment(errors, "informed_at", informed_at, report)
    if not handed_over_to.strip():
        errors["handed_over_to"] = "Vul in aan welke ketenpartner(s) het dossier is overgedragen."
    inactive = [partner.name for partner in partners if not partner.active]
    if inactive:
        errors["partners"] = f"Deze ketenpartner is niet meer actief: {', '.join(inactive)}."
    _no_bsn(errors, {"handed_over_to": handed_over_to})
    if errors:
        raise ValidationError(errors)
    update = ReporterUpdate.objects.create(
        report=report,
        case=case,
        informed_at=informed_at,
        method=method,
        handed_over_to=handed_over_to.strip(),
        informed_by=user,
    )
    update.partners.set(partners)
    case_services.deadline_meet(case=case, kind="reporter_update", user=user, at=informed_at)
    case_services.timeline_add(
        case=case,
        actor=user,
        kind="reporter_updated",
        summary=f"Melder geïnformeerd over de overdracht ({ContactMethod(method).label.lower()})",
        target=update,
        at=informed_at,
    )
    if send_letter:
        update.letter = _reporter_letter(
            user=user,
            case=case,
            report=report,
            template_code="reporter_update",
            context={
                "reporter_name": report.reporter_name,
                "report_date": _dutch(report.received_at),
                "handed_over_to": handed_over_to.strip(),
                "partners": ", ".join(str(partner) for partner in partners),
            },
        )
        update.save(update_fields=["letter"])
    case_touch(case)
    _log_change(user, case, channel, "melder geïnformeerd over de overdracht")
    return update
