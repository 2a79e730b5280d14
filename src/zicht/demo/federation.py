"""The federation demo's shared family (issue 14, `make federation`): one synthetic family known
to both demo organisations, so the national register has something to find.

Organisation A (Noord-Holland Noord) registers the mother with her BSN and the date of birth as
it is; organisation B (Amsterdam-Amstelland) knows her with a misspelled surname, day and month
swapped and without a BSN (R-REG-3), and the child without a BSN. Both cases sit in the
assessment phase with `medewerker@zicht.test` as worker, so the match shows on the case page and
in *Mijn werk* of each. Synthetic (Faker nl_NL, a fixed seed), never a real person.
"""

import random
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from faker import Faker

from zicht.accounts.models import Team
from zicht.audit.models import Channel
from zicht.cases import services as case_services
from zicht.cases.models import Case
from zicht.demo.cases import (
    ALKMAAR,
    demo_staff,
    household_name,
    seed_first_report,
    split_last_name,
    synthetic_bsn,
)
from zicht.organisation.models import Municipality
from zicht.people import services as people_services
from zicht.people.models import Household, HouseholdRole, Sex

SIDES = ("a", "b")


@dataclass(frozen=True)
class SharedMember:
    first_names: str
    prefix: str
    last_name: str
    birth_year: int
    birth_month: int
    birth_day: int
    sex: str
    bsn: str
    role: str


def misspell(name: str) -> str:
    """A typist's slip: the last two letters swapped ('Visser' → 'Visesr')."""
    return name[:-2] + name[-1] + name[-2] if len(name) > 2 and name[-1] != name[-2] else name + "e"


def shared_family(side: str) -> list[SharedMember]:
    """The family as organisation `side` ('a' or 'b') registered it."""
    fake = Faker("nl_NL")
    fake.seed_instance("federatie")
    rng = random.Random("federatie")  # noqa: S311 - synthetic demo data, not security
    prefix, last_name = split_last_name(fake.last_name())
    year = timezone.localdate().year
    # A day of at most 12 and not the month itself: swapped, it is still a valid, other date.
    month, day = rng.randint(1, 6), rng.randint(7, 12)
    mother = SharedMember(
        first_names=fake.first_name_female(),
        prefix=prefix,
        last_name=last_name,
        birth_year=year - rng.randint(28, 40),
        birth_month=month,
        birth_day=day,
        sex=Sex.FEMALE,
        bsn=synthetic_bsn(rng),
        role=HouseholdRole.VICTIM,
    )
    child = SharedMember(
        first_names=fake.first_name_male(),
        prefix=prefix,
        last_name=last_name,
        birth_year=year - rng.randint(3, 10),
        birth_month=rng.randint(1, 12),
        birth_day=rng.randint(1, 28),
        sex=Sex.MALE,
        bsn=synthetic_bsn(rng),
        role=HouseholdRole.CHILD,
    )
    if side == "a":
        return [mother, child]
    return [
        SharedMember(
            **{
                **mother.__dict__,
                "last_name": misspell(mother.last_name),
                "birth_month": mother.birth_day,
                "birth_day": mother.birth_month,
                "bsn": "",
            }
        ),
        SharedMember(**{**child.__dict__, "last_name": misspell(child.last_name), "bsn": ""}),
    ]


@transaction.atomic
def seed_shared_family(side: str) -> Case | None:
    """Registers the shared family and opens its case (idempotent: None when it exists). The case's
    opening is what the register client registers (zicht.radar.hooks), as for any new case."""
    members = shared_family(side)
    name = household_name(members[0].prefix, members[0].last_name)
    if Household.objects.filter(name=name).exists():
        return None
    staff = demo_staff()
    opener, worker = staff["frontoffice"], staff["medewerker"]
    # B's family lives in Amsterdam: outside A's region, inside B's.
    municipality = Municipality.objects.get(name="Alkmaar" if side == "a" else "Amsterdam")
    household = people_services.household_create(
        user=opener, name=name, municipality=municipality, channel=Channel.SYSTEM
    )
    for member in members:
        person = people_services.person_create(
            user=opener,
            first_names=member.first_names,
            prefix=member.prefix,
            last_name=member.last_name,
            birth_year=member.birth_year,
            birth_month=member.birth_month,
            birth_day=member.birth_day,
            sex=member.sex,
            bsn=member.bsn,
            city=municipality.name,
            municipality=municipality,
            channel=Channel.SYSTEM,
        )
        people_services.household_add_member(
            user=opener,
            household=household,
            person=person,
            role=member.role,
            channel=Channel.SYSTEM,
        )
    opened_at = timezone.now() - timedelta(days=1 if side == "a" else 0)
    case = case_services.case_open(
        user=opener,
        household=household,
        team=Team.objects.get(name=ALKMAAR),
        worker=worker,
        opened_at=opened_at,
        reason="Melding ontvangen (demogegevens, federatiedemo)",
    )
    fake = Faker("nl_NL")
    fake.seed_instance(f"federatie-{side}")
    seed_first_report(case, fake, anonymous=False)
    case_services.deadline_start(
        case=case, kind="assessment", start=timezone.localdate(opened_at), actor=worker
    )
    return case
