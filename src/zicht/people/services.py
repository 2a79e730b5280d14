"""Every write to persons and households. Refusals are `ValidationError`s with Dutch messages
keyed by the form field they concern, so a view can show them at the field.

Every write also writes the access log (R-PRIV-3) in the same transaction.
"""

import calendar
import re
from collections.abc import Sequence
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models.deletion import ProtectedError, RestrictedError
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from zicht.accounts.models import User
from zicht.accounts.policy import Action, can
from zicht.audit.models import AccessEvent, Channel
from zicht.audit.services import access_log_record
from zicht.core.errors import AlreadyExists, Conflict, NotFound, NotPermitted, StaleVersion
from zicht.organisation.models import Municipality
from zicht.people.bsn import bsn_hash, is_valid_bsn, normalise_bsn
from zicht.people.matching import name_key
from zicht.people.models import Household, HouseholdMember, HouseholdRole, Person, Sex

MONTHS = (
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
)  # fmt: skip
EARLIEST_BIRTH_YEAR = 1900
NAME_LENGTH = 150  # Household.name
_POSTCODE = re.compile(r"^(\d{4})\s?([A-Za-z]{2})$")
_TEXT_FIELDS = ("first_names", "prefix", "last_name", "street", "house_number", "city")
_ADDRESS_FIELDS = ("street", "house_number", "postcode", "city")


def _field(model: type[models.Model], name: str) -> "models.Field[Any, Any]":
    return cast("models.Field[Any, Any]", model._meta.get_field(name))


def _done_by(user: User, instance: models.Model) -> None:
    """Names the user in the history row simple-history writes on the next save or delete
    (also outside a request, where its middleware cannot tell)."""
    instance._history_user = user  # type: ignore[attr-defined]


class StalePerson(StaleVersion):
    """The person changed since the user read them (409, with the current version)."""

    title = "Persoon intussen gewijzigd"

    def __init__(self, person: Person) -> None:
        super().__init__(
            f"De gegevens van {person.full_name} zijn intussen door iemand anders gewijzigd. Er "
            "is niets opgeslagen; vergelijk met de nieuwe stand en probeer het opnieuw."
        )
        self.person = person

    def problem_extra(self) -> dict[str, Any]:
        return {"current_version": self.person.version}


def _require(user: User, *actions: Action) -> None:
    """Refuses unless the user's role grants one of the actions."""
    if not any(can(user, action) for action in actions):
        raise NotPermitted("Uw rol mag geen personen of huishoudens registreren of wijzigen.")


# Registering a person or household is also part of a report a partner system delivers.
_INTAKE = (Action.REGISTER_CONTACT, Action.SUBMIT_REPORT)


def _birth_date_errors(year: int | None, month: int | None, day: int | None) -> dict[str, str]:
    """R-REP-6: a date of birth may be partial (year, or year and month) but must be real."""
    today = timezone.localdate()
    if day is not None and month is None:
        return {"birth_month": "Vul ook de geboortemaand in, of laat de dag leeg."}
    if month is not None and year is None:
        return {"birth_year": "Vul ook het geboortejaar in, of laat de maand en dag leeg."}
    if year is None:
        return {}
    if year < EARLIEST_BIRTH_YEAR:
        return {"birth_year": f"Vul een geboortejaar in vanaf {EARLIEST_BIRTH_YEAR}."}
    if year > today.year:
        return {"birth_year": "De geboortedatum kan niet in de toekomst liggen."}
    if month is None:
        return {}
    if not 1 <= month <= 12:
        return {"birth_month": "Vul een maand in van 1 tot en met 12."}
    if (year, month) > (today.year, today.month):
        return {"birth_month": "De geboortedatum kan niet in de toekomst liggen."}
    if day is None:
        return {}
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        return {
            "birth_day": f"Deze datum bestaat niet: {MONTHS[month - 1]} {year} heeft {days} dagen."
        }
    if (year, month, day) > (today.year, today.month, today.day):
        return {"birth_day": "De geboortedatum kan niet in de toekomst liggen."}
    return {}


def _clean_identity(*, person: Person | None, **values: Any) -> dict[str, Any]:
    """Checks and normalises what is typed about a person; raises all errors at once."""
    errors: dict[str, str] = {}
    for name in _TEXT_FIELDS:
        values[name] = (values[name] or "").strip()
        limit = _field(Person, name).max_length
        if limit and len(values[name]) > limit:
            errors[name] = f"Gebruik hoogstens {limit} tekens."
    if not values["last_name"]:
        errors["last_name"] = "Vul de achternaam in. Weet u die niet, vul dan ‘onbekend’ in."
    if values["sex"] not in Sex.values:
        errors["sex"] = "Kies het geslacht, of ‘Onbekend’."
    postcode = (values["postcode"] or "").strip()
    if postcode:
        match = _POSTCODE.match(postcode)
        if match:
            postcode = f"{match[1]} {match[2].upper()}"
        else:
            errors["postcode"] = "Vul een postcode in als 1234 AB."
    values["postcode"] = postcode
    errors |= _birth_date_errors(values["birth_year"], values["birth_month"], values["birth_day"])
    values["bsn"] = normalise_bsn(values["bsn"])
    values["bsn_hash"] = ""
    if values["bsn"]:
        bsn_error = _bsn_error(values["bsn"], person)
        if bsn_error:
            errors["bsn"] = bsn_error
        values["bsn_hash"] = bsn_hash(values["bsn"])
    if errors:
        raise ValidationError(errors)
    values["name_key"] = name_key(values["last_name"], values["prefix"])
    return values


def _bsn_error(bsn: str, person: Person | None) -> str:
    if not is_valid_bsn(bsn):  # R-REP-6
        return "Dit BSN klopt niet: het voldoet niet aan de elfproef. Controleer het nummer."
    others = Person.objects.filter(bsn_hash=bsn_hash(bsn), merged_into__isnull=True)
    if person is not None:
        others = others.exclude(pk=person.pk)
    existing = others.order_by("pk").first()
    if existing is not None:
        # Named by its number only: the BSN itself is not repeated in a message or a log.
        return (
            f"Dit BSN hoort al bij een persoon in Zicht (persoonsnummer {existing.pk}). Kies "
            "die persoon in plaats van een nieuwe te registreren."
        )
    return ""


def person_prepare(
    *,
    user: User,
    last_name: str,
    first_names: str = "",
    prefix: str = "",
    birth_year: int | None = None,
    birth_month: int | None = None,
    birth_day: int | None = None,
    sex: str = Sex.UNKNOWN,
    bsn: str = "",
    street: str = "",
    house_number: str = "",
    postcode: str = "",
    city: str = "",
    municipality: Municipality | None = None,
) -> Person:
    """Checks a new person, unsaved: identity data may be partial, a BSN must pass the 11-proof
    (R-REP-6) and belong to nobody yet. `persons_save` registers it."""
    _require(user, *_INTAKE)
    values = _clean_identity(
        person=None,
        last_name=last_name,
        first_names=first_names,
        prefix=prefix,
        birth_year=birth_year,
        birth_month=birth_month,
        birth_day=birth_day,
        sex=sex,
        bsn=bsn,
        street=street,
        house_number=house_number,
        postcode=postcode,
        city=city,
    )
    return Person(**values, municipality=municipality, created_by=user)


def persons_save(
    *, user: User, persons: Sequence[Person], channel: Channel = Channel.HTML
) -> list[Person]:
    """Registers persons checked by `person_prepare`, with their history, in one insert each.

    Refuses two of them with one BSN (each was checked against the register alone). The
    writes join the caller's transaction without a savepoint: a refusal comes before them, and
    a failure during them dooms the caller's transaction, so nothing is half-saved.
    """
    _require(user, *_INTAKE)
    hashes = [person.bsn_hash for person in persons if person.bsn_hash]
    if len(set(hashes)) != len(hashes):
        raise ValidationError({"bsn": "Twee nieuwe personen hebben hetzelfde BSN."})
    if not persons:
        return []
    with transaction.atomic(savepoint=False):
        saved = bulk_create_with_history(list(persons), Person, default_user=user)
        for person in saved:
            access_log_record(
                user=user,
                event=AccessEvent.CREATE,
                channel=channel,
                person_ids=[person.pk],
                resource=f"/personen/{person.pk}",
            )
    return saved


def person_create(*, user: User, channel: Channel = Channel.HTML, **identity: Any) -> Person:
    """Registers a person: `person_prepare` with the same identity fields, then `persons_save`.
    A refusal raised by the checks leaves the caller's transaction usable: the report form goes
    on checking its rows."""
    person = person_prepare(user=user, **identity)
    return persons_save(user=user, persons=[person], channel=channel)[0]


@transaction.atomic
def person_update(
    *,
    user: User,
    person: Person,
    last_name: str,
    first_names: str = "",
    prefix: str = "",
    birth_year: int | None = None,
    birth_month: int | None = None,
    birth_day: int | None = None,
    sex: str = Sex.UNKNOWN,
    bsn: str = "",
    street: str = "",
    house_number: str = "",
    postcode: str = "",
    city: str = "",
    municipality: Municipality | None = None,
    channel: Channel = Channel.HTML,
    expected_version: int | None = None,
) -> Person:
    """Replaces a person's identity and address with what was typed (same checks as create).

    With `expected_version` (the version the edit form was opened on) a person changed by
    someone else in the meantime is refused with `StalePerson`, never silently overwritten.
    """
    _require(user, Action.REGISTER_CONTACT)
    person = Person.objects.select_for_update().get(pk=person.pk)
    if expected_version is not None and person.version != expected_version:
        raise StalePerson(person)
    if person.merged_into_id is not None:
        raise Conflict("Deze persoon is samengevoegd met een andere en wijzigt niet meer.")
    values = _clean_identity(
        person=person,
        last_name=last_name,
        first_names=first_names,
        prefix=prefix,
        birth_year=birth_year,
        birth_month=birth_month,
        birth_day=birth_day,
        sex=sex,
        bsn=bsn,
        street=street,
        house_number=house_number,
        postcode=postcode,
        city=city,
    )
    values["municipality_id"] = municipality.pk if municipality else None
    changed = [name for name, value in values.items() if getattr(person, name) != value]
    if not changed:
        return person
    for name in changed:
        setattr(person, name, values[name])
    person.version += 1
    _done_by(user, person)
    person.save()
    labels = sorted(
        {
            str(_field(Person, name.removesuffix("_id")).verbose_name)
            for name in changed
            if name not in {"bsn_hash", "name_key"}
        }
    )
    access_log_record(
        user=user,
        event=AccessEvent.CHANGE,
        channel=channel,
        person_ids=[person.pk],
        resource=f"/personen/{person.pk}",
        detail=f"gewijzigd: {', '.join(labels)}",  # field names only, never values (no BSN)
    )
    return person


def household_create(
    *,
    user: User,
    name: str,
    municipality: Municipality | None = None,
    members: Sequence[tuple[Person, str]] = (),
    channel: Channel = Channel.HTML,
) -> Household:
    """A new household, with its first members (person, role) when given.

    The members of a household that does not exist yet cannot collide with anyone else's
    additions, so they are checked here and inserted together, with their history rows.
    """
    _require(user, *_INTAKE)
    for number, (person, role) in enumerate(members):
        _check_member(person, role)
        if any(other.pk == person.pk for other, _ in members[:number]):  # twice in the input
            raise ValidationError({"person": _duplicate_member(person).message})
    name = (name or "").strip()
    if not name:
        raise ValidationError(
            {"name": "Vul een naam voor het huishouden in, bijv. ‘Gezin Jansen’."}
        )
    if len(name) > NAME_LENGTH:
        raise ValidationError({"name": f"Gebruik hoogstens {NAME_LENGTH} tekens."})
    household = Household(name=name, municipality=municipality)
    _done_by(user, household)
    with transaction.atomic(savepoint=False):
        household.save()
        access_log_record(
            user=user,
            event=AccessEvent.CREATE,
            channel=channel,
            resource=f"/huishoudens/{household.pk}",
            detail=f"huishouden {household.pk} aangemaakt",
        )
        if members:
            added = bulk_create_with_history(
                [HouseholdMember(household=household, person=p, role=r) for p, r in members],
                HouseholdMember,
                default_user=user,
            )
            for member in added:
                _log_member_added(user, member, channel)
    return household


def _check_member(person: Person, role: str) -> None:
    if role not in HouseholdRole.values:
        raise ValidationError({"role": "Kies de rol van deze persoon in het huishouden."})
    if person.merged_into_id is not None:
        raise Conflict(
            "Deze persoon is samengevoegd met een andere; kies die andere persoon.", field="person"
        )


def _duplicate_member(person: Person) -> AlreadyExists:
    return AlreadyExists(f"{person.full_name} staat al in dit huishouden.", field="person")


def _log_member_added(user: User, member: HouseholdMember, channel: Channel) -> None:
    access_log_record(
        user=user,
        event=AccessEvent.CHANGE,
        channel=channel,
        person_ids=[member.person_id],
        resource=f"/huishoudens/{member.household_id}",
        detail=f"toegevoegd aan huishouden {member.household_id} als {member.get_role_display()}",
    )


@transaction.atomic
def household_add_member(
    *,
    user: User,
    household: Household,
    person: Person,
    role: str,
    channel: Channel = Channel.HTML,
) -> HouseholdMember:
    _require(user, *_INTAKE)
    _check_member(person, role)
    if HouseholdMember.objects.filter(household=household, person=person).exists():
        raise _duplicate_member(person)
    member = HouseholdMember(household=household, person=person, role=role)
    _done_by(user, member)
    try:
        with transaction.atomic():  # a savepoint: a concurrent add must not break the outer one
            member.save()
    except IntegrityError:
        raise _duplicate_member(person) from None
    _log_member_added(user, member, channel)
    return member


class RolesChangedMeanwhile(StaleVersion):
    """The member's roles changed since the form (or client) read them."""

    title = "Rollen intussen gewijzigd"


@transaction.atomic
def household_member_set_roles(
    *,
    user: User,
    household: Household,
    person: Person,
    roles: Sequence[str],
    expected_roles: Sequence[str],
    channel: Channel = Channel.HTML,
) -> HouseholdMember:
    """Gives a member every role they have in the household (issue 16.9: both victim and
    alleged perpetrator, say). `expected_roles` are the roles the form was opened with: a change
    by someone else meanwhile is refused, never overwritten silently. The main role stays when
    it is among the new ones."""
    _require(user, Action.REGISTER_CONTACT)
    chosen = [value for value in HouseholdRole.values if value in set(roles)]
    if not chosen or len(chosen) != len(set(roles)):
        raise ValidationError({"roles": "Kies minstens één rol uit de lijst."})
    member = (
        HouseholdMember.objects.select_for_update(of=("self",))
        .select_related("person")
        .filter(household=household, person=person)
        .first()
    )
    if member is None:
        raise NotFound
    if sorted(member.all_roles) != sorted(set(expected_roles)):
        raise RolesChangedMeanwhile(
            f"De rollen van {person.full_name} zijn intussen gewijzigd (nu: "
            f"{member.roles_display.lower()}). Er is niets opgeslagen; bekijk de nieuwe stand en "
            "kies opnieuw.",
            field="roles",
        )
    if chosen == member.all_roles:
        return member
    member.role = member.role if member.role in chosen else chosen[0]
    member.roles = chosen
    _done_by(user, member)
    member.save(update_fields=["role", "roles"])
    access_log_record(
        user=user,
        event=AccessEvent.CHANGE,
        channel=channel,
        person_ids=[member.person_id],
        resource=f"/huishoudens/{household.pk}",
        detail=f"rollen in huishouden {household.pk}: {member.roles_display.lower()}",
    )
    return member


@transaction.atomic
def person_merge(
    *, user: User, keep: Person, remove: Person, channel: Channel = Channel.HTML
) -> Person:
    """Merges a duplicate registration into the person kept (R-PRIV-3: logged for both).

    Everything pointing at `remove` is moved to `keep`, found through Django's relation registry
    so that links added by later apps move too. `remove` stays as a row with `merged_into` set:
    old access-log entries and history keep pointing at something.
    """
    _require(user, Action.REGISTER_CONTACT)
    if keep.pk == remove.pk:
        raise ValidationError({"remove": "Een persoon kan niet met zichzelf worden samengevoegd."})
    locked = {
        p.pk: p
        for p in Person.objects.select_for_update()
        .filter(pk__in=[keep.pk, remove.pk])
        .order_by("pk")
    }
    keep, remove = locked[keep.pk], locked[remove.pk]
    if keep.merged_into_id is not None or remove.merged_into_id is not None:
        raise AlreadyExists("Een van beide personen is al samengevoegd.", field="remove")
    if keep.bsn_hash and remove.bsn_hash and keep.bsn_hash != remove.bsn_hash:
        raise ValidationError(
            {
                "remove": "Deze personen hebben elk een ander BSN en zijn dus niet dezelfde "
                "persoon. Controleer het BSN voordat u samenvoegt."
            }
        )
    try:
        with transaction.atomic():
            _move_relations(user=user, keep=keep, remove=remove)
    except (IntegrityError, ProtectedError, RestrictedError):
        raise ValidationError(
            {
                "remove": "Samenvoegen lukt niet automatisch: een gegeven van deze persoon botst "
                "met een gegeven van de andere. Neem contact op met de functioneel beheerder."
            }
        ) from None
    # Mark `remove` merged first: only then may `keep` take over its BSN (one person per BSN).
    remove.merged_into = keep
    remove.version += 1
    _done_by(user, remove)
    remove.save(update_fields=["merged_into", "version"])
    if _fill_empty_fields(keep=keep, source=remove):
        keep.version += 1
        _done_by(user, keep)
        keep.save()
    access_log_record(
        user=user,
        event=AccessEvent.MERGE,
        channel=channel,
        person_ids=[keep.pk, remove.pk],
        resource=f"/personen/{keep.pk}",
        detail=f"persoon {remove.pk} samengevoegd met persoon {keep.pk}",
    )
    return keep


def _move_relations(*, user: User, keep: Person, remove: Person) -> None:
    for relation in Person._meta.related_objects:
        if relation.many_to_many:
            m2m: Any = relation  # a ManyToManyRel: its link rows live in the through model
            _move_links(user, m2m.through, m2m.field.m2m_reverse_field_name(), keep, remove)
        else:
            _move_links(user, relation.related_model, relation.field.name, keep, remove)


def _move_links(
    user: User, model: type[models.Model], field_name: str, keep: Person, remove: Person
) -> None:
    """Points `model.<field_name>` from `remove` to `keep`, row by row so history records it.

    A row that would duplicate a link `keep` already has (same values in a unique constraint,
    e.g. both persons in one household) is deleted instead: the link exists once, on `keep`.
    """
    partner_sets = _unique_partners(model, field_name)
    manager = model._base_manager
    for row in manager.filter(**{field_name: remove}):
        _done_by(user, row)
        duplicate = any(
            manager.filter(
                **{field_name: keep},
                **{name: getattr(row, _field(model, name).attname) for name in partners},
            ).exists()
            for partners in partner_sets
        )
        if duplicate:
            row.delete()
        else:
            setattr(row, field_name, keep)
            row.save(update_fields=[field_name])


def _unique_partners(model: type[models.Model], field_name: str) -> list[tuple[str, ...]]:
    """For each unique rule on `model` that includes `field_name`, the other fields in it."""
    sets: list[tuple[str, ...]] = []
    if _field(model, field_name).unique:
        sets.append(())
    together = [tuple(names) for names in model._meta.unique_together]
    together += [
        tuple(c.fields)
        for c in model._meta.constraints
        if isinstance(c, models.UniqueConstraint) and c.condition is None and c.fields
    ]
    sets += [
        tuple(n for n in names if n != field_name) for names in together if field_name in names
    ]
    return sets


def _fill_empty_fields(*, keep: Person, source: Person) -> bool:
    """Takes over what `keep` lacks. Dates of birth and addresses move as a whole, so one
    person never ends up with the street of one registration and the postcode of another."""
    changed = False
    for name in ("first_names", "prefix"):
        if not getattr(keep, name) and getattr(source, name):
            setattr(keep, name, getattr(source, name))
            changed = True
    if keep.sex == Sex.UNKNOWN and source.sex != Sex.UNKNOWN:
        keep.sex, changed = source.sex, True
    if not keep.bsn and source.bsn:
        keep.bsn, keep.bsn_hash, changed = source.bsn, source.bsn_hash, True
    if _date_extends(keep, source):
        keep.birth_year, keep.birth_month, keep.birth_day = (
            source.birth_year,
            source.birth_month,
            source.birth_day,
        )
        changed = True
    if not any(getattr(keep, n) for n in _ADDRESS_FIELDS) and any(
        getattr(source, n) for n in _ADDRESS_FIELDS
    ):
        for name in _ADDRESS_FIELDS:
            setattr(keep, name, getattr(source, name))
        changed = True
    if keep.municipality_id is None and source.municipality_id is not None:
        keep.municipality_id, changed = source.municipality_id, True
    keep.name_key = name_key(keep.last_name, keep.prefix)
    return changed


def _date_extends(keep: Person, source: Person) -> bool:
    """True when `source` knows more of the date of birth and agrees with what `keep` knows."""
    mine = (keep.birth_year, keep.birth_month, keep.birth_day)
    theirs = (source.birth_year, source.birth_month, source.birth_day)
    known = sum(part is not None for part in mine)
    return sum(part is not None for part in theirs) > known and mine[:known] == theirs[:known]
