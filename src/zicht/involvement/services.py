"""Every write of VT's involvement: conversations (with whom, how), a recorded reason for not
speaking a member, and a new version of the safety plan (R-VV-2, R-OND-4).

The service is the case's phase: a conversation or plan version made while the case is in
"conditions" belongs to conditions & follow-up, and so on. Each write takes the case lock first
(docs/architecture.md, "Locks") so it cannot cross a phase change; the plan row is locked next,
and a new version must name the version it was based on, so two workers editing the plan at once
never overwrite each other: the second is refused (`PlanStale`).
"""

import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from zicht.accounts.models import User
from zicht.accounts.policy import Action, require
from zicht.audit.models import AccessEvent, Channel
from zicht.audit.services import access_log_record
from zicht.cases.models import Case
from zicht.cases.services import case_lock, timeline_add
from zicht.cases.workflow import Phase
from zicht.core.errors import AlreadyExists, Conflict, StaleVersion
from zicht.involvement.content import SECTIONS, PlanContent, content_diff, content_of
from zicht.involvement.models import (
    CareNeed,
    ContactHow,
    ContactSkip,
    Conversation,
    ConversationContact,
    DamageRecovery,
    NetworkPerson,
    PlanAction,
    PlanLetter,
    Priority,
    SafetyCondition,
    SafetyPlan,
    SafetyPlanVersion,
    Service,
)
from zicht.involvement.selectors import contact_skips_of
from zicht.involvement.texts import plan_letter_context
from zicht.letters.models import RecipientKind
from zicht.letters.services import letter_queue, vt_contact
from zicht.people.models import HouseholdMember


@dataclass(frozen=True)
class ContactInput:
    """One person in a conversation: a household member (`member_id`) or, for a network
    person who is not a member, a `name` and `relation`."""

    how: str = ContactHow.SPOKEN
    member_id: int | None = None
    name: str = ""
    relation: str = ""


T = TypeVar("T")


class PlanStale(StaleVersion):
    """The plan got a newer version since the user read it (409, with the current number)."""

    title = "Veiligheidsplan intussen gewijzigd"

    def __init__(self, version: SafetyPlanVersion) -> None:
        by = version.created_by.full_name if version.created_by else "een collega"
        at = timezone.localtime(version.created_at).strftime("%d-%m-%Y %H:%M")
        super().__init__(
            f"Het veiligheidsplan is intussen gewijzigd: {by} maakte op {at} versie "
            f"{version.number}. Er is niets opgeslagen; bekijk die versie en breng uw wijziging "
            "daarin opnieuw aan.",
            field="based_on",
        )
        self.current_number = version.number

    def problem_extra(self) -> dict[str, Any]:
        return {"current_version": self.current_number}


# --- helpers --------------------------------------------------------------------------------


def _text(value: str | None) -> str:
    return (value or "").strip()


def service_of(case: Case) -> Service:
    """The involvement service the case is in now; refused when it is in none."""
    if case.phase not in Service.values:
        raise Conflict(
            f"Dossier {case.number} staat in de fase ‘{Phase(case.phase).label}’; gesprekken en "
            "het veiligheidsplan horen bij voorwaarden en vervolg, onderzoek of monitoren.",
            field="case",
        )
    return Service(case.phase)


def _members(case: Case) -> dict[int, HouseholdMember]:
    return {m.pk: m for m in case.household.members.select_related("person")}


def _member_error(member_id: int | None, members: dict[int, HouseholdMember], what: str) -> str:
    if member_id is None:
        return f"Kies {what}."
    if member_id not in members:
        return "Deze persoon hoort niet bij het huishouden van dit dossier."
    return ""


# --- conversations --------------------------------------------------------------------------

# What a service adds to a conversation of its own, wherever it is recorded (this app's page and
# API, or the service's own page): a check refusing it by field (R-OND-3's age rule), and what
# follows once it is saved (the investigation's start deadline, R-OND-2). Registered by the
# service's app in its AppConfig.ready(); this app never imports the services above it.
ConversationCheck = Callable[[Case, date, Sequence["ContactInput"]], dict[str, str]]
ConversationRecorded = Callable[[User, Conversation], None]
CONVERSATION_CHECKS: dict[str, ConversationCheck] = {}
CONVERSATION_RECORDED: dict[str, ConversationRecorded] = {}


def register_conversation_rules(
    service: str,
    *,
    check: ConversationCheck | None = None,
    recorded: ConversationRecorded | None = None,
) -> None:
    if check is not None:
        CONVERSATION_CHECKS[service] = check
    if recorded is not None:
        CONVERSATION_RECORDED[service] = recorded


def _contact_errors(
    contacts: Sequence[ContactInput], members: dict[int, HouseholdMember]
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not contacts:
        errors["contacts"] = "Vul in met wie u sprak of wie u zag: ten minste één persoon."
    seen: set[int] = set()
    for index, contact in enumerate(contacts):
        prefix = f"contacts[{index}]"
        if contact.how not in ContactHow.values:
            errors[f"{prefix}.how"] = "Kies of u deze persoon persoonlijk sprak of alleen zag."
        if contact.member_id is not None:
            if problem := _member_error(contact.member_id, members, ""):
                errors[f"{prefix}.member"] = problem
            elif contact.member_id in seen:
                errors[f"{prefix}.member"] = "Deze persoon staat al bij dit gesprek."
            seen.add(contact.member_id)
            if _text(contact.name) or _text(contact.relation):
                errors[f"{prefix}.name"] = (
                    "Vul bij een lid van het huishouden geen naam in; die staat al in het dossier."
                )
        else:
            if not _text(contact.name):
                errors[f"{prefix}.name"] = (
                    "Kies een lid van het huishouden, of vul de naam in van de persoon uit het "
                    "netwerk."
                )
            if not _text(contact.relation):
                errors[f"{prefix}.relation"] = (
                    "Vul in wat de relatie van deze persoon tot het huishouden is."
                )
    return errors


@transaction.atomic
def conversation_record(
    *,
    user: User,
    case: Case,
    held_on: date | None,
    summary: str,
    contacts: Sequence[ContactInput],
    channel: Channel = Channel.HTML,
) -> Conversation:
    """Records a conversation of the case's current involvement service: when, a summary, and
    per person whether VT spoke them personally or only saw them (R-OND-3, R-MON-3)."""
    require(user, Action.ASSESS_SAFETY)
    case = case_lock(case, None)
    service = service_of(case)
    members = _members(case)
    errors = _contact_errors(contacts, members)
    summary = _text(summary)
    if not summary:
        errors["summary"] = "Vat het gesprek samen: wat is besproken en wat is afgesproken."
    today = timezone.localdate()
    if held_on is None:
        errors["held_on"] = "Vul de datum van het gesprek in."
    elif held_on > today:
        errors["held_on"] = "Een gesprek in de toekomst kan nog niet worden vastgelegd."
    elif held_on < timezone.localdate(case.opened_at):
        errors["held_on"] = "Deze datum ligt vóór de opening van het dossier."
    if held_on is not None and (check := CONVERSATION_CHECKS.get(service)) is not None:
        errors = check(case, held_on, contacts) | errors
    if errors:
        raise ValidationError(errors)
    assert held_on is not None  # noqa: S101  # checked above
    conversation = Conversation.objects.create(
        case=case,
        service=service,
        held_on=held_on,
        summary=summary,
        recorded_by=user,
        created_at=timezone.now(),
    )
    ConversationContact.objects.bulk_create(
        ConversationContact(
            conversation=conversation,
            member_id=contact.member_id,
            how=contact.how,
            name="" if contact.member_id else _text(contact.name),
            relation="" if contact.member_id else _text(contact.relation),
        )
        for contact in contacts
    )
    names = [
        members[c.member_id].person.full_name if c.member_id else _text(c.name) for c in contacts
    ]
    timeline_add(
        case=case,
        actor=user,
        kind="conversation_recorded",
        summary=f"Gesprek ({service.label.lower()}) op {held_on:%d-%m-%Y} met " + ", ".join(names),
        target=conversation,
    )
    access_log_record(
        user=user,
        event=AccessEvent.CREATE,
        channel=channel,
        person_ids=[m.person_id for m in _contact_members(contacts, members)],
        case=case,
        detail="gesprek vastgelegd",
    )
    if (recorded := CONVERSATION_RECORDED.get(service)) is not None:
        recorded(user, conversation)
    return conversation


def _contact_members(
    contacts: Iterable[ContactInput], members: dict[int, HouseholdMember]
) -> list[HouseholdMember]:
    return [members[c.member_id] for c in contacts if c.member_id is not None]


@transaction.atomic
def contact_skip_record(
    *,
    user: User,
    case: Case,
    member_id: int | None,
    reason: str,
    channel: Channel = Channel.HTML,
) -> ContactSkip:
    """Records why a household member is not spoken in the current service (R-OND-3: skipping
    someone needs a recorded reason). One reason per member in the service's current run: a later
    investigation of the same case asks again."""
    require(user, Action.ASSESS_SAFETY)
    case = case_lock(case, None)
    service = service_of(case)
    members = _members(case)
    errors: dict[str, str] = {}
    if problem := _member_error(member_id, members, "wie u niet spreekt"):
        errors["member"] = problem
    reason = _text(reason)
    if not reason:
        errors["reason"] = "Vul de reden in waarom u deze persoon niet spreekt."
    if errors:
        raise ValidationError(errors)
    assert member_id is not None  # noqa: S101  # checked above
    member = members[member_id]
    if contact_skips_of(case=case, service=service).filter(member=member).exists():
        raise AlreadyExists(
            f"Voor {member.person.full_name} is al een reden vastgelegd.", field="member"
        )
    skip = ContactSkip.objects.create(
        case=case,
        member=member,
        service=service,
        reason=reason,
        recorded_by=user,
        recorded_at=timezone.now(),
    )
    timeline_add(
        case=case,
        actor=user,
        kind="contact_skipped",
        summary=f"{member.person.full_name} wordt niet gesproken ({service.label.lower()}): "
        f"{reason}",
        target=skip,
    )
    access_log_record(
        user=user,
        event=AccessEvent.CREATE,
        channel=channel,
        person_ids=[member.person_id],
        case=case,
        detail="reden niet gesproken",
    )
    return skip


# --- the safety plan ------------------------------------------------------------------------


def _plan_errors(content: PlanContent, members: dict[int, HouseholdMember]) -> dict[str, str]:
    """Every problem of the content, by field (`conditions[0].text`, …)."""
    errors: dict[str, str] = {}
    if not content.conditions:
        errors["conditions"] = (
            "Leg ten minste één veiligheidsvoorwaarde vast: het minimum voor directe en "
            "blijvende veiligheid."
        )
    for i, condition in enumerate(content.conditions):
        p = f"conditions[{i}]"
        if not _text(condition.text):
            errors[f"{p}.text"] = "Schrijf de voorwaarde als één duidelijke zin."
        if not condition.member_ids:
            errors[f"{p}.members"] = "Kies voor wie deze voorwaarde geldt."
        elif any(m not in members for m in condition.member_ids):
            errors[f"{p}.members"] = "Deze persoon hoort niet bij het huishouden van dit dossier."
        if not _text(condition.check_how):
            errors[f"{p}.check_how"] = (
                "Vul in hoe wordt gecontroleerd of de voorwaarde wordt nagekomen."
            )
    for i, action in enumerate(content.actions):
        p = f"actions[{i}]"
        if problem := _member_error(action.member_id, members, "wie deze actie uitvoert"):
            errors[f"{p}.member"] = problem
        if not _text(action.what):
            errors[f"{p}.what"] = "Vul in wat er gedaan wordt."
        if action.due is None:
            errors[f"{p}.due"] = "Vul in vóór welke datum de actie klaar is."
    for i, care in enumerate(content.care_needs):
        p = f"care_needs[{i}]"
        if problem := _member_error(care.member_id, members, "voor wie deze zorg nodig is"):
            errors[f"{p}.member"] = problem
        if not _text(care.need):
            errors[f"{p}.need"] = "Vul in welke zorg nodig is."
        if care.priority not in Priority.values:
            errors[f"{p}.priority"] = "Kies de prioriteit: hoog, middel of laag."
    for i, damage in enumerate(content.damages):
        p = f"damages[{i}]"
        if problem := _member_error(damage.member_id, members, "wie de schade opliep"):
            errors[f"{p}.member"] = problem
        if not _text(damage.damage):
            errors[f"{p}.damage"] = "Beschrijf de opgelopen schade."
        if not _text(damage.recovery):
            errors[f"{p}.recovery"] = (
                "Vul in wat herstel nodig heeft (bijvoorbeeld traumabehandeling)."
            )
    for i, person in enumerate(content.network):
        p = f"network[{i}]"
        if not _text(person.name):
            errors[f"{p}.name"] = "Vul de naam van de persoon uit het netwerk in."
        if not _text(person.relation):
            errors[f"{p}.relation"] = "Vul de relatie tot het huishouden in."
    return errors


class _Keys:
    """Hands out row keys: a key of the version the change was based on is kept (the same row,
    maybe changed); a new row, an unknown key or a key used twice gets a fresh one."""

    def __init__(self, known: set[uuid.UUID]) -> None:
        self.known = known
        self.used: set[uuid.UUID] = set()

    def __call__(self, key: uuid.UUID | None) -> uuid.UUID:
        if key is None or key not in self.known or key in self.used:
            return uuid.uuid4()
        self.used.add(key)
        return key


def _keys_of(current: PlanContent | None) -> dict[str, _Keys]:
    """Per section, the keys a new version may keep."""
    return {
        section: _Keys(
            {row.key for row in getattr(current, section) if row.key} if current else set()
        )
        for section in SECTIONS
    }


def _checked(value: T | None) -> T:
    """A value `_plan_errors` already required."""
    assert value is not None  # noqa: S101  # refused before anything is written
    return value


def _write_rows(version: SafetyPlanVersion, content: PlanContent, keys: dict[str, _Keys]) -> None:
    for i, c in enumerate(content.conditions):
        condition = SafetyCondition.objects.create(
            version=version,
            key=keys["conditions"](c.key),
            position=i,
            text=_text(c.text),
            check_how=_text(c.check_how),
        )
        condition.members.set(sorted(set(c.member_ids)))
    PlanAction.objects.bulk_create(
        PlanAction(
            version=version,
            key=keys["actions"](a.key),
            position=i,
            member_id=_checked(a.member_id),
            what=_text(a.what),
            due=_checked(a.due),
        )
        for i, a in enumerate(content.actions)
    )
    CareNeed.objects.bulk_create(
        CareNeed(
            version=version,
            key=keys["care_needs"](c.key),
            position=i,
            member_id=_checked(c.member_id),
            need=_text(c.need),
            priority=_checked(c.priority),
        )
        for i, c in enumerate(content.care_needs)
    )
    DamageRecovery.objects.bulk_create(
        DamageRecovery(
            version=version,
            key=keys["damages"](d.key),
            position=i,
            member_id=_checked(d.member_id),
            damage=_text(d.damage),
            recovery=_text(d.recovery),
        )
        for i, d in enumerate(content.damages)
    )
    NetworkPerson.objects.bulk_create(
        NetworkPerson(
            version=version,
            key=keys["network"](n.key),
            position=i,
            name=_text(n.name),
            relation=_text(n.relation),
            contribution=_text(n.contribution),
        )
        for i, n in enumerate(content.network)
    )


@transaction.atomic
def safety_plan_save(
    *,
    user: User,
    case: Case,
    based_on: int,
    content: PlanContent,
    note: str = "",
    channel: Channel = Channel.HTML,
) -> SafetyPlanVersion:
    """Adds a version of the case's safety plan: the safety conditions and the plan (R-VV-2,
    R-OND-4). `based_on` is the number of the version the user edited (0 for the first); when
    the plan got a newer version meanwhile nothing is saved (`PlanStale`, 409). Earlier versions
    stay as they were. A version that changes nothing is refused."""
    require(user, Action.ASSESS_SAFETY)
    case = case_lock(case, None)
    service = service_of(case)
    now = timezone.now()
    plan, _ = SafetyPlan.objects.get_or_create(case=case, defaults={"created_at": now})
    plan = SafetyPlan.objects.select_for_update(of=("self",)).get(pk=plan.pk)
    current = plan.versions.select_related("created_by").filter(number=plan.current_number).first()
    if based_on != plan.current_number:
        if current is not None:
            raise PlanStale(current)
        raise ValidationError(
            {"based_on": "Dit dossier heeft nog geen veiligheidsplan (versie 0)."}
        )
    errors = _plan_errors(content, _members(case))
    note = _text(note)
    if current is not None and not note:
        errors["note"] = "Vul in wat u wijzigt en waarom; de eerdere versie blijft zichtbaar."
    if errors:
        raise ValidationError(errors)
    before = content_of(current) if current is not None else None
    if before is not None and not content_diff(before, content).changed:
        raise ValidationError(
            {"__all__": "Er is niets gewijzigd ten opzichte van de huidige versie."}
        )
    plan.current_number += 1
    plan.save(update_fields=["current_number"])
    version = SafetyPlanVersion.objects.create(
        plan=plan,
        number=plan.current_number,
        service=service,
        note=note,
        created_by=user,
        created_at=now,
    )
    _write_rows(version, content, _keys_of(before))
    timeline_add(
        case=case,
        actor=user,
        kind="safety_plan_version",
        summary=f"Veiligheidsplan versie {version.number} vastgelegd"
        + (f": {note}" if note else ""),
        target=version,
        at=now,
    )
    access_log_record(
        user=user,
        event=AccessEvent.CHANGE if current else AccessEvent.CREATE,
        channel=channel,
        person_ids=case.person_ids(),
        case=case,
        detail=f"veiligheidsplan versie {version.number}",
    )
    return version


PLAN_TEMPLATE = "safety_plan_to_household"


@transaction.atomic
def safety_plan_send(
    *,
    user: User,
    case: Case,
    number: int,
    addressees: Mapping[str, str],
    channel: Channel = Channel.HTML,
) -> list[PlanLetter]:
    """Sends the safety conditions and plan to the household: one letter per address
    (`addressees`: address → names, `informing.services.household_addressees`). `number` is the
    version the user saw; only the current version is sent, and each letter records it. The
    letters pass the disclosure guard (R-PRIV-5)."""
    require(user, Action.ASSESS_SAFETY)
    case = case_lock(case, None)
    service_of(case)
    plan = SafetyPlan.objects.select_for_update(of=("self",)).filter(case=case).first()
    if plan is None or plan.current_number == 0:
        raise ValidationError({"plan": "Er is nog geen veiligheidsplan om te versturen."})
    version = (
        SafetyPlanVersion.objects.select_related("created_by")
        .filter(plan=plan, number=plan.current_number)
        .get()
    )
    if number != version.number:
        raise PlanStale(version)
    if not addressees:
        raise ValidationError(
            {
                "household": "Van geen enkele volwassene in het huishouden is een adres bekend, "
                "dus er kan geen brief worden gemaakt. Vul eerst een adres in."
            }
        )
    names = {m.pk: m.person.full_name for m in _members(case).values()}
    context = {
        **vt_contact(case),
        "case_number": case.number,
        **plan_letter_context(version, names),
    }
    sent = [
        PlanLetter.objects.create(
            version=version,
            letter=letter_queue(
                user=user,
                case=case,
                template_code=PLAN_TEMPLATE,
                recipient_name=recipient,
                recipient_address=address,
                recipient_kind=RecipientKind.HOUSEHOLD_MEMBER,
                context={"recipient_name": recipient, **context},
            ),
        )
        for address, recipient in addressees.items()
    ]
    timeline_add(
        case=case,
        actor=user,
        kind="safety_plan_sent",
        summary=f"Veiligheidsplan versie {version.number} per brief naar het huishouden "
        f"({len(sent)} adres{'sen' if len(sent) != 1 else ''})",
        target=version,
    )
    access_log_record(
        user=user,
        event=AccessEvent.EXPORT,
        channel=channel,
        person_ids=case.person_ids(),
        case=case,
        detail=f"veiligheidsplan versie {version.number} naar het huishouden",
    )
    return sent
