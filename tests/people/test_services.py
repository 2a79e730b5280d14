"""Writes to persons and households: validation, duplicates, merging, the access log."""

from datetime import date

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from tests.factories import UserFactory
from tests.people.factories import (
    HouseholdFactory,
    HouseholdMemberFactory,
    PersonFactory,
    bsn_from,
)
from zicht.audit.models import AccessEvent, AccessLogEntry
from zicht.core.errors import AlreadyExists
from zicht.people import services
from zicht.people.bsn import bsn_hash
from zicht.people.models import Household, HouseholdMember, HouseholdRole, Person, Sex

pytestmark = pytest.mark.django_db


@pytest.fixture
def user():
    return UserFactory()


def _errors(excinfo) -> dict[str, list[str]]:
    return excinfo.value.message_dict


def test_create_sets_normalised_bsn_hash_and_name_key_and_logs(user):
    """R-PRIV-3: registering a person writes a CREATE entry; R-REP-6: the BSN is checked."""
    person = services.person_create(
        user=user, last_name="van der Meijden", first_names="Anna", bsn="1112.22.333"
    )
    assert person.bsn == "111222333"
    assert person.bsn_hash == bsn_hash("111222333")
    assert person.name_key == "meyden"
    assert person.created_by == user
    entry = AccessLogEntry.objects.get(person_id=person.pk)
    assert entry.event == AccessEvent.CREATE
    assert "111222333" not in f"{entry.resource} {entry.detail}"
    assert person.history.get().history_user == user


def test_prepared_persons_are_saved_together_with_history_and_log(user):
    """R-PRIV-3, R-REP-6: persons checked one by one and saved in one insert each get their
    history row and their CREATE entry; two of them with one BSN are refused before any write."""
    first = services.person_prepare(user=user, last_name="Smit", first_names="Piet")
    second = services.person_prepare(user=user, last_name="Smit", bsn="111222333")
    assert first.pk is None
    saved = services.persons_save(user=user, persons=[first, second])
    assert [p.pk for p in saved] == [first.pk, second.pk] and None not in (first.pk, second.pk)
    for person in saved:
        assert person.history.get().history_user == user
        assert AccessLogEntry.objects.get(person_id=person.pk).event == AccessEvent.CREATE
    twins = [services.person_prepare(user=user, last_name="Bos", bsn="123456782") for _ in "ab"]
    with pytest.raises(ValidationError) as excinfo:
        services.persons_save(user=user, persons=twins)
    assert "hetzelfde BSN" in _errors(excinfo)["bsn"][0]
    assert not Person.objects.filter(last_name="Bos").exists()


def test_create_refuses_a_bsn_failing_the_11_proof(user):
    """R-REP-6: a BSN, when given, must pass the 11-proof."""
    with pytest.raises(ValidationError) as excinfo:
        services.person_create(user=user, last_name="Jansen", bsn="123456789")
    assert "elfproef" in _errors(excinfo)["bsn"][0]
    assert not Person.objects.exists()


@pytest.mark.parametrize(
    ("year", "month", "day"),
    [(None, None, None), (1985, None, None), (1985, 4, None), (1985, 4, 7), (2024, 2, 29)],
)
def test_partial_dates_of_birth_are_accepted(user, year, month, day):
    """R-REP-6: other identity data may be partial: year only, or year and month."""
    person = services.person_create(
        user=user, last_name="Jansen", birth_year=year, birth_month=month, birth_day=day
    )
    assert (person.birth_year, person.birth_month, person.birth_day) == (year, month, day)


@time_machine.travel(date(2026, 6, 15))
@pytest.mark.parametrize(
    ("year", "month", "day", "field", "text"),
    [
        (2023, 2, 29, "birth_day", "februari 2023 heeft 28 dagen"),
        (1985, 4, 31, "birth_day", "april 1985 heeft 30 dagen"),
        (1985, 13, None, "birth_month", "1 tot en met 12"),
        (2027, None, None, "birth_year", "toekomst"),
        (2026, 7, None, "birth_month", "toekomst"),
        (2026, 6, 16, "birth_day", "toekomst"),
        (1850, None, None, "birth_year", "vanaf 1900"),
        (None, 4, None, "birth_year", "geboortejaar"),
        (1985, None, 7, "birth_month", "geboortemaand"),
    ],
)
def test_impossible_or_future_dates_are_refused_at_the_field(user, year, month, day, field, text):
    """R-REP-6: a partial date is allowed, an impossible or future one is not."""
    with pytest.raises(ValidationError) as excinfo:
        services.person_create(
            user=user, last_name="Jansen", birth_year=year, birth_month=month, birth_day=day
        )
    assert text in _errors(excinfo)[field][0]


def test_last_name_is_required_and_all_errors_come_at_once(user):
    with pytest.raises(ValidationError) as excinfo:
        services.person_create(user=user, last_name=" ", bsn="123", postcode="12345", sex="q")
    assert set(_errors(excinfo)) == {"last_name", "bsn", "postcode", "sex"}


def test_postcode_is_normalised(user):
    assert services.person_create(user=user, last_name="A", postcode="1234ab").postcode == "1234 AB"


def test_duplicate_bsn_points_to_the_existing_person_without_printing_it(user):
    existing = PersonFactory(bsn="111222333")
    with pytest.raises(ValidationError) as excinfo:
        services.person_create(user=user, last_name="Anders", bsn="111222333")
    message = _errors(excinfo)["bsn"][0]
    assert f"persoonsnummer {existing.pk}" in message
    assert "111222333" not in message


def test_bsn_of_a_merged_person_does_not_block(user):
    keep = PersonFactory()
    PersonFactory(bsn="111222333", merged_into=keep)
    assert services.person_create(user=user, last_name="X", bsn="111222333").pk


def test_role_without_client_work_may_not_register():
    with pytest.raises(PermissionDenied):
        services.person_create(user=UserFactory(policy_control=True), last_name="Jansen")


def test_update_validates_logs_change_and_keeps_history(user):
    """R-PRIV-3: a change is logged with the field names, never the values."""
    person = services.person_create(user=user, last_name="Jansen", bsn="111222333")
    other = UserFactory()
    services.person_update(
        user=other, person=person, last_name="Janssen", bsn="123456782", sex=Sex.FEMALE
    )
    person.refresh_from_db()
    assert (person.last_name, person.bsn, person.sex) == ("Janssen", "123456782", Sex.FEMALE)
    assert person.name_key == "jansen"
    change = AccessLogEntry.objects.get(event=AccessEvent.CHANGE)
    assert change.detail == "gewijzigd: BSN, achternaam, geslacht"
    assert person.history.first().history_user == other
    with pytest.raises(ValidationError) as excinfo:
        services.person_update(user=user, person=person, last_name="Janssen", bsn="123456789")
    assert "bsn" in _errors(excinfo)


def test_update_may_keep_its_own_bsn(user):
    person = services.person_create(user=user, last_name="Jansen", bsn="111222333")
    services.person_update(user=user, person=person, last_name="Jansen", bsn="111222333")


def test_household_member_added_twice_is_refused_as_already_there(user):
    """A conflict with what is stored (409), not invalid input; the field is named."""
    household = HouseholdFactory()
    person = PersonFactory()
    services.household_add_member(
        user=user, household=household, person=person, role=HouseholdRole.VICTIM
    )
    with pytest.raises(AlreadyExists, match="staat al in dit huishouden") as excinfo:
        services.household_add_member(
            user=user, household=household, person=person, role=HouseholdRole.CHILD
        )
    assert excinfo.value.field == "person"
    assert HouseholdMember.objects.count() == 1


def test_household_add_member_refuses_unknown_role_and_logs_the_change(user):
    household = services.household_create(user=user, name="Gezin Jansen")
    person = PersonFactory()
    with pytest.raises(ValidationError) as excinfo:
        services.household_add_member(user=user, household=household, person=person, role="x")
    assert "role" in _errors(excinfo)
    services.household_add_member(
        user=user, household=household, person=person, role=HouseholdRole.CHILD
    )
    assert AccessLogEntry.objects.filter(event=AccessEvent.CHANGE, person_id=person.pk).exists()


def test_household_created_with_members_writes_them_their_history_and_log(user):
    """R-PRIV-3: each member added with a new household gets its own CHANGE entry, and the
    change history names the user, as when members are added one by one."""
    father, child = PersonFactory(), PersonFactory()
    household = services.household_create(
        user=user,
        name="Gezin Jansen",
        members=[(father, HouseholdRole.PARENT_CARER), (child, HouseholdRole.CHILD)],
    )
    members = household.members.order_by("person_id")
    assert [(m.person_id, m.role) for m in members] == sorted(
        [(father.pk, HouseholdRole.PARENT_CARER), (child.pk, HouseholdRole.CHILD)]
    )
    for member in members:
        assert [h.history_user for h in member.history.all()] == [user]
    for person in (father, child):
        entry = AccessLogEntry.objects.get(event=AccessEvent.CHANGE, person_id=person.pk)
        assert entry.detail.startswith(f"toegevoegd aan huishouden {household.pk} als ")


def test_household_created_with_a_person_twice_or_a_bad_role_is_refused_whole(user):
    person = PersonFactory()
    with pytest.raises(ValidationError) as excinfo:
        services.household_create(
            user=user,
            name="Gezin Jansen",
            members=[(person, HouseholdRole.CHILD), (person, HouseholdRole.VICTIM)],
        )
    assert "staat al in dit huishouden" in _errors(excinfo)["person"][0]
    with pytest.raises(ValidationError) as excinfo:
        services.household_create(user=user, name="Gezin Jansen", members=[(person, "x")])
    assert "role" in _errors(excinfo)
    assert not Household.objects.exists()


def test_household_needs_a_name(user):
    with pytest.raises(ValidationError) as excinfo:
        services.household_create(user=user, name="  ")
    assert "name" in _errors(excinfo)


# Merging ----------------------------------------------------------------------------------------


def test_merge_moves_memberships_fills_gaps_and_logs_both(user):
    """R-PRIV-3: a merge writes a MERGE entry for both persons."""
    keep = PersonFactory(last_name="Jansen", first_names="", bsn="", unknown_birth=True)
    remove = PersonFactory(
        last_name="Janssen", first_names="Piet", bsn="111222333", street="Dorpsstraat",
        house_number="1", postcode="1234 AB", city="Alkmaar", sex=Sex.MALE,
    )  # fmt: skip
    shared, only_remove = HouseholdFactory(), HouseholdFactory()
    HouseholdMemberFactory(household=shared, person=keep, role=HouseholdRole.VICTIM)
    HouseholdMemberFactory(household=shared, person=remove, role=HouseholdRole.CHILD)
    HouseholdMemberFactory(household=only_remove, person=remove, role=HouseholdRole.WITNESS)
    earlier = PersonFactory(merged_into=remove)  # an earlier merge into `remove` follows along

    services.person_merge(user=user, keep=keep, remove=remove)

    keep.refresh_from_db()
    remove.refresh_from_db()
    assert remove.merged_into == keep
    earlier.refresh_from_db()
    assert earlier.merged_into == keep
    memberships = {(m.household_id, m.role) for m in keep.memberships.all()}
    assert memberships == {(shared.pk, HouseholdRole.VICTIM), (only_remove.pk, "witness")}
    assert not remove.memberships.exists()
    assert (keep.first_names, keep.bsn, keep.sex) == ("Piet", "111222333", Sex.MALE)
    assert (keep.birth_year, keep.birth_month, keep.birth_day) == (1985, 4, 7)
    assert (keep.street, keep.postcode, keep.city) == ("Dorpsstraat", "1234 AB", "Alkmaar")
    assert keep.last_name == "Jansen"  # what keep knew stays
    logged = AccessLogEntry.objects.filter(event=AccessEvent.MERGE)
    assert set(logged.values_list("person_id", flat=True)) == {keep.pk, remove.pk}


def test_merge_keeps_a_partial_address_whole(user):
    keep = PersonFactory(city="Hoorn")
    remove = PersonFactory(street="Dorpsstraat", city="Alkmaar")
    services.person_merge(user=user, keep=keep, remove=remove)
    keep.refresh_from_db()
    assert (keep.street, keep.city) == ("", "Hoorn")


@pytest.mark.parametrize(
    ("keep_date", "remove_date", "expected"),
    [
        ((1985, None, None), (1985, 4, 7), (1985, 4, 7)),
        ((1985, 4, None), (1985, 4, 7), (1985, 4, 7)),
        ((1985, 5, None), (1985, 4, 7), (1985, 5, None)),  # disagrees: keep what keep knew
        ((1985, 4, 7), (None, None, None), (1985, 4, 7)),
    ],
)
def test_merge_extends_a_partial_date_of_birth_only_when_consistent(
    user, keep_date, remove_date, expected
):
    keep = PersonFactory(birth_year=keep_date[0], birth_month=keep_date[1], birth_day=keep_date[2])
    remove = PersonFactory(
        birth_year=remove_date[0], birth_month=remove_date[1], birth_day=remove_date[2]
    )
    services.person_merge(user=user, keep=keep, remove=remove)
    keep.refresh_from_db()
    assert (keep.birth_year, keep.birth_month, keep.birth_day) == expected


def test_merge_refuses_itself_conflicting_bsns_and_merged_persons(user):
    person = PersonFactory()
    with pytest.raises(ValidationError) as excinfo:
        services.person_merge(user=user, keep=person, remove=person)
    assert "zichzelf" in _errors(excinfo)["remove"][0]

    a, b = PersonFactory(bsn=bsn_from(1)), PersonFactory(bsn=bsn_from(2))
    with pytest.raises(ValidationError) as excinfo:
        services.person_merge(user=user, keep=a, remove=b)
    assert "ander BSN" in _errors(excinfo)["remove"][0]

    c = PersonFactory()
    services.person_merge(user=user, keep=a, remove=c)
    with pytest.raises(AlreadyExists, match="al samengevoegd"):
        services.person_merge(user=user, keep=b, remove=c)
    assert not AccessLogEntry.objects.filter(event=AccessEvent.MERGE, person_id=b.pk).exists()


def test_merge_records_the_move_in_history(user):
    """The moved membership is saved row by row, so its history says who moved it."""
    keep, remove = PersonFactory(), PersonFactory()
    member = HouseholdMemberFactory(person=remove)
    services.person_merge(user=user, keep=keep, remove=remove)
    member.refresh_from_db()
    assert member.person == keep
    assert member.history.first().history_user == user
    assert remove.history.first().history_user == user


@pytest.mark.django_db
def test_database_refuses_a_second_person_with_the_same_bsn():
    """R-REP-6: one person per BSN, held by the database too (two intakes at the same moment)."""
    from django.db import IntegrityError, transaction

    from zicht.people.bsn import bsn_hash
    from zicht.people.models import Person

    Person.objects.create(
        last_name="Een", name_key="een", bsn="111222333", bsn_hash=bsn_hash("111222333")
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Person.objects.create(
            last_name="Twee", name_key="twee", bsn="111222333", bsn_hash=bsn_hash("111222333")
        )


def test_stale_person_edit_is_refused_and_nothing_changes(user):
    """Two users editing one person: the second save, on the old version, is refused."""
    person = services.person_create(user=user, last_name="Jansen")
    opened = person.version
    services.person_update(user=user, person=person, last_name="Janssen", expected_version=opened)
    with pytest.raises(services.StalePerson) as excinfo:
        services.person_update(
            user=user, person=person, last_name="Jansma", expected_version=opened
        )
    assert "intussen door iemand anders gewijzigd" in str(excinfo.value)
    person.refresh_from_db()
    assert (person.last_name, person.version) == ("Janssen", opened + 1)
