"""Persons and households. Synthetic data only (Faker nl_NL); BSNs are made to pass the 11-proof."""

import factory
from django.utils import timezone

from tests.factories import TeamFactory, UserFactory
from zicht.cases.models import Case
from zicht.people.bsn import bsn_hash
from zicht.people.matching import name_key
from zicht.people.models import Household, HouseholdMember, HouseholdRole, Person, Sex

WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2)


def valid_bsn(eight_digits: str) -> str:
    """Completes 8 digits to a BSN passing the 11-proof, or "" when no check digit fits."""
    total = sum(int(d) * w for d, w in zip(eight_digits, WEIGHTS, strict=True))
    check = total % 11
    bsn = f"{eight_digits}{check}"
    return bsn if check < 10 and bsn != "000000000" else ""


def bsn_from(n: int) -> str:
    """The n-th valid BSN counting up from 10000000: distinct for distinct n."""
    while True:
        bsn = valid_bsn(f"{10_000_000 + n:08d}")
        if bsn:
            return bsn
        n += 1_000_000  # skip to another block instead of colliding with n + 1


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    first_names = factory.Faker("first_name", locale="nl_NL")
    prefix = ""
    last_name = factory.Faker("last_name", locale="nl_NL")
    birth_year = 1985
    birth_month = 4
    birth_day = 7
    sex = Sex.UNKNOWN
    bsn = ""
    name_key = factory.LazyAttribute(lambda o: name_key(o.last_name, o.prefix))
    bsn_hash = factory.LazyAttribute(lambda o: bsn_hash(o.bsn) if o.bsn else "")

    class Params:
        with_bsn = factory.Trait(bsn=factory.Sequence(bsn_from))
        unknown_birth = factory.Trait(birth_year=None, birth_month=None, birth_day=None)


class HouseholdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Household

    name = factory.Sequence(lambda n: f"Gezin {n}")


class HouseholdMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HouseholdMember

    household = factory.SubFactory(HouseholdFactory)
    person = factory.SubFactory(PersonFactory)
    role = HouseholdRole.PARENT_CARER


_case_numbers = iter(range(1, 1_000_000))


def case_for(household: Household, user=None, team=None) -> Case:
    """A case on the household, visible to `user` through their team (for scoping tests)."""
    user = user or UserFactory()
    team = team or TeamFactory()
    team.members.add(user)
    return Case.objects.create(
        number=f"2026-{900_000 + next(_case_numbers):06d}",  # clear of numbers case_open gives
        household=household,
        team=team,
        worker=user,
        opened_at=timezone.now(),
        created_by=user,
    )
