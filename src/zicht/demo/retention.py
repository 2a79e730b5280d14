"""Two old closed files for *Bewaren en vernietigen* (R-PRIV-4): VT's involvement with two adults
ended a little over 20 years ago, so both are due for destruction this month; one has a legal
hold (a complaint still running). A functional administrator can put the other forward and the
second administrator (`beheerder2`) approve it: the whole four-eyes path on demo data.

Made through the services as any case, then moved back in time (the opening, the deadline and the
closing), as a file from 2006 would look today. Idempotent: the "Archief" households are made once.
"""

import random
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from faker import Faker

from zicht.accounts.models import Team, User
from zicht.cases.models import Case, PhaseChange
from zicht.cases.workflow import Phase
from zicht.demo.cases import (
    Registration,
    closed_after_assessment,
    household_name,
    split_last_name,
)
from zicht.organisation.models import Municipality
from zicht.people.models import Household, HouseholdRole, Sex
from zicht.retention.services import legal_hold_place, retention_refresh

WORD = "Archief"
# Months more than the 20 years since each file closed, and the legal hold on it (if any).
TWENTY_YEARS = 7305  # days, leap days included
FILES = ((2, ""), (5, "Klacht bij de Inspectie Gezondheidszorg en Jeugd loopt nog"))


def seed(staff: dict[str, User]) -> int:
    """Adds the archive files that do not exist yet; returns how many it added."""
    if Household.objects.filter(name__startswith=f"{WORD} ").exists():
        return 0
    fake = Faker("nl_NL")
    fake.seed_instance("archief")
    rng = random.Random("archief")  # noqa: S311 - synthetic demo data
    for months, hold in FILES:
        _seed_file(staff, fake=fake, rng=rng, months=months, hold=hold)
    return len(FILES)


@transaction.atomic
def _seed_file(
    staff: dict[str, User], *, fake: Faker, rng: random.Random, months: int, hold: str
) -> Case:
    worker, admin = staff["medewerker"], staff["beheerder"]
    reg = Registration(
        opener=worker,
        municipality=Municipality.objects.get(cbs_code="GM0361"),  # Alkmaar
        fake=fake,
        rng=rng,
        street=fake.street_name(),
        house_number=str(rng.randint(1, 120)),
        postcode=fake.postcode(),
    )
    family = split_last_name(fake.last_name())
    victim = reg.person(family=family, sex=Sex.FEMALE, age=rng.randint(60, 70), with_bsn=True)
    partner = reg.person(family=family, sex=Sex.MALE, age=rng.randint(62, 72), with_bsn=True)
    household = reg.household(
        household_name(*family, word=WORD),
        [(victim, HouseholdRole.VICTIM), (partner, HouseholdRole.ALLEGED_PERPETRATOR)],
    )
    now = timezone.now()
    closed_at = now - timedelta(days=TWENTY_YEARS + 30 * months)
    opened_at = closed_at - timedelta(days=40)
    case = closed_after_assessment(
        opener=worker,
        household=household,
        team=Team.objects.get(name="Team Alkmaar en omstreken"),
        worker=worker,
        opened_at=opened_at,
    )
    _closed_back_then(case, closed_at)
    if hold:
        legal_hold_place(user=admin, number=case.number, reason=hold)
    return case


def _closed_back_then(case: Case, closed_at: datetime) -> None:
    Case.objects.filter(pk=case.pk).update(closed_at=closed_at)
    PhaseChange.objects.filter(case=case, to_phase=Phase.CLOSED).update(at=closed_at)
    case.refresh_from_db()
    retention_refresh(case=case)
