"""Taking in a report: the one orchestration behind the intake page and `POST /api/v1/reports`.

`report_intake` does, all or nothing in one transaction with the access-log entries written at
once: the persons (a worker's choice among the candidates shown, or — for the API — the search
before create at `matching.SAME_PERSON_FROM`, R-REP-6), the new ones registered in one insert,
`report_register` (R-REP-1..7), the link to the advice or MDO decision the report comes from
(`reports.sources`, R-ADV-6/7) and, last, the caller's own record of the answer (the API's
idempotency record). A colleague committing a person with the same BSN meanwhile makes the
registration fail on the unique index: the search then runs once more and matches them (API), or
the caller is told so (`PersonRegisteredMeanwhile`) and offers the person (page, R-REP-5).
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction

from zicht.accounts.models import Team, User
from zicht.audit.models import Channel
from zicht.audit.services import access_log_batch
from zicht.core.errors import AlreadyExists, Conflict
from zicht.organisation.models import Municipality
from zicht.people import matching
from zicht.people import selectors as people_selectors
from zicht.people import services as people_services
from zicht.people.models import HouseholdRole, Person
from zicht.reports import sources
from zicht.reports.models import Report, ViolenceDuration
from zicht.reports.services import Involved, Reporter, report_register

ADDRESS_FIELDS = ("street", "house_number", "postcode", "city", "municipality")


@dataclass(frozen=True)
class PersonIn:
    """One person involved: the identity typed (`people.services.person_prepare`'s fields) and
    the role; `person` when the worker chose an existing person among the candidates shown."""

    role: HouseholdRole
    identity: Mapping[str, Any] = field(default_factory=dict)
    person: Person | None = None


@dataclass(frozen=True)
class Address:
    """The household's address and municipality, as given at intake."""

    street: str = ""
    house_number: str = ""
    postcode: str = ""
    city: str = ""
    municipality: Municipality | None = None

    def values(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in ADDRESS_FIELDS}


@dataclass(frozen=True)
class ReportIn:
    """What `report_register` takes besides the persons."""

    channel: str
    received_at: datetime
    reporter: Reporter
    concerns: str
    violence_types: Sequence[str]
    team: Team
    violence_duration: str = ViolenceDuration.UNKNOWN
    anonymous_to_household: bool = False
    anonymity_reason: str = ""
    keeps_helping: bool = False
    asks_vt_take_over: bool = True
    agreements: str = ""
    # The household's: the case's municipality, and the address of every new person who does not
    # live elsewhere (no own address part given).
    address: Address = field(default_factory=Address)


@dataclass(frozen=True)
class PersonOut:
    person: Person
    role: HouseholdRole
    matched: bool  # an existing person (chosen or found), not registered by this report


@dataclass(frozen=True)
class IntakeResult:
    report: Report
    persons: list[PersonOut]


class PersonRegisteredMeanwhile(Conflict):
    default_message = (
        "Een collega heeft zojuist een van deze personen geregistreerd; de melding is nog niet "
        "opgeslagen. Kies bij de gevonden personen wie het is en sla opnieuw op."
    )


class AlreadyTakenIn(AlreadyExists):
    """The caller's record of this intake (an idempotency key) was written by a concurrent
    request first: nothing of this attempt is kept; the caller answers as that request did."""

    default_message = "Deze melding is al vastgelegd."


def report_intake(
    *,
    user: User,
    report: ReportIn,
    persons: Sequence[PersonIn],
    source: Any = None,
    search: bool = False,
    access_channel: Channel = Channel.HTML,
    resource: str = "",
    record: Callable[[IntakeResult], None] | None = None,
) -> IntakeResult:
    """Registers the report with its persons, all or nothing.

    `search`: a person not chosen is searched first and, scoring `SAME_PERSON_FROM` or more,
    reused (the API); otherwise every person not chosen is registered anew (the page, where
    the worker chose after the search). Refusals: a `ValidationError` naming the person's
    fields as `persons[i].field` and the report's fields as `report_register` names them; a
    `Conflict` from linking the source; `PersonRegisteredMeanwhile`; `AlreadyTakenIn`.
    """
    retries = 1 if search else 0
    while True:
        try:
            return _intake_once(
                user=user,
                report=report,
                persons=persons,
                source=source,
                search=search,
                access_channel=access_channel,
                resource=resource,
                record=record,
            )
        except IntegrityError:
            # A colleague committed a person with one of these BSNs after this intake's search
            # (the insert waited on the unique index). Nothing was saved.
            if not retries:
                raise PersonRegisteredMeanwhile() from None
            retries -= 1  # the new attempt's search finds and matches them


def _intake_once(
    *,
    user: User,
    report: ReportIn,
    persons: Sequence[PersonIn],
    source: Any,
    search: bool,
    access_channel: Channel,
    resource: str,
    record: Callable[[IntakeResult], None] | None,
) -> IntakeResult:
    with transaction.atomic(), access_log_batch():
        found, new = _persons(
            user=user,
            persons=persons,
            address=report.address,
            search=search,
            access_channel=access_channel,
            resource=resource,
        )
        saved = people_services.persons_save(
            user=user, persons=list(new.values()), channel=access_channel
        )
        chosen = found | dict(zip(new, saved, strict=True))
        involved = [
            Involved(person=chosen[index], role=item.role, new=index in new)
            for index, item in enumerate(persons)
        ]
        registered = report_register(
            user=user,
            **{
                name: getattr(report, name)
                for name in ReportIn.__dataclass_fields__
                if name != "address"
            },
            municipality=report.address.municipality,
            involved=involved,
            access_channel=access_channel,
        )
        kind = sources.kind()
        if source is not None and kind is not None:  # in the same transaction as the report
            kind.link(user, source, registered)
        result = IntakeResult(
            registered,
            [
                PersonOut(person=item.person, role=item.role, matched=not item.new)
                for item in involved
            ],
        )
        if record is not None:
            try:
                with transaction.atomic():
                    record(result)
            except IntegrityError:
                raise AlreadyTakenIn() from None
        return result


def _persons(
    *,
    user: User,
    persons: Sequence[PersonIn],
    address: Address,
    search: bool,
    access_channel: Channel,
    resource: str,
) -> tuple[dict[int, Person], dict[int, Person]]:
    """The existing persons by index (chosen, or found by the search), and the new ones checked
    but unsaved, living at the household's address unless an own one was given. Every person's
    errors are collected before refusing."""
    found: dict[int, Person] = {}
    new: dict[int, Person] = {}
    new_bsns: set[str] = set()
    errors: dict[str, list[str]] = {}
    for index, item in enumerate(persons):
        if item.person is not None:
            found[index] = item.person
            continue
        bsn = item.identity.get("bsn") or ""
        if search:
            candidates = people_selectors.person_candidates(
                user=user,
                last_name=item.identity.get("last_name") or "",
                prefix=item.identity.get("prefix") or "",
                first_names=item.identity.get("first_names") or "",
                birth_year=item.identity.get("birth_year"),
                birth_month=item.identity.get("birth_month"),
                birth_day=item.identity.get("birth_day"),
                bsn=bsn,
                limit=1,
                min_score=matching.SAME_PERSON_FROM,
                exclude_ids=[person.pk for person in found.values()],
                channel=access_channel,
                resource=resource,
            )
            if candidates:  # the same BSN scores 100
                found[index] = candidates[0].person
                continue
        if bsn and bsn in new_bsns:
            errors[f"persons[{index}].bsn"] = ["Dit BSN staat al bij een andere nieuwe persoon."]
            continue
        new_bsns.add(bsn)
        try:
            new[index] = people_services.person_prepare(user=user, **_lives_at(item, address))
        except ValidationError as error:
            for name, messages in _named(error).items():
                key = (
                    f"persons[{index}]" if name == NON_FIELD_ERRORS else f"persons[{index}].{name}"
                )
                errors.setdefault(key, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    return found, new


def _lives_at(item: PersonIn, household: Address) -> dict[str, Any]:
    """The person's identity with their own address, or else the household's."""
    own = any(item.identity.get(name) for name in ADDRESS_FIELDS)
    return {**item.identity, **({} if own else household.values())}


def _named(error: ValidationError) -> dict[str, list[str]]:
    if hasattr(error, "error_dict"):
        return dict(error.message_dict)
    return {NON_FIELD_ERRORS: error.messages}


def person_errors(
    error: ValidationError,
) -> tuple[dict[int, dict[str, list[str]]], ValidationError]:
    """Splits a refusal of `report_intake` into the errors per person (index → field → messages,
    `__all__` for the person as a whole) and the rest."""
    per_person: dict[int, dict[str, list[str]]] = {}
    rest: dict[str, list[str]] = {}
    for key, messages in _named(error).items():
        if key.startswith("persons["):
            index_text, _, name = key[len("persons[") :].partition("]")
            per_person.setdefault(int(index_text), {}).setdefault(
                name.lstrip(".") or NON_FIELD_ERRORS, []
            ).extend(messages)
        else:
            rest[key] = messages
    return per_person, ValidationError(rest)
